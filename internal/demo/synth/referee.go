package synth

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// grace is how long a request may overlap the end of another without
// counting against the client: a request may have been sent, on another
// connection, before a 429 reached the client; and a client that gave up
// on a request (it timed out) has closed that connection before sending
// the next one, but this side may see the close a moment after the next
// request.
const grace = 250 * time.Millisecond

// A referee watches one host's traffic for impoliteness.
type referee struct {
	perHost int
	limit   int                         // most requests allowed in any one-second window: burst + rate
	later   func(time.Duration, func()) // runs a check after a delay (time.AfterFunc; tests replace it)

	mu          sync.Mutex
	calls       []*call // running, or ended in the last few seconds
	maxInflight int
	window      []time.Time // arrivals in the last second, oldest first
	maxWindow   int
	blockedAt   time.Time // when the last Retry-After was given
	blockedTill time.Time
	violations  Violations
	examples    []string
}

// A call is one request as the referee saw it.
type call struct {
	start, end time.Time // end is zero while it runs
	gaveUp     bool      // the client went away before the answer was complete
}

// Violations counts the ways a client was impolite.
type Violations struct {
	Concurrency int `json:"concurrency"` // a request beyond the per-host cap in flight
	Rate        int `json:"rate"`        // a request beyond rate+burst within one second
	RetryAfter  int `json:"retry_after"` // a request before the host's Retry-After ran out
}

// Total adds the kinds up.
func (v Violations) Total() int { return v.Concurrency + v.Rate + v.RetryAfter }

func newReferee(perHost int, rate float64, burst int) *referee {
	return &referee{perHost: perHost, limit: burst + int(math.Ceil(rate)),
		later: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
}

// arrive records a request arriving at now and returns the function to
// call when it is done, saying whether the client gave up on it.
func (rf *referee) arrive(now time.Time, what string) (done func(gaveUp bool)) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	c := &call{start: now}
	keep := rf.calls[:0]
	running := 0
	for _, o := range rf.calls {
		if o.end.IsZero() || now.Sub(o.end) < 2*time.Second {
			keep = append(keep, o)
		}
		if o.end.IsZero() {
			running++
		}
	}
	rf.calls = append(keep, c)
	rf.maxInflight = max(rf.maxInflight, running+1)
	if running+1 > rf.perHost {
		// Decide once the grace has passed, when it is known whether the
		// requests it overlaps had been given up by their client.
		rf.later(grace, func() { rf.judge(c, what) })
	}
	cut := 0
	for cut < len(rf.window) && now.Sub(rf.window[cut]) >= time.Second {
		cut++
	}
	rf.window = append(rf.window[cut:], now)
	rf.maxWindow = max(rf.maxWindow, len(rf.window))
	if len(rf.window) > rf.limit {
		rf.violations.Rate++
		rf.example(now, "%d requests within 1s (allowed %d): %s", len(rf.window), rf.limit, what)
	}
	if now.Before(rf.blockedTill) && now.Sub(rf.blockedAt) > grace {
		rf.violations.RetryAfter++
		rf.example(now, "request %.1fs before Retry-After ran out: %s", rf.blockedTill.Sub(now).Seconds(), what)
	}
	return func(gaveUp bool) {
		rf.mu.Lock()
		c.end, c.gaveUp = time.Now(), gaveUp
		rf.mu.Unlock()
	}
}

// judge counts the requests in flight when c arrived, leaving out those
// whose client had already given up on them (they ended within the grace
// after c arrived); more than the cap is a violation.
func (rf *referee) judge(c *call, what string) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	n := 0
	for _, o := range rf.calls {
		switch {
		case o.start.After(c.start):
		case !o.end.IsZero() && !o.end.After(c.start):
		case o != c && o.gaveUp && !o.end.IsZero() && o.end.Sub(c.start) <= grace:
		default:
			n++
		}
	}
	if n > rf.perHost {
		rf.violations.Concurrency++
		rf.example(c.start, "%d requests in flight (cap %d): %s", n, rf.perHost, what)
	}
}

// block records that the host asked for no requests until now+d; it
// returns how long is left of any earlier block, or d.
func (rf *referee) block(now time.Time, d time.Duration) time.Duration {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if now.Before(rf.blockedTill) {
		return rf.blockedTill.Sub(now)
	}
	rf.blockedAt, rf.blockedTill = now, now.Add(d)
	return d
}

func (rf *referee) example(now time.Time, format string, args ...any) {
	if len(rf.examples) < 5 {
		rf.examples = append(rf.examples, now.Format("15:04:05.000")+" "+fmt.Sprintf(format, args...))
	}
}
