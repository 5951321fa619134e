package jobs

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestWrite writes every demo story that clustering made ready: half
// with AutoPublish on (the demo), half with it off. Each story gets one
// draft with its citation findings; with AutoPublish a draft without an
// unsupported claim is published by the system with the demo-mode note,
// otherwise it waits in review; a second Write adds nothing.
func TestWrite(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		h := newHarness(t, s, testConfig())
		newsroom(t, h, w, nil)
		ready := h.jobArgs("write", "story_id")
		if len(ready) < 4 {
			t.Fatalf("only %d stories ready to write, want at least 4", len(ready))
		}

		published, inReview := 0, 0
		for i, storyID := range ready {
			h.p.cfg.AutoPublish = i < len(ready)/2
			st := h.story(storyID)
			if err := h.p.Write(h.ctx, storyID); err != nil {
				t.Fatalf("Write(%d): %v", storyID, err)
			}
			d, events := h.draftOf(storyID)
			if d.PersonaSlug != st.PersonaSlug || d.Writer == "" || d.Headline == "" || len(d.Citations) == 0 || len(d.Findings) == 0 {
				t.Errorf("story %d: draft by %q (%s) with %d citations and %d findings; want the story's correspondent %q, cited and checked",
					storyID, d.PersonaSlug, d.Writer, len(d.Citations), len(d.Findings), st.PersonaSlug)
			}
			if d.Region == "" {
				t.Errorf("story %d: draft has no region", storyID)
			}
			if events[0].Actor != store.ActorSystem || events[0].Action != "created" {
				t.Errorf("story %d: first desk event %+v, want created by %s", storyID, events[0], store.ActorSystem)
			}

			switch {
			case h.p.cfg.AutoPublish && d.Unsupported() == 0:
				published++
				note := fmt.Sprintf("demo mode: published automatically; all %d claims verified", len(d.Findings))
				if d.State != beatdesk.DraftPublished || !d.AutoPublish || d.Slug == "" || d.PublishedAt.IsZero() {
					t.Errorf("story %d: verified draft with AutoPublish is %s (auto %v, slug %q), want published by the system", storyID, d.State, d.AutoPublish, d.Slug)
				}
				if len(events) != 2 || events[1].Actor != store.ActorSystem || events[1].Action != beatdesk.DraftPublished ||
					!strings.HasPrefix(events[1].Note, note) {
					t.Errorf("story %d: desk log %+v, want created then published by %s noting %q", storyID, events, store.ActorSystem, note)
				}
			default:
				inReview++
				if d.State != beatdesk.DraftInReview || d.AutoPublish || d.Slug != "" || len(events) != 1 {
					t.Errorf("story %d (AutoPublish %v, %d unsupported claims): draft %s, auto %v, %d desk events; want it waiting in review",
						storyID, h.p.cfg.AutoPublish, d.Unsupported(), d.State, d.AutoPublish, len(events))
				}
			}

			// A second run (a retried job) leaves the draft and its log alone.
			if err := h.p.Write(h.ctx, storyID); err != nil {
				t.Fatalf("second Write(%d): %v", storyID, err)
			}
			if d2, events2 := h.draftOf(storyID); d2.ID != d.ID || d2.State != d.State || d2.Revision != d.Revision || !reflect.DeepEqual(events2, events) {
				t.Errorf("story %d: a second Write changed the draft (%d %s → %d %s) or its log (%d → %d events)",
					storyID, d.ID, d.State, d2.ID, d2.State, len(events), len(events2))
			}
		}
		if published == 0 || inReview == 0 {
			t.Errorf("%d drafts published and %d in review; want both outcomes", published, inReview)
		}
		if n := len(h.ids(`SELECT id FROM drafts`)); n != len(ready) {
			t.Errorf("%d drafts for %d stories", n, len(ready))
		}
		t.Logf("%d stories written: %d published automatically, %d in review", len(ready), published, inReview)

		// Once the write jobs are done, a further report on a drafted story
		// joins it but queues no second draft.
		for _, j := range h.jobs("write") {
			if _, err := h.q.client.JobCancel(h.ctx, j.ID); err != nil {
				t.Fatal(err)
			}
		}
		later := h.followUp(ready[0])
		if err := h.p.Cluster(h.ctx, later); err != nil {
			t.Fatal(err)
		}
		if got := h.article(later).StoryID; got != ready[0] {
			t.Fatalf("the follow-up joined story %d, want %d", got, ready[0])
		}
		for _, j := range h.jobs("write") {
			if j.State != "cancelled" {
				t.Errorf("write job %d for story %d is %s after the story was drafted; want no new job", j.ID, j.Args["story_id"], j.State)
			}
		}
	})
}

// TestWriteNothingToWrite: a story that is gone, routed to a correspondent
// who does not exist, or without material to quote gets no draft, and the
// job does not fail (retrying would not help).
func TestWriteNothingToWrite(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		var stray, empty int64
		err := s.Update(h.ctx, func(tx *store.Tx) (err error) {
			base := beatdesk.Story{Title: "A quiet day", FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"}
			nobody := base
			nobody.PersonaSlug = "nobody-at-all"
			if stray, err = tx.SaveStory(h.ctx, nobody); err != nil {
				return err
			}
			someone := base
			someone.PersonaSlug = h.p.personas[0].Slug
			empty, err = tx.SaveStory(h.ctx, someone)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{999999, stray, empty} {
			if err := h.p.Write(h.ctx, id); err != nil {
				t.Errorf("Write(%d) = %v, want nil", id, err)
			}
		}
		if n := len(h.ids(`SELECT id FROM drafts`)); n != 0 {
			t.Errorf("%d drafts written for stories that cannot have one", n)
		}
	})
}

// draftOf returns a story's one draft and its desk log, failing the test
// when the story has none or several.
func (h *harness) draftOf(storyID int64) (beatdesk.Draft, []store.DraftEvent) {
	h.t.Helper()
	ids := h.ids(`SELECT id FROM drafts WHERE story_id = $1`, storyID)
	if len(ids) != 1 {
		h.t.Fatalf("story %d has drafts %v, want one", storyID, ids)
	}
	var d beatdesk.Draft
	var events []store.DraftEvent
	err := h.s.View(h.ctx, func(tx *store.Tx) (err error) {
		if d, err = tx.Draft(h.ctx, ids[0]); err != nil {
			return err
		}
		events, err = tx.DraftEvents(h.ctx, d.ID)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	if len(events) == 0 {
		h.t.Fatalf("draft %d has no desk log", d.ID)
	}
	return d, events
}

// followUp stores a new original article that repeats one of the story's
// articles with a paragraph more, as a later update of a report would,
// and returns its id.
func (h *harness) followUp(storyID int64) int64 {
	h.t.Helper()
	var id int64
	err := h.s.Update(h.ctx, func(tx *store.Tx) error {
		arts, err := tx.StoryArticles(h.ctx, storyID)
		if err != nil {
			return err
		}
		a := arts[0]
		itemID, _, err := tx.AddItem(h.ctx, beatdesk.Item{SourceID: a.SourceID, GUID: "follow-up", URL: a.URL + "?update=1", Title: a.Title})
		if err != nil {
			return err
		}
		a.ID, a.ItemID, a.URL, a.StoryID, a.DuplicateOf = 0, itemID, a.URL+"?update=1", 0, 0
		a.Text += "\n\nThis report was updated with the latest figures from officials."
		id, _, err = tx.AddArticle(h.ctx, a)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}
