package jobs

import (
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestWriteRemembers: once a correspondent has published on a story, the
// draft of a later story of theirs about the same places links that
// article, cited to its page. Here the later story is told by the same
// articles, so nothing is new since and the section holds the link alone.
func TestWriteRemembers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		h := newHarness(t, s, testConfig()) // AutoPublish on
		newsroom(t, h, w, nil)
		ready := h.jobArgs("write", "story_id")
		if len(ready) == 0 {
			t.Fatal("no story ready to write")
		}
		first := ready[0]
		if err := h.p.Write(h.ctx, first); err != nil {
			t.Fatal(err)
		}
		published, _ := h.draftOf(first)
		if published.State != beatdesk.DraftPublished || published.Slug == "" {
			t.Fatalf("the first draft is %s (slug %q), want published", published.State, published.Slug)
		}
		for _, sec := range published.Sections {
			if sec.Title == "What has changed since" {
				t.Errorf("the first draft remembers an article that does not exist: %q", sec.Paragraphs)
			}
		}

		// A follow-up story of the same correspondent, on the same places.
		var later int64
		err := s.Update(h.ctx, func(tx *store.Tx) error {
			st, err := tx.Story(h.ctx, first)
			if err != nil {
				return err
			}
			arts, err := tx.StoryArticles(h.ctx, first)
			if err != nil {
				return err
			}
			st.ID, st.Title = 0, "Follow-up: "+st.Title
			if later, err = tx.SaveStory(h.ctx, st); err != nil {
				return err
			}
			for _, a := range arts {
				if err := tx.SetArticleStory(h.ctx, a.ID, later); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.p.Write(h.ctx, later); err != nil {
			t.Fatal(err)
		}
		d, _ := h.draftOf(later)
		var since *beatdesk.Section
		for i := range d.Sections {
			if d.Sections[i].Title == "What has changed since" {
				since = &d.Sections[i]
			}
		}
		if since == nil {
			t.Fatalf("the follow-up does not link the first article; sections %+v", d.Sections)
		}
		ns := beatdesk.CiteMarkers(since.Paragraphs[0])
		page := "/article/" + published.Slug // the reader site's route for an article
		if len(ns) != 1 || d.Citations[ns[0]-1].URL != page || !d.Citations[ns[0]-1].Published.Equal(published.PublishedAt) {
			t.Errorf("the link %q cites %v, want the first article's page %s of %s", since.Paragraphs[0], ns, page, published.PublishedAt)
		}
		// The provenance lists the earlier article it drew on, as read.
		var listed []beatdesk.Consulted
		for _, c := range d.Provenance.Consulted {
			if c.URL == page {
				listed = append(listed, c)
			}
		}
		if len(listed) != 1 || !listed[0].Cited || !listed[0].Published.Equal(published.PublishedAt) ||
			listed[0].ContentHash == "" || listed[0].Outlet == "" || listed[0].ArticleID != 0 {
			t.Errorf("the provenance lists the earlier article as %+v, want it once, cited, with its date, hash and author", listed)
		}
		if n := len(d.Provenance.Consulted); n < 2 {
			t.Errorf("the provenance lists %d sources", n)
		}
		if d.Unsupported() != 0 {
			t.Errorf("the follow-up has %d unsupported claims", d.Unsupported())
		}
	})
}
