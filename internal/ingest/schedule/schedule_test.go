package schedule

import (
	"strings"
	"testing"
	"time"
)

func entriesEvery(now time.Time, gap time.Duration, n int) []time.Time {
	var ts []time.Time
	for i := 0; i < n; i++ {
		ts = append(ts, now.Add(-time.Duration(i)*gap))
	}
	return ts
}

func TestNext(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	p := Policy{}
	for _, tc := range []struct {
		name   string
		poll   Poll
		want   time.Duration
		paused bool
		reason string
	}{
		{"busy feed: half its gap", Poll{Entries: entriesEvery(now, 30*time.Minute, 20), Now: now}, 15 * time.Minute, false, "48 entries a day"},
		{"very busy feed: floor", Poll{Entries: entriesEvery(now, time.Minute, 20), Now: now}, 2 * time.Minute, false, ""},
		{"quiet feed: ceiling", Poll{Entries: entriesEvery(now, 5*24*time.Hour, 10), Now: now}, 24 * time.Hour, false, ""},
		{"gone quiet: not its old pace", Poll{Entries: entriesEvery(now.Add(-10*time.Hour), 10*time.Minute, 20), Now: now}, 5 * time.Hour / 2, false, ""},
		{"active stories: sooner", Poll{Entries: entriesEvery(now, time.Hour, 20), Now: now, Priority: 1}, 15 * time.Minute, false, "active stories"},
		{"ttl wins over pace", Poll{Entries: entriesEvery(now, 10*time.Minute, 20), Now: now, TTL: time.Hour}, time.Hour, false, "publisher asks"},
		{"max-age wins over pace", Poll{Entries: entriesEvery(now, 10*time.Minute, 20), Now: now, MaxAge: 30 * time.Minute}, 30 * time.Minute, false, "publisher asks"},
		{"undated, nothing new: later", Poll{Previous: 20 * time.Minute, Now: now}, 30 * time.Minute, false, "nothing new"},
		{"undated, new entries: sooner", Poll{Previous: 20 * time.Minute, NewEntries: 3, Now: now}, 15 * time.Minute, false, "new ones"},
		{"first poll, empty feed: a moderate first wait", Poll{Now: now}, 10 * time.Minute, false, "too few dated entries"},
		{"first poll, two dated entries: the same", Poll{Entries: entriesEvery(now, time.Hour, 2), NewEntries: 2, Now: now}, 10 * time.Minute, false, "too few"},
		{"first poll, undated entries: the same", Poll{Entries: make([]time.Time, 20), NewEntries: 20, Now: now}, 10 * time.Minute, false, "too few"},
		{"empty again: later", Poll{Previous: 10 * time.Minute, Now: now}, 15 * time.Minute, false, "nothing new"},
		{"first failure", Poll{Previous: 10 * time.Minute, Failures: 1}, 10 * time.Minute, false, "backing off"},
		{"second failure doubles", Poll{Previous: 10 * time.Minute, Failures: 2}, 20 * time.Minute, false, "backing off after 2"},
		{"many failures: capped", Poll{Previous: 20 * time.Hour, Failures: 9}, 24 * time.Hour, false, ""},
		{"paused", Poll{Previous: 10 * time.Minute, Failures: 10}, 24 * time.Hour, true, "paused"},
		{"pushed: polled hourly as a fallback", Poll{Entries: entriesEvery(now, 10*time.Minute, 20), Now: now, Pushed: true}, time.Hour, false, "WebSub"},
		{"pushed, quiet feed: its own pace", Poll{Entries: entriesEvery(now, 6*time.Hour, 20), Now: now, Pushed: true}, 3 * time.Hour, false, "entries a day"},
		{"pushed but failing: backoff as usual", Poll{Previous: 10 * time.Minute, Failures: 1, Pushed: true}, 10 * time.Minute, false, "backing off"},
		{"retry-after honoured past the ceiling", Poll{Previous: 10 * time.Minute, Failures: 1, RetryAfter: 36 * time.Hour}, 36 * time.Hour, false, "publisher asks"},
	} {
		d := p.Next(tc.poll)
		if d.Interval != tc.want || d.Paused != tc.paused || !strings.Contains(d.Reason, tc.reason) {
			t.Errorf("%s: got %s paused=%v %q; want %s paused=%v reason containing %q", tc.name, d.Interval, d.Paused, d.Reason, tc.want, tc.paused, tc.reason)
		}
	}
}

func TestPolicyBounds(t *testing.T) {
	p := Policy{Min: 5 * time.Minute, Max: time.Hour}
	now := time.Now()
	if d := p.Next(Poll{Entries: entriesEvery(now, time.Minute, 10), Now: now}); d.Interval != 5*time.Minute {
		t.Errorf("floor: %s", d.Interval)
	}
	if d := p.Next(Poll{Entries: entriesEvery(now, 24*time.Hour, 10), Now: now}); d.Interval != time.Hour {
		t.Errorf("ceiling: %s", d.Interval)
	}
	if d := p.Next(Poll{Now: now}); d.Interval != FirstIntervalFloors*5*time.Minute {
		t.Errorf("first poll of an empty feed under a 5m floor: %s, want %d floors", d.Interval, FirstIntervalFloors)
	}
	if d := (Policy{Max: 30 * time.Minute}).Next(Poll{Entries: entriesEvery(now, time.Minute, 10), Now: now, Pushed: true}); d.Interval != 30*time.Minute {
		t.Errorf("pushed under a 30m ceiling: %s, want the ceiling", d.Interval)
	}
}

func TestJitter(t *testing.T) {
	seen := map[time.Duration]bool{}
	for i := 0; i < 100; i++ {
		j := Jitter(time.Hour)
		if j < 54*time.Minute || j > 66*time.Minute {
			t.Fatalf("jitter %s outside ±10%%", j)
		}
		seen[j] = true
	}
	if len(seen) < 50 {
		t.Errorf("jitter barely varies: %d distinct values in 100", len(seen))
	}
}
