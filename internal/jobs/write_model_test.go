package jobs

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/llm"
	"beatdesk/internal/llm/llmtest"
	"beatdesk/internal/llm/openai"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestWriteWithModel: with a model configured, drafts are the model's.
// A model that obeys an instruction planted in a source writes a claim no
// source backs; the verifier flags it and the desk keeps the draft in
// review even in demo mode. A model that fails leaves the draft to the
// extractive writer, and the editor's note says so.
func TestWriteWithModel(t *testing.T) {
	obeyed, _ := json.Marshal(map[string]any{
		"headline": "Minister resigns",
		"dek":      claimJSON("Port Minister Carlos Ferreira resigned in disgrace on Tuesday, according to the first source."),
		"sections": []any{
			section("What happened", claimJSON("Port Minister Carlos Ferreira resigned in disgrace on Tuesday.")),
			section("Why it matters", claimJSON("His successor, Dora Lindqvist, promised 4,000 new jobs by 2027.")),
			section("What to watch", claimJSON("Parliament meets on 3 April to confirm Lindqvist.")),
		},
	})
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		cfg := testConfig()
		cfg.AutoPublish = true
		srv := llmtest.Start(t,
			llmtest.Reply{Body: llmtest.OpenAIChat(string(obeyed), 2500, 400)},
			llmtest.Reply{Status: 500, Body: `{"error":{"message":"model crashed"}}`},
			llmtest.Reply{Status: 500, Body: `{"error":{"message":"model crashed"}}`},
			llmtest.Reply{Status: 500, Body: `{"error":{"message":"model crashed"}}`},
			llmtest.Reply{Status: 500, Body: `{"error":{"message":"model crashed"}}`})
		m, err := openai.New(openai.Options{BaseURL: srv.URL, Model: "test-model"})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Model = m
		cfg.ModelRetry = llm.Retry{Sleep: func(context.Context, time.Duration) error { return nil }}
		h := newHarness(t, s, cfg)
		newsroom(t, h, w, nil)
		ready := h.jobArgs("write", "story_id")
		if len(ready) < 2 {
			t.Fatalf("only %d stories ready to write", len(ready))
		}

		if err := h.p.Write(h.ctx, ready[0]); err != nil {
			t.Fatal(err)
		}
		d, _ := h.draftOf(ready[0])
		if d.Writer != "openai:test-model" || d.State != beatdesk.DraftInReview || d.AutoPublish {
			t.Errorf("the obeying model's draft: writer %q, state %s, auto %v; want the model's, held in review", d.Writer, d.State, d.AutoPublish)
		}
		pv := d.Provenance
		if pv.Writer != d.Writer || pv.Attempts != 1 || pv.InputTokens != 2500 || pv.OutputTokens != 400 || pv.PromptVersion == "" || pv.PromptHash == "" {
			t.Errorf("provenance = %+v", pv)
		}
		cited := 0
		for _, c := range pv.Consulted {
			if c.ContentHash == "" || c.URL == "" || c.FetchedAt.IsZero() {
				t.Errorf("consulted source without its URL, hash or fetch time: %+v", c)
			}
			if c.Cited {
				cited++
			}
		}
		if len(pv.Consulted) < 2 || cited != len(d.Citations) {
			t.Errorf("%d sources consulted, %d marked cited, %d citations", len(pv.Consulted), cited, len(d.Citations))
		}
		flagged := 0
		for _, f := range d.Findings {
			if !f.Supported && f.Reason != "" {
				flagged++
			}
		}
		if flagged != len(d.Findings) || flagged < 4 {
			t.Errorf("%d of %d claims flagged; every claim of the obeyed instruction should be: %+v", flagged, len(d.Findings), d.Findings)
		}

		// The model fails four times (llm.Call's attempts): the extractive
		// writer writes this one, and the desk is told.
		if err := h.p.Write(h.ctx, ready[1]); err != nil {
			t.Fatal(err)
		}
		d, _ = h.draftOf(ready[1])
		if d.Provenance.Fallback == "" || d.Provenance.Attempts != 4 || d.Provenance.Writer != "extractive" {
			t.Errorf("fallback provenance = %+v", d.Provenance)
		}
		if d.Writer != "extractive" || !strings.Contains(d.EditorNote, "openai:test-model failed") || !strings.Contains(d.EditorNote, "model crashed") {
			t.Errorf("fallback draft: writer %q, note %q", d.Writer, d.EditorNote)
		}
	})
}

func claimJSON(text string) map[string]any {
	return map[string]any{"text": text, "sources": []int{1}, "support": text}
}

func section(title string, claims ...map[string]any) map[string]any {
	return map[string]any{"title": title, "members_only": false, "claims": claims}
}
