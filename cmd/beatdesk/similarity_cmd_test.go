package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// simInput holds one same-story pair across languages and one pair of
// different stories, plus a blank line, which is skipped.
var simInput = strings.Join([]string{
	`{"pair_id": "storm", "lang1": "en", "lang2": "pl", "text1": "Strong wind tears roof off ski rental shop in Bukowina Tatrzańska, two dead\nA strong wind tore the roof off a ski rental shop in Bukowina Tatrzańska on Monday, killing two people and injuring 14, police in Zakopane said. Rescuers from TOPR flew the injured to Kraków.", "text2": "Bukowina Tatrzańska. Silny wiatr zerwał dach z wypożyczalni. Dwie osoby nie żyją\nSilny wiatr zerwał w poniedziałek dach z wypożyczalni nart w Bukowinie Tatrzańskiej. Dwie osoby nie żyją, 14 zostało rannych, poinformowała policja w Zakopanem. Ratownicy TOPR przetransportowali rannych do Krakowa."}`,
	``,
	`{"pair_id": "apart", "lang1": "en", "lang2": "en", "text1": "Central bank holds rates\nThe central bank left interest rates unchanged on Thursday and said inflation would ease next year.", "text2": "Club sacks manager\nThe football club sacked its manager after a run of six defeats, the worst start to a season in two decades.", "Overall": 4.0}`,
}, "\n")

func TestSimilarityCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := runSimilarity(nil, strings.NewReader(simInput), &out, &errOut); err != nil {
		t.Fatalf("similarity: %v (stderr %q)", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d output lines, want 2:\n%s", len(lines), out.String())
	}
	scores := map[string]float64{}
	for i, line := range lines {
		var got struct {
			PairID *string  `json:"pair_id"`
			Score  *float64 `json:"score"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil || got.PairID == nil || got.Score == nil {
			t.Fatalf("line %d %q: want {\"pair_id\", \"score\"} (%v)", i+1, line, err)
		}
		if *got.Score < 0 || *got.Score > 1 {
			t.Errorf("%s: score %v outside [0, 1]", *got.PairID, *got.Score)
		}
		scores[*got.PairID] = *got.Score
	}
	if lines[0] == "" || !strings.Contains(lines[0], `"storm"`) {
		t.Errorf("output out of order: first line %q, want the storm pair", lines[0])
	}
	if scores["storm"] < 0.5 || scores["apart"] > 0.2 {
		t.Errorf("scores %v: want the same-story pair at least 0.5 and the different one at most 0.2", scores)
	}
}

func TestSimilarityCommandDetectsMissingLanguages(t *testing.T) {
	in := strings.ReplaceAll(simInput, `"lang1": "en", "lang2": "pl", `, "")
	var out, errOut bytes.Buffer
	if err := runSimilarity(nil, strings.NewReader(in), &out, &errOut); err != nil {
		t.Fatalf("similarity: %v", err)
	}
	if !strings.Contains(out.String(), `"pair_id":"storm"`) {
		t.Errorf("no score for the pair without languages:\n%s", out.String())
	}
}

func TestSimilarityCommandRejectsBadLines(t *testing.T) {
	good := `{"pair_id": "a", "text1": "one text", "text2": "another"}`
	cases := []struct {
		name, line, want string
	}{
		{"not JSON", `pair a: one, another`, "line 2: not a JSON object"},
		{"broken JSON", `{"pair_id": "a", "text1": "x"`, "line 2: not valid JSON"},
		{"array", `["a", "x", "y"]`, "line 2: not a JSON object"},
		{"number text", `{"pair_id": "a", "text1": 3, "text2": "y"}`, `line 2: field "text1" is a JSON number, want a string`},
		{"missing text2", `{"pair_id": "a", "text1": "x"}`, `line 2: no "text2" field`},
		{"missing id", `{"text1": "x", "text2": "y"}`, `line 2: no "pair_id" field`},
		{"empty text", `{"pair_id": "a", "text1": "  ", "text2": "y"}`, `line 2: "text1" is empty`},
		{"bad language", `{"pair_id": "a", "text1": "x", "text2": "y", "lang2": "English"}`, `line 2: "lang2" is "English"`},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		err := runSimilarity(nil, strings.NewReader(good+"\n"+c.line+"\n"), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if out.Len() > 0 {
			t.Errorf("%s: printed %q before failing; want nothing", c.name, out.String())
		}
	}
	var out, errOut bytes.Buffer
	if err := runSimilarity([]string{"pairs.jsonl"}, strings.NewReader(good), &out, &errOut); err == nil || !strings.Contains(err.Error(), "standard input") {
		t.Errorf("a file argument: error %v, want one saying the pairs come on standard input", err)
	}
}

func TestSimLangTag(t *testing.T) {
	for tag, want := range map[string]bool{
		"": true, "en": true, "pt-br": true, "zh-hant": true, "fil": true,
		"english": false, "e": false, "en-": false, "1a": false, "en us": false,
	} {
		if got := simLangTag(tag); got != want {
			t.Errorf("simLangTag(%q) = %v, want %v", tag, got, want)
		}
	}
}
