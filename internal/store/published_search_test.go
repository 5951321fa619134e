package store_test

import (
	"context"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestSearchPublished: published articles are found by every term given,
// newest first; a draft not published is never found, even if indexed;
// quotes and query syntax in terms are only text.
func TestSearchPublished(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ids []int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			for i, headline := range []string{"Port strike spreads", "Port reopens after strike", "Election results"} {
				sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: headline, FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
				if err != nil {
					return err
				}
				d := beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: headline, Dek: "A dek [1].",
					Region: "europe", Sections: []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"Text [1]."}}},
					Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "Text."}}}
				id, err := tx.AddDraft(ctx, d, store.ActorSystem)
				if err != nil {
					return err
				}
				ids = append(ids, id)
				if i < 2 {
					tx.Now = tx.Now.Add(time.Minute)
					if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, ""); err != nil {
						return err
					}
				}
			}
			for i, terms := range [][]string{{"port", "strike", "spread"}, {"port", "strike", "reopen"}, {"election", "port", `"x" OR *`}} {
				if err := tx.IndexPublished(ctx, ids[i], terms); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			terms []string
			want  []int64
		}{
			{[]string{"port", "strike"}, []int64{ids[1], ids[0]}}, // newest first; the unpublished one never
			{[]string{"reopen"}, []int64{ids[1]}},
			{[]string{"election"}, nil},
			{[]string{`"x" OR *`}, nil},
			{[]string{"port", "nothing"}, nil},
		} {
			var got []beatdesk.Draft
			err := s.View(ctx, func(tx *store.Tx) (err error) {
				got, err = tx.SearchPublished(ctx, c.terms, 10)
				return err
			})
			if err != nil {
				t.Fatalf("search %q: %v", c.terms, err)
			}
			var gotIDs []int64
			for _, d := range got {
				gotIDs = append(gotIDs, d.ID)
			}
			if len(gotIDs) != len(c.want) || (len(gotIDs) > 0 && (gotIDs[0] != c.want[0] || gotIDs[len(gotIDs)-1] != c.want[len(c.want)-1])) {
				t.Errorf("search %q = %v, want %v", c.terms, gotIDs, c.want)
			}
		}
	})
}
