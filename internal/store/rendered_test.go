package store_test

import (
	"context"
	"errors"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestRenderedPage keeps a rendered article page and checks that every
// change to the article puts it out of date: a page rendered before a
// correction is neither served nor saved after it, a page rendered with
// other templates is not served, and a retracted article has none.
func TestRenderedPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		var id int64
		var slug string
		must(s.Update(ctx, func(tx *store.Tx) error {
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "s", FirstSeen: tx.Now, LastSeen: tx.Now})
			if err != nil {
				return err
			}
			id, err = tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive",
				Headline: "Port strike in Santos enters day 9", Dek: "Dockers say 1,200 workers are out [1].",
				Sections:  []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"A said \"x\" [1]."}}},
				Citations: []beatdesk.Citation{{N: 1, Outlet: "A"}}}, store.ActorSystem)
			if err != nil {
				return err
			}
			d, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
			slug = d.Slug
			return err
		}))
		page := func(fingerprint string) (p store.RenderedPage) {
			t.Helper()
			must(s.View(ctx, func(tx *store.Tx) (err error) { p, err = tx.RenderedPage(ctx, slug, fingerprint); return err }))
			return p
		}
		save := func(p store.RenderedPage) (kept bool) {
			t.Helper()
			must(s.Update(ctx, func(tx *store.Tx) (err error) { kept, err = tx.SaveRenderedPage(ctx, p); return err }))
			return kept
		}

		first := page("f1")
		if first.Parts != nil || first.DraftID != id || first.Version == 0 {
			t.Fatalf("before any page was saved: %+v", first)
		}
		first.Fingerprint, first.Parts = "f1", []byte("page one")
		if !save(first) {
			t.Fatal("a page of the article as it is was not kept")
		}
		if got := page("f1"); string(got.Parts) != "page one" {
			t.Errorf("kept page = %q, want %q", got.Parts, "page one")
		}
		if got := page("f2"); got.Parts != nil {
			t.Errorf("a page rendered with other templates was served: %q", got.Parts)
		}

		must(s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeCorrection, Text: "It was day 8."}, "ed@example.org")
			return err
		}))
		second := page("f1")
		if second.Parts != nil {
			t.Errorf("the page from before the correction was served after it: %q", second.Parts)
		}
		if second.Version <= first.Version {
			t.Errorf("version after the correction = %d, before = %d", second.Version, first.Version)
		}
		if save(first) {
			t.Error("a page rendered before the correction was kept after it")
		}
		second.Fingerprint, second.Parts = "f1", []byte("page two")
		if !save(second) {
			t.Fatal("the corrected page was not kept")
		}
		if got := page("f1"); string(got.Parts) != "page two" {
			t.Errorf("kept page = %q, want %q", got.Parts, "page two")
		}

		must(s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeRetraction, Text: "Withdrawn."}, "ed@example.org")
			return err
		}))
		err := s.View(ctx, func(tx *store.Tx) error { _, err := tx.RenderedPage(ctx, slug, "f1"); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("page of a retracted article: %v, want ErrNotFound", err)
		}
		if save(second) {
			t.Error("a page of a retracted article was kept")
		}
		err = s.View(ctx, func(tx *store.Tx) error { _, err := tx.RenderedPage(ctx, "no-such-article-1", "f1"); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("page of no article: %v, want ErrNotFound", err)
		}
	})
}
