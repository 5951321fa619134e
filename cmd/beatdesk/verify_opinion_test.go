package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"beatdesk/internal/llm/llmtest"
)

// TestVerifySecondOpinion: with --second-opinion, the model decides the
// claims whose score is near the threshold (a faithful paraphrase is then
// supported) and is not asked about clear cases.
func TestVerifySecondOpinion(t *testing.T) {
	srv := llmtest.Start(t,
		llmtest.Reply{Body: llmtest.OpenAIChat(`{"supported": true, "reason": "a paraphrase of the first sentence"}`, 90, 10)},
		llmtest.Reply{Body: llmtest.OpenAIChat(`{"supported": false, "reason": "the source does not say factions fought"}`, 90, 10)})
	t.Setenv("BEATDESK_LLM_URL", srv.URL+"/v1")
	t.Setenv("BEATDESK_LLM_MODEL", "judge")

	source := "At least 1,340 people have fled villages in the highlands of Sinaloa state since Tuesday, the state human rights commission said."
	lines := []map[string]any{
		{"id": 1, "source": source, "claim": "Since Tuesday at least 1,340 residents abandoned highland villages in Sinaloa, the commission said."},
		{"id": 2, "source": source, "claim": "At least 1,340 people have fled villages in the highlands of Sinaloa state since Tuesday."},
		{"id": 3, "source": source, "claim": "People fled the highlands of Sinaloa since Tuesday as factions fought, the commission said."},
	}
	var in bytes.Buffer
	for _, l := range lines {
		b, _ := json.Marshal(l)
		in.Write(append(b, '\n'))
	}
	var out bytes.Buffer
	if err := runVerify([]string{"--second-opinion"}, &in, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var got []verifyOutput
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var o verifyOutput
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatal(err)
		}
		got = append(got, o)
	}
	if len(srv.Requests()) != 2 {
		t.Errorf("the model was asked %d times; want only about the 2 claims near the threshold", len(srv.Requests()))
	}
	if len(got) != 3 || !got[0].Supported || !got[1].Supported || got[2].Supported {
		t.Fatalf("verdicts = %+v", got)
	}
	if r := strings.Join(got[0].Reasons, " "); !strings.Contains(r, "second opinion from openai:judge: a paraphrase") {
		t.Errorf("reasons of the paraphrase: %q", r)
	}
}

func TestVerifySecondOpinionNeedsAModel(t *testing.T) {
	t.Setenv("BEATDESK_LLM_URL", "")
	err := runVerify([]string{"--second-opinion"}, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "BEATDESK_LLM_URL") {
		t.Errorf("err = %v", err)
	}
}
