package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestStoryTally stores a story with its tally, reads it back for an
// update, updates it only from the count it was read at, and lists the
// open stories as the clusterer loads them.
func TestStoryTally(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2025, 3, 4, 8, 0, 0, 0, time.UTC)
		st := beatdesk.Story{Title: "Port strike in Santos", FirstSeen: at, LastSeen: at.Add(time.Hour), Articles: 2, Outlets: 2,
			Languages: []string{"en", "pt"}, Countries: []string{"BR"}, Region: "latin-america", PersonaSlug: "valeria-montes",
			RouteReason: "places in Brazil (Santos)", Score: 0.7, Terms: map[string]float64{"@santos": 0.8, "strike": 0.6}}
		tally := store.StoryTally{Outlets: []int64{3, 9}, TitleAt: at, TitleLang: "en", Digest: "Port strike in Santos\nDockers…",
			Places: []store.PlaceCount{{Name: "Santos", Country: "BR", Region: "latin-america", Kind: "city", Count: 4}}}
		var old int64
		err := s.Update(ctx, func(tx *store.Tx) (err error) {
			if st.ID, err = tx.AddStory(ctx, st, tally); err != nil {
				return err
			}
			old, err = tx.SaveStory(ctx, beatdesk.Story{Title: "from before tallies", FirstSeen: at, LastSeen: at, Articles: 1})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		var got beatdesk.Story
		var gotTally store.StoryTally
		var tallied bool
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			got, gotTally, tallied, err = tx.StoryForUpdate(ctx, st.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := st
		want.Terms = nil // the clusterer holds centroids itself
		if !tallied || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotTally, tally) {
			t.Errorf("StoryForUpdate = %+v, %+v, tallied %v;\nwant %+v, %+v, true", got, gotTally, tallied, want, tally)
		}
		err = s.View(ctx, func(tx *store.Tx) (err error) { _, _, tallied, err = tx.StoryForUpdate(ctx, old); return err })
		if err != nil || tallied {
			t.Errorf("story saved without a tally: tallied %v, %v; want false, nil", tallied, err)
		}
		err = s.View(ctx, func(tx *store.Tx) error { _, _, _, err := tx.StoryForUpdate(ctx, 999); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("StoryForUpdate of a missing story: %v, want ErrNotFound", err)
		}

		// An update from a stale count writes nothing.
		grown := st
		grown.Articles, grown.Title = 3, "Santos strike spreads"
		tally.Outlets = append(tally.Outlets, 12)
		err = s.Update(ctx, func(tx *store.Tx) error { return tx.UpdateStory(ctx, grown, tally, 1) })
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Errorf("UpdateStory from count 1 of a story of 2: %v, want ErrConflict", err)
		}
		err = s.Update(ctx, func(tx *store.Tx) error { return tx.UpdateStory(ctx, grown, tally, 2) })
		if err != nil {
			t.Fatalf("UpdateStory: %v", err)
		}
		err = s.View(ctx, func(tx *store.Tx) (err error) { got, gotTally, _, err = tx.StoryForUpdate(ctx, st.ID); return err })
		if err != nil || got.Articles != 3 || got.Title != grown.Title || len(gotTally.Outlets) != 3 {
			t.Errorf("after UpdateStory: %+v, %+v, %v", got, gotTally, err)
		}

		var open []beatdesk.Story
		var one beatdesk.Story
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			if open, err = tx.OpenStories(ctx, at.Add(30*time.Minute)); err != nil {
				return err
			}
			one, err = tx.OpenStory(ctx, st.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wantOpen := beatdesk.Story{ID: st.ID, LastSeen: st.LastSeen, Articles: 3, Languages: st.Languages, Terms: st.Terms}
		if len(open) != 1 || !reflect.DeepEqual(open[0], wantOpen) || !reflect.DeepEqual(one, wantOpen) {
			t.Errorf("OpenStories = %+v, OpenStory = %+v; want only %+v", open, one, wantOpen)
		}
		err = s.View(ctx, func(tx *store.Tx) error { _, err := tx.OpenStory(ctx, 999); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("OpenStory of a missing story: %v, want ErrNotFound", err)
		}
	})
}
