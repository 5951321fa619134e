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

// TestWebSub walks a subscription through its states on both engines:
// added pending, at most one current per source, requested, activated
// with a lease, deliveries and refusals counted, found due for renewal by
// the same rule in SQL and in Go, denied, and unsubscribed (after which
// the source may have a new one while the old token still resolves).
func TestWebSub(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		var src beatdesk.Source
		var w store.WebSub
		update(func(tx *store.Tx) (err error) {
			if src, err = tx.AddSource(ctx, beatdesk.Source{Name: "Wire", FeedURL: "https://wire.example/feed.xml"}); err != nil {
				return err
			}
			w, err = tx.AddWebSub(ctx, store.WebSub{SourceID: src.ID, Hub: "https://hub.example/", Topic: "https://wire.example/feed.xml", Token: "tok1", Secret: "sec1"})
			return err
		})
		if w.ID == 0 || w.State != store.WebSubPending || !w.RequestedAt.IsZero() || w.CreatedAt.IsZero() {
			t.Fatalf("new subscription: %+v", w)
		}
		err := s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddWebSub(ctx, store.WebSub{SourceID: src.ID, Hub: "https://other.example/", Topic: "t", Token: "tok2", Secret: "s"})
			return err
		})
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Errorf("second current subscription: %v, want ErrConflict", err)
		}
		err = s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddWebSub(ctx, store.WebSub{SourceID: src.ID, Hub: "https://hub.example/"})
			return err
		})
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("subscription without token or secret: %v, want ErrInvalid", err)
		}

		get := func() store.WebSub {
			t.Helper()
			var got store.WebSub
			if err := s.View(ctx, func(tx *store.Tx) (err error) { got, err = tx.WebSubByToken(ctx, "tok1"); return err }); err != nil {
				t.Fatal(err)
			}
			return got
		}
		now := s.Now()
		due := store.WebSubDue{RetryBefore: now.Add(-time.Hour), LeaseBefore: now.Add(24 * time.Hour), RenewBefore: now.Add(-time.Hour), DeniedBefore: now.Add(-7 * 24 * time.Hour)}
		dueIDs := func(c store.WebSubDue) []int64 {
			t.Helper()
			var ids []int64
			s.View(ctx, func(tx *store.Tx) error {
				ws, err := tx.WebSubsDue(ctx, c, 10)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range ws {
					if !c.Due(w) {
						t.Errorf("WebSubsDue lists %d (%s) but Due says it is not due", w.ID, w.State)
					}
					ids = append(ids, w.ID)
				}
				return nil
			})
			return ids
		}
		if got := dueIDs(due); !slices.Equal(got, []int64{w.ID}) || !due.Due(get()) {
			t.Errorf("never requested: due %v, want [%d]", got, w.ID)
		}

		update(func(tx *store.Tx) error { return tx.WebSubRequested(ctx, w.ID, "") })
		if got := dueIDs(due); len(got) != 0 || due.Due(get()) {
			t.Errorf("just requested: due %v, want none", got)
		}
		// Requested long ago and never verified: asked again.
		later := due
		later.RetryBefore = now.Add(2 * time.Hour)
		if got := dueIDs(later); !slices.Equal(got, []int64{w.ID}) {
			t.Errorf("pending past the retry time: due %v", got)
		}

		update(func(tx *store.Tx) error { return tx.ActivateWebSub(ctx, w.ID, 10*24*time.Hour) })
		got := get()
		if got.State != store.WebSubActive || !got.LeaseUntil.After(now.Add(9*24*time.Hour)) || got.LastError != "" {
			t.Errorf("after verification: %+v", got)
		}
		if ids := dueIDs(due); len(ids) != 0 {
			t.Errorf("active with 10 days of lease: due %v", ids)
		}
		// The lease nears its end: renewal is due, but not again right
		// after a request.
		nearEnd := due
		nearEnd.LeaseBefore, nearEnd.RenewBefore = now.Add(11*24*time.Hour), now.Add(time.Hour)
		if ids := dueIDs(nearEnd); !slices.Equal(ids, []int64{w.ID}) {
			t.Errorf("lease ending: due %v, want [%d]", ids, w.ID)
		}
		nearEnd.RenewBefore = now.Add(-time.Hour)
		if ids := dueIDs(nearEnd); len(ids) != 0 {
			t.Errorf("lease ending but requested within the hour: due %v", ids)
		}

		update(func(tx *store.Tx) error {
			if err := tx.RecordWebSubDelivery(ctx, got, 3); err != nil {
				return err
			}
			return tx.RecordWebSubIgnored(ctx, w.ID, "bad signature")
		})
		got = get()
		var after beatdesk.Source
		s.View(ctx, func(tx *store.Tx) (err error) { after, err = tx.Source(ctx, src.ID); return err })
		if got.Deliveries != 1 || got.Ignored != 1 || got.LastDelivery.IsZero() || got.LastError != "bad signature" || after.ItemCount != 3 {
			t.Errorf("after a delivery and a refusal: %+v, source item count %d", got, after.ItemCount)
		}

		update(func(tx *store.Tx) error {
			return tx.SetWebSubState(ctx, w.ID, store.WebSubDenied, "hub: topic not allowed")
		})
		if ids := dueIDs(due); len(ids) != 0 {
			t.Errorf("just denied: due %v", ids)
		}
		weekLater := due
		weekLater.DeniedBefore = now.Add(time.Hour)
		if ids := dueIDs(weekLater); !slices.Equal(ids, []int64{w.ID}) {
			t.Errorf("denied a week ago: due %v", ids)
		}

		update(func(tx *store.Tx) error { return tx.SetWebSubState(ctx, w.ID, store.WebSubUnsubscribed, "") })
		err = s.View(ctx, func(tx *store.Tx) error { _, err := tx.WebSubOfSource(ctx, src.ID); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("current subscription after unsubscribing: %v, want ErrNotFound", err)
		}
		var w2 store.WebSub
		update(func(tx *store.Tx) (err error) {
			w2, err = tx.AddWebSub(ctx, store.WebSub{SourceID: src.ID, Hub: "https://new-hub.example/", Topic: "https://wire.example/feed.xml", Token: "tok2", Secret: "sec2"})
			return err
		})
		var cur store.WebSub
		s.View(ctx, func(tx *store.Tx) (err error) { cur, err = tx.WebSubOfSource(ctx, src.ID); return err })
		if cur.ID != w2.ID || get().State != store.WebSubUnsubscribed {
			t.Errorf("current %d, want the new %d; old one %s", cur.ID, w2.ID, get().State)
		}
		if err := s.Update(ctx, func(tx *store.Tx) error { return tx.ActivateWebSub(ctx, 999999, time.Hour) }); !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("activating a missing subscription: %v, want ErrNotFound", err)
		}
	})
}
