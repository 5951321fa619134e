package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

func TestSearchArticles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		docs := [][]string{
			{"venezuela", "protest", "caracas"},
			{"venezuela", "election", "o'brien"},
			{"chile", "protest", "copper", `quote"mark`},
		}
		var ids []int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			src, err := tx.AddSource(ctx, beatdesk.Source{Name: "W", FeedURL: "https://w.example/feed"})
			if err != nil {
				return err
			}
			for i, terms := range docs {
				item, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://w.example/%d", i)})
				if err != nil {
					return err
				}
				id, _, err := tx.AddArticle(ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: fmt.Sprintf("https://w.example/%d", i), Title: "t", ContentHash: fmt.Sprint(i)})
				if err != nil {
					return err
				}
				if err := tx.IndexArticle(ctx, id, terms); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q    []string
			want []int64
		}{
			{[]string{"venezuela"}, []int64{ids[1], ids[0]}}, // newest first
			{[]string{"protest", "venezuela"}, []int64{ids[0]}},
			{[]string{"protest"}, []int64{ids[2], ids[0]}},
			{[]string{"o'brien"}, []int64{ids[1]}},
			{[]string{`quote"mark`}, []int64{ids[2]}},
			{[]string{"OR", "NOT"}, nil}, // query syntax is data, not operators
			{[]string{"nothing"}, nil},
		} {
			var got []int64
			s.View(ctx, func(tx *store.Tx) (err error) { got, err = tx.SearchArticles(ctx, tc.q, 10); return err })
			if !slices.Equal(got, tc.want) {
				t.Errorf("search %q = %v, want %v", tc.q, got, tc.want)
			}
		}
	})
}
