package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
)

const trafilaturaEvalDir = "../../../shared/data/trafilatura-eval"

// TestRunEvalExtract runs the command on 20 pages of the real set and
// checks the human lines and the JSON last line.
func TestRunEvalExtract(t *testing.T) {
	if _, err := os.Stat(trafilaturaEvalDir + "/evaldata.json"); err != nil {
		t.Skipf("trafilatura evaluation set not available (%v); it lives in shared/data/trafilatura-eval", err)
	}
	var out bytes.Buffer
	if err := runEvalExtract([]string{"--data", trafilaturaEvalDir, "--limit", "20"}, &out, io.Discard); err != nil {
		t.Fatalf("eval extract: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for _, want := range []string{"20 pages", "precision ", "date accuracy ", "time per page"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	last := lines[len(lines)-1]
	var fields map[string]float64
	if err := json.Unmarshal([]byte(last), &fields); err != nil {
		t.Fatalf("the last line is not one JSON object of numbers: %v\n%s", err, last)
	}
	for _, key := range []string{"precision", "recall", "f1", "date_accuracy", "pages", "ms_per_page"} {
		if _, ok := fields[key]; !ok {
			t.Errorf("the JSON line lacks %q: %s", key, last)
		}
	}
	if len(fields) != 6 {
		t.Errorf("the JSON line has %d keys, want exactly 6: %s", len(fields), last)
	}
	if fields["pages"] != 20 {
		t.Errorf("pages = %v, want 20 (--limit 20)", fields["pages"])
	}
	for _, key := range []string{"precision", "recall", "f1", "date_accuracy"} {
		// 20 pages are too few to hold the extractor to its targets; they
		// are enough to catch a scoring or wiring mistake.
		if v := fields[key]; v < 0.5 || v > 1 {
			t.Errorf("%s = %v on 20 pages; want between 0.5 and 1", key, v)
		}
	}
	if fields["ms_per_page"] <= 0 {
		t.Errorf("ms_per_page = %v; want the measured time", fields["ms_per_page"])
	}
}

func TestRunEvalExtractBadArgs(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "no data set given"},
		{[]string{"--data", t.TempDir()}, "evaldata.json"},
		{[]string{"--data", "x", "--limit", "-1"}, "negative"},
		{[]string{"--data", "x", "extra"}, "unexpected argument"},
	}
	for _, c := range cases {
		err := runEvalExtract(c.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "eval extract: ") {
			t.Errorf("runEvalExtract(%q) = %v; want an error naming the command and saying %q", c.args, err, c.want)
		}
	}
}
