package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestStoryReports reads a story's latest originals, each with the
// outlets that ran copies of it, and no more of them than asked for.
func TestStoryReports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		var storyID, other int64
		var ids []int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			var srcs []beatdesk.Source
			for _, o := range []struct{ name, lang, country string }{{"Wire", "en", "US"}, {"Herald", "en", "GB"}, {"Diario", "es", "MX"}} {
				src, err := tx.AddSource(ctx, beatdesk.Source{Name: o.name, FeedURL: "https://" + o.country + ".example/feed",
					Lang: o.lang, Country: o.country})
				if err != nil {
					return err
				}
				srcs = append(srcs, src)
			}
			var err error
			if storyID, err = tx.SaveStory(ctx, beatdesk.Story{Title: "Ambush in Fresnillo", FirstSeen: at, LastSeen: at}); err != nil {
				return err
			}
			if other, err = tx.SaveStory(ctx, beatdesk.Story{Title: "Another story", FirstSeen: at, LastSeen: at}); err != nil {
				return err
			}
			add := func(i int, src beatdesk.Source, lang string, copyOf, story int64, places ...string) error {
				u := fmt.Sprintf("https://news.example/%d", i)
				item, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: u, URL: u, Title: "t"})
				if err != nil {
					return err
				}
				id, _, err := tx.AddArticle(ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: u, Title: "t", Text: "x",
					Lang: lang, Published: at.Add(time.Duration(i) * time.Hour), FetchedAt: at.Add(time.Duration(i+1) * time.Hour),
					DuplicateOf: copyOf, Places: places})
				if err != nil {
					return err
				}
				ids = append(ids, id)
				if story == 0 {
					return nil
				}
				return tx.SetArticleStory(ctx, id, story)
			}
			if err := add(0, srcs[0], "en", 0, storyID, "Fresnillo", "Zacatecas"); err != nil {
				return err
			}
			if err := add(1, srcs[2], "es", 0, storyID, "Fresnillo"); err != nil {
				return err
			}
			if err := add(2, srcs[1], "en", ids[0], 0); err != nil { // the Herald runs the wire's copy
				return err
			}
			if err := add(3, srcs[2], "es", ids[0], 0); err != nil { // and so does the Diario
				return err
			}
			return add(4, srcs[1], "en", 0, other, "Lagos")
		})
		if err != nil {
			t.Fatal(err)
		}

		var all, latest []store.StoryReport
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			if all, err = tx.StoryReports(ctx, storyID, 10); err != nil {
				return err
			}
			latest, err = tx.StoryReports(ctx, storyID, 1)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []store.StoryReport{
			{ArticleID: ids[0], Published: at, FetchedAt: at.Add(time.Hour), Lang: "en", Outlet: "Wire", Country: "US",
				Places: []string{"Fresnillo", "Zacatecas"}, Copies: []string{"Herald", "Diario"}},
			{ArticleID: ids[1], Published: at.Add(time.Hour), FetchedAt: at.Add(2 * time.Hour), Lang: "es", Outlet: "Diario", Country: "MX",
				Places: []string{"Fresnillo"}},
		}
		if !reflect.DeepEqual(all, want) {
			t.Errorf("StoryReports =\n%+v\nwant\n%+v", all, want)
		}
		if !reflect.DeepEqual(latest, want[1:]) {
			t.Errorf("StoryReports with limit 1 = %+v, want the latest only", latest)
		}
	})
}

// TestDevelopments records developments as the pipeline does, lists them
// by score, and reassigns and dismisses them as an editor does.
func TestDevelopments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		var quiet, loud int64
		err := s.Update(ctx, func(tx *store.Tx) (err error) {
			if quiet, err = tx.SaveStory(ctx, beatdesk.Story{Title: "Quiet story", FirstSeen: at, LastSeen: at, Articles: 3, Outlets: 2,
				Languages: []string{"en"}, PersonaSlug: "valeria-montes"}); err != nil {
				return err
			}
			loud, err = tx.SaveStory(ctx, beatdesk.Story{Title: "Loud story", FirstSeen: at, LastSeen: at, Articles: 9, Outlets: 7,
				Languages: []string{"en", "es"}, PersonaSlug: "valeria-montes"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		record := func(d store.Development) (id int64) {
			t.Helper()
			if err := s.Update(ctx, func(tx *store.Tx) (err error) { id, err = tx.RecordDevelopment(ctx, d); return err }); err != nil {
				t.Fatal(err)
			}
			return id
		}
		get := func(id int64) (d store.Development) {
			t.Helper()
			if err := s.View(ctx, func(tx *store.Tx) (err error) { d, err = tx.Development(ctx, id); return err }); err != nil {
				t.Fatal(err)
			}
			return d
		}
		dev := func(story int64, score float64, why string) store.Development {
			return store.Development{StoryID: story, AsOf: at, Score: score, Reasons: why, PersonaSlug: "valeria-montes",
				RoutedTo: "valeria-montes", RouteReason: "places in Mexico", State: store.DevelopmentNew, Note: "waiting"}
		}

		q := record(dev(quiet, 0.35, "crossed the desk's threshold"))
		// A later development of a story with one waiting refreshes it.
		if again := record(dev(quiet, 0.52, "story jumps")); again != q {
			t.Fatalf("a second development of one story was added (%d) beside the waiting one (%d)", again, q)
		}
		if d := get(q); d.Score != 0.52 || d.Reasons != "story jumps" || d.State != store.DevelopmentNew || d.Story.Title != "Quiet story" || d.Story.Articles != 3 {
			t.Errorf("refreshed development: %+v", d)
		}
		l := record(dev(loud, 0.8, "new story"))
		err = s.Update(ctx, func(tx *store.Tx) error { return tx.DraftingDevelopment(ctx, loud, "draft queued") })
		if err != nil {
			t.Fatal(err)
		}
		if d := get(l); d.State != store.DevelopmentDrafting || d.Note != "draft queued" {
			t.Errorf("after its draft was queued: %s %q", d.State, d.Note)
		}
		record(dev(loud, 0.85, "story jumps")) // stays drafting
		if d := get(l); d.State != store.DevelopmentDrafting || d.Score != 0.85 {
			t.Errorf("refreshing a drafting development: %s %.2f", d.State, d.Score)
		}

		var list []store.Development
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			list, err = tx.Developments(ctx, 10, store.DevelopmentNew, store.DevelopmentDrafting)
			return err
		})
		if err != nil || len(list) != 2 || list[0].ID != l || list[1].ID != q || !reflect.DeepEqual(list[0].Story.Languages, []string{"en", "es"}) {
			t.Fatalf("Developments = %+v, %v; want loud then quiet", list, err)
		}

		// An editor hands the quiet story to another correspondent; the
		// story follows, the router's later choice does not undo it, and
		// the desk log says who did it.
		var slug string
		err = s.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.ReassignDevelopment(ctx, q, "katrin-lindqvist", "editor@example.org", "from Valeria Montes to Katrin Lindqvist"); err != nil {
				return err
			}
			slug, err = tx.EditorsCorrespondent(ctx, quiet)
			return err
		})
		if err != nil || slug != "katrin-lindqvist" {
			t.Fatalf("after reassigning: editor's correspondent %q, %v", slug, err)
		}
		record(dev(quiet, 0.6, "story jumps again"))
		d := get(q)
		if d.PersonaSlug != "katrin-lindqvist" || d.RoutedTo != "valeria-montes" || d.ReassignedBy != "editor@example.org" || d.Score != 0.6 {
			t.Errorf("refreshed after reassigning: %+v", d)
		}
		var st beatdesk.Story
		var log []store.LogEntry
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			if st, err = tx.Story(ctx, quiet); err != nil {
				return err
			}
			log, err = tx.DeskLog(ctx, 5)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if st.PersonaSlug != "katrin-lindqvist" || st.RouteReason != "reassigned by editor@example.org (from Valeria Montes to Katrin Lindqvist)" {
			t.Errorf("story after reassigning: %q %q", st.PersonaSlug, st.RouteReason)
		}
		if len(log) != 1 || log[0].Action != "development reassigned" || log[0].Subject != "Quiet story" || log[0].Actor != "editor@example.org" {
			t.Errorf("desk log: %+v", log)
		}

		// Dismissed, it leaves the queue and cannot be reassigned; the
		// story's next development is a new entry.
		err = s.Update(ctx, func(tx *store.Tx) error { _, err := tx.DismissDevelopment(ctx, q, "editor@example.org"); return err })
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ReassignDevelopment(ctx, q, "valeria-montes", "editor@example.org", "")
			return err
		})
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Errorf("reassigning a dismissed development: %v, want ErrConflict", err)
		}
		if next := record(dev(quiet, 0.4, "crossed the desk's threshold")); next == q {
			t.Error("a development after a dismissed one refreshed the dismissed one")
		}
		err = s.View(ctx, func(tx *store.Tx) (err error) {
			if list, err = tx.Developments(ctx, 10, store.DevelopmentDismissed); err != nil {
				return err
			}
			log, err = tx.DeskLog(ctx, 5)
			return err
		})
		if err != nil || len(list) != 1 || list[0].ID != q || len(log) != 2 || log[0].Action != "development dismissed" {
			t.Errorf("dismissed: %+v; log %+v; %v", list, log, err)
		}

		err = s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.RecordDevelopment(ctx, store.Development{StoryID: quiet, State: store.DevelopmentDismissed})
			return err
		})
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("recording a dismissed development: %v, want ErrInvalid", err)
		}
		err = s.View(ctx, func(tx *store.Tx) error { _, err := tx.Development(ctx, 999999); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("an unknown development: %v, want ErrNotFound", err)
		}
	})
}
