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

func TestSourcesItemsArticles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var src beatdesk.Source
		err := s.Update(ctx, func(tx *store.Tx) error {
			var err error
			src, err = tx.AddSource(ctx, beatdesk.Source{Name: "Daily <Wire>", FeedURL: "https://example.org/feed.xml", Lang: "en", Country: "GB"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Bad input is refused with a message that says what to fix, and
		// the stored source is untouched.
		err = s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddSource(ctx, beatdesk.Source{Name: "x", FeedURL: "ftp://example.org/feed"})
			return err
		})
		if !errors.Is(err, beatdesk.ErrInvalid) || beatdesk.Message(err) == "" {
			t.Fatalf("bad feed URL: got %v, want ErrInvalid", err)
		}

		item := beatdesk.Item{SourceID: src.ID, GUID: "g1", URL: "https://example.org/a", Title: "<script>alert(1)</script>"}
		var first, second int64
		var isNew bool
		for i, id := range []*int64{&first, &second} {
			err = s.Update(ctx, func(tx *store.Tx) error {
				var err error
				*id, isNew, err = tx.AddItem(ctx, item)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if isNew != (i == 0) {
				t.Fatalf("AddItem call %d: isNew = %v", i, isNew)
			}
		}
		if first == 0 || second != 0 {
			t.Fatalf("ids %d, %d: the second add of the same GUID must add nothing", first, second)
		}

		a := beatdesk.Article{ItemID: first, SourceID: src.ID, URL: "https://example.org/a", Title: "T", Text: "Body",
			ContentHash: "h", SimHash: 1 << 63, Places: []string{"Lima"}, Published: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
		var aid int64
		err = s.Update(ctx, func(tx *store.Tx) error {
			var err error
			aid, _, err = tx.AddArticle(ctx, a)
			if err != nil {
				return err
			}
			again, isNew, err := tx.AddArticle(ctx, a)
			if err != nil || isNew || again != aid {
				t.Errorf("second AddArticle: id %d new %v err %v; want %d, false, nil", again, isNew, err, aid)
			}
			return tx.SetItemState(ctx, first, beatdesk.ItemFailed, "HTTP 404")
		})
		if err != nil {
			t.Fatal(err)
		}
		s.View(ctx, func(tx *store.Tx) error {
			got, err := tx.Article(ctx, aid)
			if err != nil {
				t.Fatal(err)
			}
			if got.Outlet != "Daily <Wire>" || got.SimHash != 1<<63 || !got.Published.Equal(a.Published) || got.Places[0] != "Lima" {
				t.Errorf("article round trip: %+v", got)
			}
			failed, _ := tx.FailedItems(ctx, 10)
			if len(failed) != 1 || failed[0].Error != "HTTP 404" || failed[0].Title != item.Title {
				t.Errorf("failed items: %+v", failed)
			}
			if _, err := tx.Article(ctx, 9999); !errors.Is(err, beatdesk.ErrNotFound) {
				t.Errorf("missing article: %v", err)
			}
			return nil
		})
	})
}

func TestDraftDesk(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := beatdesk.Draft{PersonaSlug: "p", Writer: "extractive", Headline: "Port strike in Santos enters day 9",
			Dek: "Dockers say 1,200 workers are out [1].",
			Sections: []beatdesk.Section{
				{Title: "What happened", Paragraphs: []string{"According to A, \"x\" [1]."}},
				{Title: "What to watch", Paragraphs: []string{"B said \"y\" [2]."}, MembersOnly: true},
			},
			Citations: []beatdesk.Citation{{N: 1, Outlet: "A"}, {N: 2, Outlet: "B"}},
		}
		var id int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "s", FirstSeen: tx.Now, LastSeen: tx.Now, Terms: map[string]float64{"santos": 1}})
			if err != nil {
				return err
			}
			d.StoryID = sid
			id, err = tx.AddDraft(ctx, d, store.ActorSystem)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update(ctx, func(tx *store.Tx) error { _, err := tx.AddDraft(ctx, d, store.ActorSystem); return err })
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Fatalf("second draft for a story: %v, want ErrConflict", err)
		}
		err = s.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftSentBack, "ed@example.org", "needs a second source"); err != nil {
				return err
			}
			if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "ed@example.org", ""); !errors.Is(err, beatdesk.ErrConflict) {
				t.Errorf("publish from sent back: %v, want ErrConflict", err)
			}
			if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftInReview, "ed@example.org", ""); err != nil {
				return err
			}
			_, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "ed@example.org", "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s.View(ctx, func(tx *store.Tx) error {
			got, err := tx.Draft(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != beatdesk.DraftPublished || got.Slug == "" || got.PublishedAt.IsZero() || got.AutoPublish {
				t.Errorf("published draft: %+v", got)
			}
			if len(got.MemberSections()) != 1 || got.Citations[1].Outlet != "B" {
				t.Errorf("sections/citations round trip: %+v", got)
			}
			bySlug, err := tx.Published(ctx, got.Slug)
			if err != nil || bySlug.ID != id {
				t.Errorf("Published(%q) = %d, %v", got.Slug, bySlug.ID, err)
			}
			list, _ := tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished})
			if len(list) != 1 {
				t.Errorf("published list has %d", len(list))
			}
			events, _ := tx.DraftEvents(ctx, id)
			if len(events) != 4 || events[1].Note != "needs a second source" {
				t.Errorf("audit log: %+v", events)
			}
			return nil
		})
	})
}

func TestMembersAndTokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var m beatdesk.Member
		err := s.Update(ctx, func(tx *store.Tx) error {
			var err error
			m, err = tx.AddMember(ctx, " Reader@Example.org ", beatdesk.LevelSubscriber)
			if err != nil {
				return err
			}
			return tx.AddSignInToken(ctx, m.ID, "secret-token", time.Hour)
		})
		if err != nil {
			t.Fatal(err)
		}
		if m.Email != "reader@example.org" {
			t.Errorf("email not normalised: %q", m.Email)
		}
		for i := 0; i < 2; i++ {
			err = s.Update(ctx, func(tx *store.Tx) error {
				got, err := tx.UseSignInToken(ctx, "secret-token")
				if err == nil && (got.ID != m.ID || got.ConfirmedAt.IsZero()) {
					t.Errorf("token gave %+v", got)
				}
				return err
			})
			if i == 0 && err != nil {
				t.Fatal(err)
			}
			if i == 1 && !errors.Is(err, beatdesk.ErrForbidden) {
				t.Fatalf("second use of a token: %v, want ErrForbidden", err)
			}
		}
		err = s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddMember(ctx, "not an email", beatdesk.LevelSubscriber)
			return err
		})
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Fatalf("bad email: %v", err)
		}
	})
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"México's cartel war: 1,200 dead in Sinaloa": "mexico-s-cartel-war-1-200-dead-in-sinaloa-7",
		"!!!":           "analysis-7",
		"الجزائر اليوم": "analysis-7",
	} {
		if got := store.Slug(in, 7); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExpiredSessionsAndTokensGo(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ss := store.Sessions{S: s}
		if err := ss.Commit("live", []byte("a"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := ss.Commit("dead", []byte("b"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := ss.Find("dead"); found {
			t.Error("an expired session was found")
		}
		if n, err := ss.DeleteExpired(ctx); err != nil || n != 1 {
			t.Errorf("DeleteExpired = %d, %v; want 1", n, err)
		}
		if data, found, err := ss.Find("live"); err != nil || !found || string(data) != "a" {
			t.Errorf("live session: %q %v %v", data, found, err)
		}
		err := s.Update(ctx, func(tx *store.Tx) error {
			m, err := tx.AddMember(ctx, "r@example.org", beatdesk.LevelSubscriber)
			if err != nil {
				return err
			}
			tx.AddSignInToken(ctx, m.ID, "fresh", time.Hour)
			tx.AddSignInToken(ctx, m.ID, "stale", -time.Minute)
			n, err := tx.DeleteExpiredTokens(ctx)
			if n != 1 {
				t.Errorf("DeleteExpiredTokens removed %d, want the stale one", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
