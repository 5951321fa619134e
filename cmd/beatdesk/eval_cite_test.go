package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
)

// TestRunEvalCite runs the whole evaluation (the demo corpus is small and
// embedded) and holds the verifier to the targets.
func TestRunEvalCite(t *testing.T) {
	var out bytes.Buffer
	if err := runEvalCite([]string{"--show", "20"}, &out, io.Discard); err != nil {
		t.Fatalf("eval cite: %v\n%s", err, out.String())
	}
	if testing.Verbose() || os.Getenv("BEATDESK_EVAL_FULL") != "" {
		t.Log("\n" + out.String())
	}
	for _, want := range []string{"number ", "date ", "entity ", "quote ", "citation ", "untouched claims flagged"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var res struct {
		Caught     *float64 `json:"caught"`
		FalseFlags *float64 `json:"false_flags"`
		Claims     int      `json:"claims"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil || res.Caught == nil || res.FalseFlags == nil {
		t.Fatalf("the last line is not the JSON result (%v): %s", err, lines[len(lines)-1])
	}
	if res.Claims < 200 {
		t.Errorf("claims = %d; the demo corpus should give hundreds", res.Claims)
	}
	if *res.Caught < targetCiteCaught || *res.FalseFlags > targetCiteFalseFlags {
		t.Errorf("caught %.4f, false flags %.4f; targets >= %.2f and <= %.2f\n%s", *res.Caught, *res.FalseFlags, targetCiteCaught, targetCiteFalseFlags, out.String())
	}
}

func TestClaimForms(t *testing.T) {
	got := claimForms(`According to Gulf Wire, “Prices rose 12%.” [2]`)
	if len(got) != 2 || got[1] != "According to Gulf Wire, Prices rose 12%. [2]" {
		t.Errorf("claimForms = %q", got)
	}
	if got := claimForms("Prices rose 12% [2]."); len(got) != 1 {
		t.Errorf("a claim without quotes has %d forms, want 1", len(got))
	}
}
