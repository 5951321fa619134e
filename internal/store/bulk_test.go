package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestBulk: every call is made once, in order, and committed in
// transactions of the size asked; a failing call undoes its own
// transaction only; the writer's settings are given back afterwards.
func TestBulk(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cacheBefore := writerPragma(t, s, "cache_size")
		var seen []int
		err := s.Bulk(ctx, 7, 3, func(tx *store.Tx, i int) error {
			seen = append(seen, i)
			_, err := tx.SaveStory(ctx, beatdesk.Story{Title: fmt.Sprint("story ", i), FirstSeen: tx.Now, LastSeen: tx.Now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{0, 1, 2, 3, 4, 5, 6}; !slices.Equal(seen, want) {
			t.Errorf("calls %v, want %v", seen, want)
		}
		if n := countStories(t, s); n != 7 {
			t.Errorf("%d stories after 7 calls, want 7", n)
		}

		// The fifth call fails: the transaction of the fourth to sixth is
		// undone, the first three calls' stay.
		boom := errors.New("boom")
		err = s.Bulk(ctx, 7, 3, func(tx *store.Tx, i int) error {
			if i == 4 {
				return boom
			}
			_, err := tx.SaveStory(ctx, beatdesk.Story{Title: fmt.Sprint("more ", i), FirstSeen: tx.Now, LastSeen: tx.Now})
			return err
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Bulk returned %v, want the call's error", err)
		}
		if n := countStories(t, s); n != 7+3 {
			t.Errorf("%d stories, want 10: the failed transaction's undone, the one before kept", n)
		}
		if after := writerPragma(t, s, "cache_size"); after != cacheBefore {
			t.Errorf("writer's cache_size %s after Bulk, want %s as before", after, cacheBefore)
		}

		// A cancelled context stops it between calls.
		cctx, cancel := context.WithCancel(ctx)
		calls := 0
		err = s.Bulk(cctx, 5, 10, func(tx *store.Tx, i int) error {
			calls++
			cancel()
			return nil
		})
		if !errors.Is(err, context.Canceled) || calls != 1 {
			t.Errorf("cancelled Bulk: %v after %d calls, want context.Canceled after 1", err, calls)
		}
	})
}

// TestIndexPublishedAll: articles indexed together are found as if each
// had been indexed when published, newest first; indexing one again
// replaces its words and keeps its place.
func TestIndexPublishedAll(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ids []int64
		err := s.Bulk(ctx, 4, 10, func(tx *store.Tx, i int) error {
			tx.Now = tx.Now.Add(time.Duration(i) * time.Minute)
			id := publish(t, ctx, tx, fmt.Sprint("Port strike day ", i))
			ids = append(ids, id)
			if i == 3 {
				return tx.IndexPublishedAll(ctx, ids, [][]string{{"port", "strike"}, {"port", "flood"}, {"port", "strike"}, {"vote"}})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		check := func(terms []string, want ...int64) {
			t.Helper()
			var got []int64
			err := s.View(ctx, func(tx *store.Tx) error {
				ds, err := tx.SearchPublished(ctx, terms, 10)
				for _, d := range ds {
					got = append(got, d.ID)
				}
				return err
			})
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("search %q = %v (%v), want %v", terms, got, err, want)
			}
		}
		check([]string{"port"}, ids[2], ids[1], ids[0])
		check([]string{"port", "strike"}, ids[2], ids[0])
		check([]string{"vote"}, ids[3])

		err = s.Update(ctx, func(tx *store.Tx) error {
			return tx.IndexPublishedAll(ctx, ids[1:2], [][]string{{"port", "strike", "again"}})
		})
		if err != nil {
			t.Fatal(err)
		}
		check([]string{"flood"})
		check([]string{"port", "strike"}, ids[2], ids[1], ids[0])
		check([]string{"again"}, ids[1])

		err = s.Update(ctx, func(tx *store.Tx) error { return tx.IndexPublishedAll(ctx, ids[:2], [][]string{{"x"}}) })
		if err == nil {
			t.Error("two articles with one list of terms were indexed")
		}
	})
}

// publish adds a story and a draft for headline and publishes it.
func publish(t *testing.T, ctx context.Context, tx *store.Tx, headline string) int64 {
	t.Helper()
	sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: headline, FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: headline, Dek: "A dek [1].",
		Region: "europe", Sections: []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"Text [1]."}}},
		Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "Text."}}}, store.ActorSystem)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, ""); err != nil {
		t.Fatal(err)
	}
	return id
}

func countStories(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM stories`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// writerPragma reads a setting of SQLite's writer connection ("" on
// PostgreSQL).
func writerPragma(t *testing.T, s *store.Store, name string) string {
	t.Helper()
	if s.Engine() != store.SQLite {
		return ""
	}
	var v string
	if err := s.DB().QueryRow(`PRAGMA ` + name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
