package store_test

import (
	"context"
	"fmt"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// KnownGUIDs answers for one source only, and across its chunks of 500.
func TestKnownGUIDs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var a, b beatdesk.Source
		err := s.Update(ctx, func(tx *store.Tx) (err error) {
			if a, err = tx.AddSource(ctx, beatdesk.Source{Name: "A", FeedURL: "https://a.example/feed"}); err != nil {
				return err
			}
			if b, err = tx.AddSource(ctx, beatdesk.Source{Name: "B", FeedURL: "https://b.example/feed"}); err != nil {
				return err
			}
			for i := 0; i < 1200; i += 2 { // a has the even GUIDs
				if _, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: a.ID, GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://a.example/%d", i)}); err != nil {
					return err
				}
			}
			_, _, err = tx.AddItem(ctx, beatdesk.Item{SourceID: b.ID, GUID: "1", URL: "https://b.example/1"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		asked := make([]string, 1200)
		for i := range asked {
			asked[i] = fmt.Sprint(i)
		}
		var known map[string]bool
		err = s.View(ctx, func(tx *store.Tx) (err error) { known, err = tx.KnownGUIDs(ctx, a.ID, asked); return err })
		if err != nil {
			t.Fatal(err)
		}
		if len(known) != 600 {
			t.Errorf("%d GUIDs known, want 600", len(known))
		}
		for _, g := range []string{"0", "598", "1198"} {
			if !known[g] {
				t.Errorf("GUID %s not known", g)
			}
		}
		if known["1"] || known["1199"] {
			t.Errorf("odd GUIDs reported known for source A (\"1\" belongs to B): %v %v", known["1"], known["1199"])
		}
		err = s.View(ctx, func(tx *store.Tx) (err error) { known, err = tx.KnownGUIDs(ctx, b.ID, nil); return err })
		if err != nil || len(known) != 0 {
			t.Errorf("no GUIDs asked: got %v, %v", known, err)
		}
	})
}

// AddHandledItems stores items in the given state, skipping those the
// source has, across chunks.
func TestAddHandledItems(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var src beatdesk.Source
		err := s.Update(ctx, func(tx *store.Tx) (err error) {
			src, err = tx.AddSource(ctx, beatdesk.Source{Name: "A", FeedURL: "https://a.example/feed"})
			if err != nil {
				return err
			}
			_, _, err = tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: "7", URL: "https://a.example/7"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		items := make([]beatdesk.Item, 1100)
		for i := range items {
			items[i] = beatdesk.Item{SourceID: src.ID, GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://a.example/%d", i)}
		}
		var added int
		err = s.Update(ctx, func(tx *store.Tx) (err error) {
			added, err = tx.AddHandledItems(ctx, items, beatdesk.ItemDuplicate, "seen before")
			return err
		})
		if err != nil || added != 1099 {
			t.Fatalf("added %d (%v); want 1099 (item 7 was there)", added, err)
		}
		var states map[string]int
		if err := s.View(ctx, func(tx *store.Tx) (err error) { states, err = tx.ItemStates(ctx); return err }); err != nil {
			t.Fatal(err)
		}
		if states[beatdesk.ItemDuplicate] != 1099 || states[beatdesk.ItemNew] != 1 {
			t.Errorf("item states %v; want 1099 duplicate and the earlier one new", states)
		}
	})
}
