package store_test

import (
	"context"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestPublishedGeneration: the figure stays while nothing happens and
// changes when an article is published.
func TestPublishedGeneration(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		gen := func() string {
			var g string
			if err := s.View(ctx, func(tx *store.Tx) (err error) { g, err = tx.PublishedGeneration(ctx); return err }); err != nil {
				t.Fatal(err)
			}
			return g
		}
		var id int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "S", FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
			if err != nil {
				return err
			}
			id, err = tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: "H", Dek: "D [1].",
				Region: "europe", Sections: []beatdesk.Section{{Title: "T", Paragraphs: []string{"P [1]."}}},
				Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "P."}}}, store.ActorSystem)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		before := gen()
		if g := gen(); g != before {
			t.Errorf("the generation moved on its own: %q → %q", before, g)
		}
		err = s.Update(ctx, func(tx *store.Tx) error {
			tx.Now = tx.Now.Add(time.Second)
			_, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if g := gen(); g == before {
			t.Errorf("publishing left the generation at %q", g)
		}
	})
}
