package store_test

import (
	"context"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

const grace = 7 * 24 * time.Hour

// TestPayments walks memberships, contributions and webhook bookkeeping
// through both engines: events remembered once, memberships that follow
// the newest event whatever the order they arrive in, a subscription that
// has ended staying ended, Checkout's word overridden by Stripe's, the
// reader's level following, and a failed renewal lapsing after the grace.
func TestPayments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		level := func(id int64) string {
			t.Helper()
			var m beatdesk.Member
			if err := s.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.Member(ctx, id); return err }); err != nil {
				t.Fatal(err)
			}
			return m.Level
		}
		status := func(sub string, memberID int64) string {
			t.Helper()
			var ms []store.Membership
			if err := s.View(ctx, func(tx *store.Tx) (err error) { ms, err = tx.Memberships(ctx, memberID); return err }); err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.SubscriptionID == sub {
					return m.Status
				}
			}
			return "none"
		}
		apply := func(m store.Membership) bool {
			t.Helper()
			var ok bool
			update(func(tx *store.Tx) (err error) { ok, err = tx.ApplyMembership(ctx, m, grace); return err })
			return ok
		}

		var ann, bob beatdesk.Member
		update(func(tx *store.Tx) (err error) {
			if ann, err = tx.AddMember(ctx, "ann@example.org", beatdesk.LevelSubscriber); err != nil {
				return err
			}
			bob, err = tx.AddMember(ctx, "bob@example.org", beatdesk.LevelSubscriber)
			return err
		})

		// Events are remembered once.
		t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		var first, again bool
		update(func(tx *store.Tx) (err error) { first, err = tx.RecordStripeEvent(ctx, "evt_1", "x", t0); return err })
		update(func(tx *store.Tx) (err error) { again, err = tx.RecordStripeEvent(ctx, "evt_1", "x", t0); return err })
		if !first || again {
			t.Errorf("RecordStripeEvent: first %v, again %v; want true, false", first, again)
		}

		// In order: created active, then deleted.
		if !apply(store.Membership{SubscriptionID: "sub_a", MemberID: ann.ID, Plan: "monthly", Status: store.StatusActive, EventAt: t0, PeriodEnd: t0.AddDate(0, 1, 0)}) {
			t.Error("a new subscription was not applied")
		}
		if got := level(ann.ID); got != beatdesk.LevelMember {
			t.Errorf("active subscription: level %q, want member", got)
		}
		apply(store.Membership{SubscriptionID: "sub_a", MemberID: ann.ID, Status: store.StatusCanceled, EventAt: t0.Add(time.Hour)})
		if got := level(ann.ID); got != beatdesk.LevelSubscriber {
			t.Errorf("canceled subscription: level %q, want subscriber", got)
		}
		// A late "updated: active" from before the cancellation, and even one
		// stamped after it, cannot revive an ended subscription.
		if apply(store.Membership{SubscriptionID: "sub_a", MemberID: ann.ID, Status: store.StatusActive, EventAt: t0.Add(30 * time.Minute)}) {
			t.Error("an older event was applied over a newer one")
		}
		apply(store.Membership{SubscriptionID: "sub_a", MemberID: ann.ID, Status: store.StatusActive, EventAt: t0.Add(2 * time.Hour)})
		if got, st := level(ann.ID), status("sub_a", ann.ID); got != beatdesk.LevelSubscriber || st != store.StatusCanceled {
			t.Errorf("after late events: level %q status %q, want subscriber canceled", got, st)
		}

		// Out of order: the deletion arrives before the creation.
		apply(store.Membership{SubscriptionID: "sub_b", MemberID: bob.ID, Status: store.StatusCanceled, EventAt: t0.Add(time.Hour)})
		apply(store.Membership{SubscriptionID: "sub_b", MemberID: bob.ID, Status: store.StatusActive, EventAt: t0})
		if got := level(bob.ID); got != beatdesk.LevelSubscriber {
			t.Errorf("deleted-then-created: level %q, want subscriber", got)
		}
		// Checkout completing for that ended subscription changes nothing.
		update(func(tx *store.Tx) error { return tx.StartMembership(ctx, "sub_b", bob.ID, "monthly", t0, grace) })
		if got, st := level(bob.ID), status("sub_b", bob.ID); got != beatdesk.LevelSubscriber || st != store.StatusCanceled {
			t.Errorf("checkout after deletion: level %q status %q", got, st)
		}

		// A second subscription makes Ann a member again; Checkout's word
		// comes first and Stripe's later events, even older ones, override it.
		update(func(tx *store.Tx) error {
			return tx.StartMembership(ctx, "sub_c", ann.ID, "yearly", t0.Add(3*time.Hour), grace)
		})
		if got := level(ann.ID); got != beatdesk.LevelMember {
			t.Errorf("after checkout: level %q, want member", got)
		}
		apply(store.Membership{SubscriptionID: "sub_c", MemberID: ann.ID, Status: store.StatusIncomplete, EventAt: t0.Add(2 * time.Hour)})
		if got := level(ann.ID); got != beatdesk.LevelSubscriber {
			t.Errorf("incomplete after checkout: level %q, want subscriber", got)
		}
		update(func(tx *store.Tx) error {
			return tx.StartMembership(ctx, "sub_c", ann.ID, "yearly", t0.Add(3*time.Hour), grace)
		})
		if got, st := level(ann.ID), status("sub_c", ann.ID); got != beatdesk.LevelMember || st != store.StatusActive {
			t.Errorf("checkout completing an incomplete subscription: level %q status %q", got, st)
		}

		// A failed renewal keeps the membership for the grace, then lapses.
		now := s.Now()
		apply(store.Membership{SubscriptionID: "sub_c", MemberID: ann.ID, Status: store.StatusPastDue, EventAt: now.Add(-grace + time.Hour)})
		if got := level(ann.ID); got != beatdesk.LevelMember {
			t.Errorf("past_due within grace: level %q, want member", got)
		}
		var lapsed int
		update(func(tx *store.Tx) (err error) { lapsed, err = tx.LapseMemberships(ctx, grace); return err })
		if lapsed != 0 || level(ann.ID) != beatdesk.LevelMember {
			t.Errorf("LapseMemberships within grace lapsed %d", lapsed)
		}
		update(func(tx *store.Tx) (err error) { lapsed, err = tx.LapseMemberships(ctx, grace-2*time.Hour); return err })
		if lapsed != 1 || level(ann.ID) != beatdesk.LevelSubscriber {
			t.Errorf("LapseMemberships beyond grace lapsed %d, level %q", lapsed, level(ann.ID))
		}
		// Status past_due that is already beyond the grace when it arrives.
		apply(store.Membership{SubscriptionID: "sub_d", MemberID: bob.ID, Status: store.StatusPastDue, EventAt: now.Add(-grace - time.Hour)})
		if got := level(bob.ID); got != beatdesk.LevelSubscriber {
			t.Errorf("past_due beyond grace: level %q, want subscriber", got)
		}

		// Customers link once, to one reader.
		var linked bool
		update(func(tx *store.Tx) (err error) { linked, err = tx.SetStripeCustomer(ctx, ann.ID, "cus_ann"); return err })
		if !linked {
			t.Error("first customer link refused")
		}
		update(func(tx *store.Tx) (err error) { linked, err = tx.SetStripeCustomer(ctx, bob.ID, "cus_ann"); return err })
		if linked {
			t.Error("a customer was linked to a second reader")
		}
		var found beatdesk.Member
		var cus string
		update(func(tx *store.Tx) (err error) {
			if found, err = tx.MemberByStripeCustomer(ctx, "cus_ann"); err != nil {
				return err
			}
			cus, err = tx.StripeCustomer(ctx, ann.ID)
			return err
		})
		if found.ID != ann.ID || cus != "cus_ann" {
			t.Errorf("customer lookup: member %d customer %q", found.ID, cus)
		}

		// Contributions are recorded once per Checkout session.
		c := store.Contribution{CheckoutSessionID: "cs_1", Email: "x@example.org", Amount: 1500, Currency: "usd", PaidAt: t0}
		var added1, added2 bool
		update(func(tx *store.Tx) (err error) { added1, err = tx.AddContribution(ctx, c); return err })
		update(func(tx *store.Tx) (err error) { added2, err = tx.AddContribution(ctx, c); return err })
		var cs []store.Contribution
		update(func(tx *store.Tx) (err error) { cs, err = tx.Contributions(ctx, 10); return err })
		if !added1 || added2 || len(cs) != 1 || cs[0].Amount != 1500 || cs[0].MemberID != 0 {
			t.Errorf("contributions: added %v %v, stored %+v", added1, added2, cs)
		}
	})
}
