package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const semevalDir = "../../../shared/data/semeval2022-task8-hfl-sample"

func TestEvalSimilarityOnASample(t *testing.T) {
	if _, err := os.Stat(filepath.Join(semevalDir, "pairs.dev.jsonl")); err != nil {
		t.Skipf("SemEval sample absent (%v); see /work/shared/data/README.md", err)
	}
	var out, errOut bytes.Buffer
	if err := runEvalSimilarity([]string{"--data", semevalDir, "--limit", "150"}, &out, &errOut); err != nil {
		t.Fatalf("eval similarity: %v (stderr %q)", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var res struct {
		Pearson      *float64 `json:"pearson"`
		PearsonCross *float64 `json:"pearson_cross"`
		Pairs        int      `json:"pairs"`
		PairsCross   int      `json:"pairs_cross"`
		PairsPerS    float64  `json:"pairs_per_s"`
	}
	last := lines[len(lines)-1]
	if err := json.Unmarshal([]byte(last), &res); err != nil {
		t.Fatalf("last line %q is not the JSON result: %v", last, err)
	}
	if res.Pairs != 150 || res.PairsCross == 0 || res.PairsCross >= 150 {
		t.Errorf("pairs %d (cross %d), want 150 with some across languages", res.Pairs, res.PairsCross)
	}
	// On 150 pairs r wanders; 0.5 is far below the full sample's 0.70 but
	// well above what a broken score gives.
	if res.Pearson == nil || *res.Pearson < 0.5 || *res.Pearson > 1 {
		t.Errorf("pearson %v, want between 0.5 and 1\n%s", res.Pearson, out.String())
	}
	if res.PairsPerS <= 0 {
		t.Errorf("pairs_per_s %v, want a rate", res.PairsPerS)
	}
	for _, want := range []string{"across languages", "de-en", "TF-IDF cosine", "targets:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestEvalSimilarityRejectsBadArguments(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pairs.dev.jsonl"), []byte(`{"pair_id": "a", "text1": "x", "text2": "y", "Overall": 9}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{nil, "no data set given"},
		{[]string{"--data", dir, "--limit", "-1"}, "negative"},
		{[]string{"--data", dir, "extra"}, `unexpected argument "extra"`},
		{[]string{"--data", t.TempDir()}, "--data names the folder holding pairs.dev.jsonl"},
		{[]string{"--data", dir}, "line 1: want text1, text2 and Overall between 1 and 4"},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		err := runEvalSimilarity(c.args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.args, err, c.want)
		}
	}
}
