package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const claimSetsDir = "../../../shared/data"

// TestRunEvalVerify runs the command on a spread subset of each claim set
// and checks its report; BEATDESK_EVAL_FULL=1 runs every claim and logs the
// whole report (the figures the command prints once wired into main).
func TestRunEvalVerify(t *testing.T) {
	for _, set := range []string{"summedits-news", "qags-sentences"} {
		dir := filepath.Join(claimSetsDir, set)
		if _, err := os.Stat(filepath.Join(dir, "claims.dev.jsonl")); err != nil {
			t.Skipf("claim set %s not available (%v); it lives in shared/data/%s", set, err, set)
		}
		args := []string{"--data", dir, "--limit", "60"}
		if os.Getenv("BEATDESK_EVAL_FULL") != "" {
			args = args[:2]
		}
		var out bytes.Buffer
		if err := runEvalVerify(args, &out, io.Discard); err != nil {
			t.Fatalf("eval verify %s: %v\n%s", set, err, out.String())
		}
		if testing.Verbose() {
			t.Logf("%s:\n%s", set, out.String())
		}
		for _, want := range []string{"overall: balanced accuracy", "origin ", "time per claim"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: output lacks %q:\n%s", set, want, out.String())
			}
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var res map[string]float64
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
			t.Fatalf("%s: the last line is not one JSON object of numbers: %v", set, err)
		}
		if len(res) != 3 || res["claims"] < 60 || res["ms_per_claim"] <= 0 {
			t.Errorf("%s: last line %v; want balanced_accuracy, claims >= 60 and a measured ms_per_claim", set, res)
		}
		// A verifier that answers at random scores about 0.5; the subset is
		// too small to hold it to the targets, enough to catch a wiring or
		// scoring mistake.
		if ba := res["balanced_accuracy"]; ba < 0.6 || ba > 1 {
			t.Errorf("%s: balanced accuracy %v on the subset; want between 0.6 and 1", set, ba)
		}
	}
}

func TestRunEvalVerifyBadArgs(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--data"},
		{"--data", t.TempDir()},
		{"--data", ".", "--limit", "-1"},
		{"stray"},
	} {
		if err := runEvalVerify(args, io.Discard, io.Discard); err == nil {
			t.Errorf("eval verify %q: no error", args)
		}
	}
}

func TestConfusionBalanced(t *testing.T) {
	var c verifyConfusion
	for _, x := range []struct {
		label int
		ok    bool
	}{{1, true}, {1, true}, {1, false}, {0, false}, {0, true}, {0, true}, {0, true}} {
		c.add(x.label, x.ok)
	}
	// Recall on supported 2/3, on unsupported 1/4.
	if got, want := c.balanced(), (2.0/3+1.0/4)/2; got < want-1e-9 || got > want+1e-9 {
		t.Errorf("balanced() = %v, want %v", got, want)
	}
}
