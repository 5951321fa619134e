package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
)

const linguaTestDataDir = "../../../shared/data/lingua-language-testdata"

// TestRunEvalLang runs the command on 4 items of each file of the real set
// and checks the human lines and the JSON last line.
func TestRunEvalLang(t *testing.T) {
	if _, err := os.Stat(linguaTestDataDir + "/sentences/en.txt.gz"); err != nil {
		t.Skipf("lingua test data not available (%v); it lives in shared/data/lingua-language-testdata", err)
	}
	var out bytes.Buffer
	if err := runEvalLang([]string{"--data", linguaTestDataDir, "--limit", "4"}, &out, io.Discard); err != nil {
		t.Fatalf("eval lang: %v\n%s", err, out.String())
	}
	for _, want := range []string{"75 languages", "900 items", "file by file", "\n  en  ", "sentences    mean accuracy", "time per item", "peak RSS", "model tables loaded", "; 0 unreadable"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	var fields map[string]float64
	if err := json.Unmarshal([]byte(last), &fields); err != nil {
		t.Fatalf("the last line is not one JSON object of numbers: %v\n%s", err, last)
	}
	keys := []string{"sentences", "word_pairs", "single_words", "languages", "ms_per_item", "peak_rss_mb"}
	for _, key := range keys {
		if _, ok := fields[key]; !ok {
			t.Errorf("the JSON line lacks %q: %s", key, last)
		}
	}
	if len(fields) != len(keys) {
		t.Errorf("the JSON line has %d keys, want exactly %d: %s", len(fields), len(keys), last)
	}
	if fields["languages"] != 75 {
		t.Errorf("languages = %v, want 75", fields["languages"])
	}
	// 4 items a language are too few to hold the detector to its targets;
	// they are enough to catch a scoring or wiring mistake.
	for key, floor := range map[string]float64{"sentences": 0.85, "word_pairs": 0.6, "single_words": 0.4} {
		if v := fields[key]; v < floor || v > 1 {
			t.Errorf("%s = %v on 4 items a language; want between %v and 1", key, v, floor)
		}
	}
	if fields["ms_per_item"] <= 0 || fields["peak_rss_mb"] <= 0 {
		t.Errorf("ms_per_item = %v, peak_rss_mb = %v; want the measured figures", fields["ms_per_item"], fields["peak_rss_mb"])
	}
}

// TestRunEvalLangShuffle checks that --shuffle changes only the order:
// the pipeline's detector keeps no state between texts, so every
// accuracy must come out the same as file by file.
func TestRunEvalLangShuffle(t *testing.T) {
	if _, err := os.Stat(linguaTestDataDir + "/sentences/en.txt.gz"); err != nil {
		t.Skipf("lingua test data not available (%v); it lives in shared/data/lingua-language-testdata", err)
	}
	run := func(args ...string) (string, map[string]float64) {
		var out bytes.Buffer
		if err := runEvalLang(append([]string{"--data", linguaTestDataDir, "--limit", "2"}, args...), &out, io.Discard); err != nil {
			t.Fatalf("eval lang %q: %v", args, err)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var fields map[string]float64
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &fields); err != nil {
			t.Fatalf("eval lang %q: last line: %v", args, err)
		}
		return out.String(), fields
	}
	_, inOrder := run()
	out, shuffled := run("--shuffle", "--seed", "7")
	if !strings.Contains(out, "shuffled, seed 7") {
		t.Errorf("the shuffled run does not say so:\n%s", out)
	}
	for _, key := range []string{"sentences", "word_pairs", "single_words"} {
		if inOrder[key] != shuffled[key] {
			t.Errorf("%s: %v file by file, %v shuffled; want the same", key, inOrder[key], shuffled[key])
		}
	}
}

func TestRunEvalLangBadArgs(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "no data set given"},
		{[]string{"--data", t.TempDir()}, "sentences/*.txt.gz"},
		{[]string{"--data", "x", "--limit", "-1"}, "negative"},
		{[]string{"--data", "x", "extra"}, "unexpected argument"},
	}
	for _, c := range cases {
		err := runEvalLang(c.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "eval lang: ") {
			t.Errorf("runEvalLang(%q) = %v; want an error naming the command and saying %q", c.args, err, c.want)
		}
	}
}
