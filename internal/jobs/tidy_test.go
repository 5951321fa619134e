package jobs

import (
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestTidyLapsesMemberships: a member whose renewal failed more than the
// grace period ago, with no word from Stripe since, is a member no more
// after the hourly tidy; one still within the grace keeps the level.
func TestTidyLapsesMemberships(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) { tidyLapses(t, e) })
	}
}

func tidyLapses(t *testing.T, e store.Engine) {
	clock := time.Now()
	s, err := store.Open(t.Context(), storetest.DSN(t, e), func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h := newHarness(t, s, testConfig())
	var late, recent beatdesk.Member
	err = s.Update(h.ctx, func(tx *store.Tx) (err error) {
		if late, err = tx.AddMember(h.ctx, "late@example.org", beatdesk.LevelMember); err != nil {
			return err
		}
		if recent, err = tx.AddMember(h.ctx, "recent@example.org", beatdesk.LevelMember); err != nil {
			return err
		}
		for _, m := range []store.Membership{
			{SubscriptionID: "sub_late", MemberID: late.ID, Plan: "monthly", Status: store.StatusActive, EventAt: tx.Now.Add(-40 * 24 * time.Hour)},
			{SubscriptionID: "sub_recent", MemberID: recent.ID, Plan: "monthly", Status: store.StatusActive, EventAt: tx.Now.Add(-40 * 24 * time.Hour)},
		} {
			if _, err := tx.ApplyMembership(h.ctx, m, payments.Grace); err != nil {
				return err
			}
		}
		// Both renewals fail; the first long ago, the second yesterday.
		if _, err := tx.ApplyMembership(h.ctx, store.Membership{SubscriptionID: "sub_late", MemberID: late.ID, Plan: "monthly",
			Status: store.StatusPastDue, EventAt: tx.Now.Add(-payments.Grace + time.Hour)}, payments.Grace); err != nil {
			return err
		}
		_, err = tx.ApplyMembership(h.ctx, store.Membership{SubscriptionID: "sub_recent", MemberID: recent.ID, Plan: "monthly",
			Status: store.StatusPastDue, EventAt: tx.Now.Add(-24 * time.Hour)}, payments.Grace)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	level := func(id int64) string {
		var m beatdesk.Member
		if err := s.View(h.ctx, func(tx *store.Tx) (err error) { m, err = tx.Member(h.ctx, id); return err }); err != nil {
			t.Fatal(err)
		}
		return m.Level
	}
	if level(late.ID) != beatdesk.LevelMember {
		t.Fatalf("the late member lost the level before tidy ran")
	}
	// Two hours pass with no event from Stripe.
	clock = clock.Add(2 * time.Hour)
	if _, err := h.p.Tidy(h.ctx); err != nil {
		t.Fatal(err)
	}
	if got := level(late.ID); got == beatdesk.LevelMember {
		t.Errorf("a renewal failed beyond the grace period, yet the reader is still a member")
	}
	if got := level(recent.ID); got != beatdesk.LevelMember {
		t.Errorf("a renewal that failed yesterday ended the membership (level %q); the grace is %s", got, payments.Grace)
	}
}
