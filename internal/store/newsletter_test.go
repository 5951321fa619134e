package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestNewsletter walks the newsletter's bookkeeping through both engines:
// only confirmed readers receive digests, by their preferences; an issue
// is made once per period with one send per recipient; a send finishes
// once; the site's signing key is made once and kept.
func TestNewsletter(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		t0 := time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC)

		// Four readers: ann confirmed (daily by default), bob confirmed
		// with the daily off and one weekly beat, cat never confirmed,
		// dan a confirmed member.
		ids := map[string]int64{}
		update(func(tx *store.Tx) error {
			for _, e := range []string{"ann", "bob", "cat", "dan"} {
				level := beatdesk.LevelSubscriber
				if e == "dan" {
					level = beatdesk.LevelMember
				}
				m, err := tx.AddMember(ctx, e+"@example.org", level)
				if err != nil {
					return err
				}
				ids[e] = m.ID
				if e != "cat" {
					if err := tx.AddSignInToken(ctx, m.ID, "tok-"+e, time.Hour); err != nil {
						return err
					}
					if _, err := tx.UseSignInToken(ctx, "tok-"+e); err != nil {
						return err
					}
				}
			}
			return tx.SetNewsletterPrefs(ctx, store.NewsletterPrefs{MemberID: ids["bob"], Daily: false, Beats: []string{"valeria", "ahmed"}})
		})
		var prefs store.NewsletterPrefs
		update(func(tx *store.Tx) (err error) { prefs, err = tx.NewsletterPrefs(ctx, ids["bob"]); return err })
		if prefs.Daily || !slices.Equal(prefs.Beats, []string{"ahmed", "valeria"}) {
			t.Errorf("bob's prefs %+v", prefs)
		}
		update(func(tx *store.Tx) (err error) { prefs, err = tx.NewsletterPrefs(ctx, ids["ann"]); return err })
		if !prefs.Daily || len(prefs.Beats) != 0 {
			t.Errorf("ann's default prefs %+v: want the daily and no weekly", prefs)
		}

		// Two articles by valeria, one published before the period.
		var draftIDs []int64
		for i, at := range []time.Time{t0.Add(-30 * time.Hour), t0.Add(-2 * time.Hour)} {
			update(func(tx *store.Tx) error {
				tx.Now = at
				sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "S", FirstSeen: at, LastSeen: at, Region: "europe"})
				if err != nil {
					return err
				}
				id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "valeria", Writer: "extractive",
					Headline: []string{"Old", "New"}[i], Dek: "D [1].", Region: "europe",
					Sections:  []beatdesk.Section{{Title: "T", Paragraphs: []string{"P [1]."}}},
					Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "P."}}}, store.ActorSystem)
				if err != nil {
					return err
				}
				draftIDs = append(draftIDs, id)
				_, err = tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
				return err
			})
		}
		var ds []beatdesk.Draft
		update(func(tx *store.Tx) (err error) {
			ds, err = tx.PublishedBetween(ctx, t0.Add(-24*time.Hour), t0, "", 100)
			return err
		})
		if len(ds) != 1 || ds[0].Headline != "New" {
			t.Fatalf("published in the last day: %+v", ds)
		}
		update(func(tx *store.Tx) (err error) {
			ds, err = tx.PublishedBetween(ctx, t0.Add(-7*24*time.Hour), t0, "ahmed", 100)
			return err
		})
		if len(ds) != 0 {
			t.Errorf("ahmed has published nothing, got %d", len(ds))
		}

		// The daily goes to ann and dan; the weekly of valeria to bob.
		daily := store.DigestIssue{Kind: store.DigestDaily, PeriodStart: t0.Add(-24 * time.Hour), PeriodEnd: t0, DraftIDs: draftIDs[1:]}
		var got store.DigestIssue
		var readers []int64
		var created bool
		update(func(tx *store.Tx) (err error) { got, readers, created, err = tx.AddDigestIssue(ctx, daily); return err })
		if !created || got.ID == 0 || !slices.Equal(readers, []int64{ids["ann"], ids["dan"]}) {
			t.Fatalf("daily issue %+v to %v (created %v), want ann and dan", got, readers, created)
		}
		update(func(tx *store.Tx) (err error) { _, readers, created, err = tx.AddDigestIssue(ctx, daily); return err })
		if created || len(readers) != 0 {
			t.Errorf("the same daily again: created %v, readers %v", created, readers)
		}
		weekly := store.DigestIssue{Kind: store.DigestWeekly, Beat: "valeria", PeriodStart: t0.Add(-7 * 24 * time.Hour), PeriodEnd: t0, DraftIDs: draftIDs}
		update(func(tx *store.Tx) (err error) { _, readers, _, err = tx.AddDigestIssue(ctx, weekly); return err })
		if !slices.Equal(readers, []int64{ids["bob"]}) {
			t.Errorf("valeria's weekly goes to %v, want bob only", readers)
		}
		update(func(tx *store.Tx) error {
			_, _, _, err := tx.AddDigestIssue(ctx, store.DigestIssue{Kind: store.DigestWeekly, PeriodStart: t0.Add(-time.Hour), PeriodEnd: t0})
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("a weekly without a correspondent: %v, want ErrInvalid", err)
			}
			return nil
		})
		var last store.DigestIssue
		update(func(tx *store.Tx) (err error) { last, err = tx.LastDigestIssue(ctx, store.DigestDaily, ""); return err })
		if last.ID != got.ID || !last.PeriodEnd.Equal(t0) || !slices.Equal(last.DraftIDs, draftIDs[1:]) {
			t.Errorf("last daily %+v, want %+v", last, got)
		}

		// Receives follows the preferences as they change.
		var rec bool
		update(func(tx *store.Tx) (err error) {
			rec, err = tx.Receives(ctx, ids["cat"], store.DigestDaily, "")
			return err
		})
		if rec {
			t.Error("cat, unconfirmed, receives the daily")
		}
		update(func(tx *store.Tx) error {
			return tx.SetNewsletterPrefs(ctx, store.NewsletterPrefs{MemberID: ids["ann"], Daily: false})
		})
		update(func(tx *store.Tx) (err error) {
			rec, err = tx.Receives(ctx, ids["ann"], store.DigestDaily, "")
			return err
		})
		if rec {
			t.Error("ann turned the daily off and still receives it")
		}
		update(func(tx *store.Tx) (err error) {
			rec, err = tx.Receives(ctx, ids["bob"], store.DigestWeekly, "valeria")
			return err
		})
		if !rec {
			t.Error("bob chose valeria's weekly and does not receive it")
		}

		// A send is tried, then finished once.
		var ok bool
		update(func(tx *store.Tx) (err error) { ok, err = tx.TryDigestSend(ctx, got.ID, ids["dan"]); return err })
		if !ok {
			t.Fatal("dan's pending send could not be tried")
		}
		update(func(tx *store.Tx) (err error) {
			ok, err = tx.FinishDigestSend(ctx, got.ID, ids["dan"], store.SendSent, "")
			return err
		})
		if !ok {
			t.Fatal("dan's send could not be marked sent")
		}
		update(func(tx *store.Tx) (err error) {
			ok, err = tx.FinishDigestSend(ctx, got.ID, ids["dan"], store.SendFailed, "late")
			return err
		})
		update(func(tx *store.Tx) error {
			if again, _ := tx.TryDigestSend(ctx, got.ID, ids["dan"]); again {
				t.Error("a sent send was tried again")
			}
			return nil
		})
		var send store.DigestSend
		update(func(tx *store.Tx) (err error) { send, err = tx.DigestSend(ctx, got.ID, ids["dan"]); return err })
		if ok || send.State != store.SendSent || send.Attempts != 1 || send.SentAt.IsZero() || send.TriedAt.IsZero() {
			t.Errorf("dan's send %+v (second finish %v): want sent once, one attempt", send, ok)
		}
		update(func(tx *store.Tx) error {
			if _, err := tx.FinishDigestSend(ctx, got.ID, ids["ann"], "lost", ""); !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("finishing as %q: %v, want ErrInvalid", "lost", err)
			}
			return nil
		})
		// A refusal after the hand-over reopens the send.
		update(func(tx *store.Tx) error { return tx.ReopenDigestSend(ctx, got.ID, ids["dan"], "550 spam", false) })
		update(func(tx *store.Tx) (err error) { send, err = tx.DigestSend(ctx, got.ID, ids["dan"]); return err })
		if send.State != store.SendPending || !send.SentAt.IsZero() || send.Error != "550 spam" {
			t.Errorf("reopened send %+v, want pending with the reason", send)
		}
		update(func(tx *store.Tx) (err error) {
			ok, err = tx.FinishDigestSend(ctx, got.ID, ids["dan"], store.SendSent, "")
			return err
		})
		var sends []store.DigestSend
		update(func(tx *store.Tx) (err error) { sends, err = tx.DigestSends(ctx, got.ID); return err })
		if len(sends) != 2 || sends[0].State != store.SendPending || sends[1].State != store.SendSent {
			t.Errorf("daily sends %+v", sends)
		}

		// Retracting an article drops it from what is still live.
		update(func(tx *store.Tx) error {
			_, err := tx.MoveDraft(ctx, draftIDs[0], beatdesk.DraftRetracted, "ed@example.org", "wrong")
			return err
		})
		update(func(tx *store.Tx) (err error) { ds, err = tx.LiveDrafts(ctx, draftIDs); return err })
		if len(ds) != 1 || ds[0].ID != draftIDs[1] {
			t.Errorf("live drafts %+v, want the second only", ds)
		}

		var k1, k2 []byte
		update(func(tx *store.Tx) (err error) { k1, err = tx.SiteKey(ctx, "newsletter"); return err })
		update(func(tx *store.Tx) (err error) { k2, err = tx.SiteKey(ctx, "newsletter"); return err })
		if len(k1) != 32 || string(k1) != string(k2) {
			t.Errorf("site key %x then %x: want the same 32 bytes", k1, k2)
		}
	})
}
