package web

import (
	"testing"
	"time"
)

func TestLimiterWindow(t *testing.T) {
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	l := newLimiter(3, 15*time.Minute, func() time.Time { return now })
	for i := range 3 {
		if !l.Allow("ip:1") {
			t.Fatalf("attempt %d refused; the limit is 3", i+1)
		}
	}
	if l.Allow("ip:1") {
		t.Fatal("the fourth attempt in the window was allowed")
	}
	if !l.Allow("ip:2") {
		t.Fatal("another key shares the first key's count")
	}
	now = now.Add(16 * time.Minute)
	if !l.Allow("ip:1") {
		t.Fatal("a new window did not reset the count")
	}
	if len(l.seen) != 1 {
		t.Errorf("%d keys remembered after the window passed, want 1 (expired ones swept)", len(l.seen))
	}
}
