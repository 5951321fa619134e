package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScoreSegments(t *testing.T) {
	e := evalEntry{
		With:    []string{"the  bridge\nwill close", "repairs\u00a0take a year", "not in the output"},
		Without: []string{"Read more", "Sign up"},
	}
	tp, fn, fp, tn := scoreSegments(e, "The council said the bridge will close.\n\nRepairs take a year, said the engineer.\n\nSign up  for news")
	// "repairs take a year" is lower case in the segment: the metric is
	// case-sensitive, as upstream's.
	if tp != 1 || fn != 2 || fp != 1 || tn != 1 {
		t.Errorf("tp %d fn %d fp %d tn %d, want 1 2 1 1", tp, fn, fp, tn)
	}
	tp, fn, fp, tn = scoreSegments(e, "")
	if tp != 0 || fn != 3 || fp != 0 || tn != 2 {
		t.Errorf("empty output: tp %d fn %d fp %d tn %d, want every with missed and every without absent", tp, fn, fp, tn)
	}
}

func TestNormaliseSpace(t *testing.T) {
	// Python's \s, which the metric is defined with, matches the no-break
	// space and the U+001C..U+001F separators; Go's \s does not.
	for in, want := range map[string]string{
		"  a \t b\n\nc ":  "a b c",
		"10\u00a0km":      "10 km",
		"a\u2009b\u3000c": "a b c",
		"x\x1fy":          "x y",
		"":                "",
	} {
		if got := normaliseSpace(in); got != want {
			t.Errorf("normaliseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGoldDayIsExact(t *testing.T) {
	// The README scores dates by exact YYYY-MM-DD match: a gold typo is
	// kept as written, so no extracted date can equal it.
	for in, want := range map[string]string{
		"2022-01-26":   "2022-01-26",
		" 2022-01-26 ": "2022-01-26",
		"2022-11-1":    "2022-11-1",
	} {
		if got := goldDay(in); got != want {
			t.Errorf("goldDay(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Evaluate(dir, 0, nil); err == nil || !strings.Contains(err.Error(), "evaldata.json") {
		t.Errorf("missing set: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "evaldata.json"), []byte("[1,2]"), 0o644)
	if _, err := Evaluate(dir, 0, nil); err == nil || !strings.Contains(err.Error(), "not the evaluation set") {
		t.Errorf("wrong JSON: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "evaldata.json"), []byte(`{"https://a.example/":{"path":"html/missing.html.gz","with":["x"]}}`), 0o644)
	if _, err := Evaluate(dir, 0, nil); err == nil || !strings.Contains(err.Error(), "https://a.example/") {
		t.Errorf("missing page: err = %v", err)
	}
}
