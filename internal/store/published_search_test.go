package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
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

// TestSearchNewestPublishedFirst: search lists articles in the order they
// were published, not the order their drafts were written, and indexing an
// article again keeps its place.
func TestSearchNewestPublishedFirst(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ids []int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			for _, headline := range []string{"First written", "Second written", "Third written"} {
				sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: headline, FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
				if err != nil {
					return err
				}
				id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: headline,
					Dek: "A dek [1].", Region: "europe", Sections: []beatdesk.Section{
						{Title: "What happened", Paragraphs: []string{"Port strike [1]."}},
						{Title: "What to watch", MembersOnly: true, Paragraphs: []string{"Members [1]."}}},
					Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "Text."}}}, store.ActorSystem)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			// Published last written first; the second is indexed twice.
			for _, i := range []int{2, 0, 1, 0} {
				tx.Now = tx.Now.Add(time.Minute)
				d, err := tx.Draft(ctx, ids[i])
				if err != nil {
					return err
				}
				if d.State != beatdesk.DraftPublished {
					if _, err := tx.MoveDraft(ctx, ids[i], beatdesk.DraftPublished, store.ActorSystem, ""); err != nil {
						return err
					}
				}
				if err := tx.IndexPublished(ctx, ids[i], []string{"port", "strike"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{10, 2} {
			var got []beatdesk.Draft
			err = s.View(ctx, func(tx *store.Tx) (err error) {
				got, err = tx.SearchPublished(ctx, []string{"port", "strike"}, limit)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			want := []int64{ids[1], ids[0], ids[2]}[:min(limit, 3)]
			var gotIDs []int64
			for _, d := range got {
				gotIDs = append(gotIDs, d.ID)
			}
			if fmt.Sprint(gotIDs) != fmt.Sprint(want) {
				t.Errorf("limit %d: search = %v, want %v (newest published first)", limit, gotIDs, want)
			}
			if len(got) > 0 && (got[0].Slug == "" || got[0].Headline != "Second written" || len(got[0].PublicSections()) != 1) {
				t.Errorf("a result lacks what a result page shows: %+v", got[0])
			}
		}
	})
}

// TestSearchOrderMigration: a SQLite database indexed before 00013 (by
// draft id, in draft_search) keeps every article findable after it, in
// order of publication.
func TestSearchOrderMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	err = s.Update(ctx, func(tx *store.Tx) error {
		for _, headline := range []string{"Written first", "Written second"} {
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: headline, FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
			if err != nil {
				return err
			}
			id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: headline,
				Dek: "A dek [1].", Region: "europe", Sections: []beatdesk.Section{
					{Title: "What happened", Paragraphs: []string{"Port strike [1]."}},
					{Title: "What to watch", MembersOnly: true, Paragraphs: []string{"Members [1]."}}},
				Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "Text."}}}, store.ActorSystem)
			ids = append(ids, id)
			if err != nil {
				return err
			}
		}
		for _, id := range []int64{ids[1], ids[0]} { // the second written is published first
			tx.Now = tx.Now.Add(time.Minute)
			if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, ""); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}

	// Wind the database back to before 00013, indexed as it was then.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE published_search`, `DROP TABLE published_order`,
		`CREATE VIRTUAL TABLE draft_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')`,
		fmt.Sprintf(`INSERT INTO draft_search (rowid, terms) VALUES (%d, 'port strike first'), (%d, 'port strike second')`, ids[0], ids[1]),
		`DELETE FROM goose_db_version WHERE version_id = 13`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err = store.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("migrating: %v", err)
	}
	defer s.Close()
	for _, c := range []struct {
		terms []string
		want  []int64
	}{
		{[]string{"port", "strike"}, []int64{ids[0], ids[1]}}, // newest published first
		{[]string{"second"}, []int64{ids[1]}},
		{[]string{"first", "strike"}, []int64{ids[0]}},
	} {
		var got []beatdesk.Draft
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			got, err = tx.SearchPublished(ctx, c.terms, 10)
			return err
		})
		var gotIDs []int64
		for _, d := range got {
			gotIDs = append(gotIDs, d.ID)
		}
		if err != nil || fmt.Sprint(gotIDs) != fmt.Sprint(c.want) {
			t.Errorf("after the migration, search %q = %v, %v; want %v", c.terms, gotIDs, err, c.want)
		}
	}
	// An article brought over is indexed again in its place, its old
	// words gone.
	err = s.Update(ctx, func(tx *store.Tx) error { return tx.IndexPublished(ctx, ids[1], []string{"port", "again"}) })
	if err != nil {
		t.Fatal(err)
	}
	for terms, want := range map[string]int{"port": 2, "second": 0, "again": 1} {
		var got []beatdesk.Draft
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			got, err = tx.SearchPublished(ctx, []string{terms}, 10)
			return err
		})
		if err != nil || len(got) != want {
			t.Errorf("after indexing again, search %q found %d, %v; want %d", terms, len(got), err, want)
		}
	}
}

// TestSearchPastArticlesNoLongerLive: articles retracted after they were
// indexed keep their rows in the index but are never found, and a search
// whose newest matches are all retracted still fills its page from older
// ones (on PostgreSQL, by reading further than its first try).
func TestSearchPastArticlesNoLongerLive(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ids []int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			for i := range 14 {
				headline := fmt.Sprintf("Port strike, day %d", i+1)
				id, err := addPortStrike(ctx, tx, headline)
				if err != nil {
					return err
				}
				if err := publishPortStrike(ctx, tx, id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			for _, id := range ids[3:] { // the newest eleven
				if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftRetracted, store.ActorSystem, "wrong"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for limit, want := range map[int][]int64{1: {ids[2]}, 2: {ids[2], ids[1]}, 10: {ids[2], ids[1], ids[0]}} {
			var got []beatdesk.Draft
			err := s.View(ctx, func(tx *store.Tx) (err error) {
				got, err = tx.SearchPublished(ctx, []string{"port", "strike"}, limit)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, d := range got {
				gotIDs = append(gotIDs, d.ID)
			}
			if fmt.Sprint(gotIDs) != fmt.Sprint(want) {
				t.Errorf("limit %d: search = %v, want %v (the live ones, newest first)", limit, gotIDs, want)
			}
		}
	})
}

// TestPostgresSearchOrderMigration: a PostgreSQL database indexed before
// 00017 (ordered by the drafts' publication time) numbers its rows in
// order of publication, and articles indexed after it come first.
func TestPostgresSearchOrderMigration(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, store.Postgres)
	s, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(s *store.Store, headlines ...string) (ids []int64) {
		t.Helper()
		err := s.Update(ctx, func(tx *store.Tx) error {
			for _, headline := range headlines {
				id, err := addPortStrike(ctx, tx, headline)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			for _, i := range []int{len(ids) - 1, 0} { // the last written is published first
				if err := publishPortStrike(ctx, tx, ids[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	old := publish(s, "Written first", "Written second")

	s.Close()

	// Wind the database back to before 00017: no numbers, ordered by time.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE draft_search DROP COLUMN seq`, `DELETE FROM goose_db_version WHERE version_id = 17`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err = store.Open(ctx, dsn, func() time.Time { return time.Now().Add(time.Hour) })
	if err != nil {
		t.Fatalf("migrating: %v", err)
	}
	defer s.Close()
	newer := publish(s, "Written third", "Written fourth")

	var gotIDs []int64
	err = s.View(ctx, func(tx *store.Tx) error {
		got, err := tx.SearchPublished(ctx, []string{"port", "strike"}, 10)
		for _, d := range got {
			gotIDs = append(gotIDs, d.ID)
		}
		return err
	})
	if want := []int64{newer[0], newer[1], old[0], old[1]}; err != nil || fmt.Sprint(gotIDs) != fmt.Sprint(want) {
		t.Errorf("search after the migration = %v, %v; want %v (newest published first)", gotIDs, err, want)
	}
}

// addPortStrike writes a draft about a port strike with the given
// headline, in a story of its own.
func addPortStrike(ctx context.Context, tx *store.Tx, headline string) (int64, error) {
	sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: headline, FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
	if err != nil {
		return 0, err
	}
	return tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: headline,
		Dek: "A dek [1].", Region: "europe", Sections: []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"Port strike [1]."}}},
		Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "Text."}}}, store.ActorSystem)
}

// publishPortStrike publishes the draft a minute after the last one and
// indexes it by "port strike".
func publishPortStrike(ctx context.Context, tx *store.Tx, id int64) error {
	tx.Now = tx.Now.Add(time.Minute)
	if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, ""); err != nil {
		return err
	}
	return tx.IndexPublished(ctx, id, []string{"port", "strike"})
}
