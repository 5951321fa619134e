package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestMergeStory moves a story's articles, copies included, and its
// developments into another story and deletes it; its open development
// leaves the desk's queue; a story with a draft is not merged away, and
// nothing changes when the merge is refused.
func TestMergeStory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		var into, gone, drafted int64
		var arts []int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			src, err := tx.AddSource(ctx, beatdesk.Source{Name: "Wire", FeedURL: "https://wire.example/feed", Lang: "en", Country: "US"})
			if err != nil {
				return err
			}
			ids := make([]int64, 3)
			for i := range ids {
				if ids[i], err = tx.SaveStory(ctx, beatdesk.Story{Title: "S", FirstSeen: at, LastSeen: at}); err != nil {
					return err
				}
			}
			into, gone, drafted = ids[0], ids[1], ids[2]
			for i, u := range []string{"https://wire.example/a", "https://wire.example/b", "https://wire.example/c"} {
				item, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: u, URL: u, Title: "t"})
				if err != nil {
					return err
				}
				var copyOf int64
				if i == 2 {
					copyOf = arts[1]
				}
				id, _, err := tx.AddArticle(ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: u, Title: "t", Text: "x",
					Lang: "en", Published: at, FetchedAt: at, DuplicateOf: copyOf})
				if err != nil {
					return err
				}
				arts = append(arts, id)
				if err := tx.SetArticleStory(ctx, id, map[bool]int64{true: into, false: gone}[i == 0]); err != nil {
					return err
				}
			}
			if _, err := tx.RecordDevelopment(ctx, store.Development{StoryID: gone, AsOf: at, Score: 1, Reasons: "r", State: store.DevelopmentNew}); err != nil {
				return err
			}
			_, err = tx.AddDraft(ctx, beatdesk.Draft{StoryID: drafted, PersonaSlug: "p", Writer: "extractive", Headline: "H", Dek: "D [1].",
				Region: "europe", Sections: []beatdesk.Section{{Title: "T", Paragraphs: []string{"P [1]."}}},
				Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "P."}}}, store.ActorSystem)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		err = s.Update(ctx, func(tx *store.Tx) error { return tx.MergeStory(ctx, drafted, into) })
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Errorf("merging away a story with a draft: %v, want ErrConflict", err)
		}
		for _, bad := range [][2]int64{{into, into}, {0, into}, {gone, 0}} {
			err := s.Update(ctx, func(tx *store.Tx) error { return tx.MergeStory(ctx, bad[0], bad[1]) })
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("MergeStory(%d, %d): %v, want ErrInvalid", bad[0], bad[1], err)
			}
		}

		if err := s.Update(ctx, func(tx *store.Tx) error { return tx.MergeStory(ctx, gone, into) }); err != nil {
			t.Fatal(err)
		}
		err = s.View(ctx, func(tx *store.Tx) error {
			for _, id := range arts {
				a, err := tx.Article(ctx, id)
				if err != nil {
					return err
				}
				if a.StoryID != into {
					t.Errorf("article %d in story %d after the merge, want %d", id, a.StoryID, into)
				}
			}
			if _, err := tx.Story(ctx, gone); !errors.Is(err, beatdesk.ErrNotFound) {
				t.Errorf("merged-away story: %v, want ErrNotFound", err)
			}
			if _, err := tx.Story(ctx, drafted); err != nil {
				t.Errorf("the drafted story after a refused merge: %v", err)
			}
			devs, err := tx.StoryDevelopments(ctx, into)
			if err != nil {
				return err
			}
			if len(devs) != 1 || devs[0].State != store.DevelopmentDismissed || devs[0].Note == "" {
				t.Errorf("developments of the surviving story: %+v; want the merged one, dismissed with a note", devs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
