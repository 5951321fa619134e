package jobs

import (
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestWritePersonaPolicy: with the site-wide AutoPublish off, a
// correspondent whose own auto-publish policy is on has its fully
// verified drafts published by the system, noting the policy; everyone
// else's drafts, and any draft with an unsupported claim, wait in review.
func TestWritePersonaPolicy(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		h := newHarness(t, s, testConfig())
		newsroom(t, h, w, nil)
		h.p.cfg.AutoPublish = false
		h.p.personas = append([]beatdesk.Persona(nil), h.p.personas...) // the policy is this test's alone
		ready := h.jobArgs("write", "story_id")
		if len(ready) < 2 {
			t.Fatalf("only %d stories ready to write, want at least 2", len(ready))
		}
		published, waiting := 0, 0
		for i, storyID := range ready {
			st := h.story(storyID)
			policy := i%2 == 0
			for j := range h.p.personas {
				h.p.personas[j].AutoPublish = policy && h.p.personas[j].Slug == st.PersonaSlug
			}
			if err := h.p.Write(h.ctx, storyID); err != nil {
				t.Fatalf("Write(%d): %v", storyID, err)
			}
			d, events := h.draftOf(storyID)
			if policy && autoPublishable(d) {
				published++
				if d.State != beatdesk.DraftPublished || !d.AutoPublish || len(events) != 2 || !strings.Contains(events[1].Note, "auto-publish policy") {
					t.Errorf("story %d: with the correspondent's policy on, draft is %s (auto %v), log %+v; want published by the system under the policy",
						storyID, d.State, d.AutoPublish, events)
				}
				continue
			}
			waiting++
			if d.State != beatdesk.DraftInReview || d.AutoPublish {
				t.Errorf("story %d (policy %v, %d unsupported): draft is %s; want it in review", storyID, policy, d.Unsupported(), d.State)
			}
		}
		if published == 0 || waiting == 0 {
			t.Errorf("%d published by policy, %d waiting; want both outcomes", published, waiting)
		}
	})
}
