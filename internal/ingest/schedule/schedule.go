// Package schedule decides when a source is polled next. It learns each
// feed's pace from the publication times of its entries, polls busy feeds
// often and quiet ones rarely, never sooner than the publisher asked
// (RSS ttl, Cache-Control max-age, Retry-After), backs off exponentially
// while a source fails and pauses it after many failures, and adds jitter
// so thousands of sources do not fall due together.
package schedule

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Policy holds the bounds an operator sets.
type Policy struct {
	Min        time.Duration // never poll a source more often (default 2 min)
	Max        time.Duration // never wait longer (default 24 h)
	PauseAfter int           // consecutive failures before a source is paused (default 10)
}

func (p Policy) withDefaults() Policy {
	if p.Min <= 0 {
		p.Min = 2 * time.Minute
	}
	if p.Max <= 0 {
		p.Max = 24 * time.Hour
	}
	if p.Max < p.Min {
		p.Max = p.Min
	}
	if p.PauseAfter <= 0 {
		p.PauseAfter = 10
	}
	return p
}

// A Poll describes what the last poll of a source found.
type Poll struct {
	Previous   time.Duration // the interval chosen at the last poll (backoff included); 0 for a first poll
	Failures   int           // consecutive failures including this poll; 0 when it succeeded
	NewEntries int           // entries not seen before
	Entries    []time.Time   // publication times of the feed's entries (zero when undated)
	TTL        time.Duration // RSS <ttl>
	MaxAge     time.Duration // Cache-Control max-age
	RetryAfter time.Duration // Retry-After of a 429 or 503
	Priority   int           // 0 normal; 1 or 2 when the source feeds active stories
	// Pushed says a hub pushes the source's updates (an active WebSub
	// subscription whose deliveries arrive): polling is then only the
	// fallback and waits at least PushedMin. It is false again once the
	// lease lapses, and polling returns to the feed's pace.
	Pushed bool
	Now    time.Time // when the poll happened
}

// FirstIntervalFloors is the wait after the first poll of a feed that
// lists fewer than three dated entries (new, empty, or undated), whose
// pace cannot be told yet, in multiples of Policy.Min: 10 minutes at the
// default 2-minute floor. That is soon enough that a feed which has just
// started publishing is learnt within the hour, and rarely enough that
// thousands of empty feeds added at once cost little (10,000 feeds: about
// 17 polls a second). Later polls of such a feed adapt from it: sooner
// after new entries, later after none.
const FirstIntervalFloors = 5

// PushedMin is the shortest interval between polls of a pushed source
// (see Poll.Pushed); Policy.Max still caps it.
const PushedMin = time.Hour

// A Decision is when to poll next and why.
type Decision struct {
	Interval time.Duration
	Paused   bool   // the source failed Policy.PauseAfter times running
	Reason   string // for the desk, e.g. "about 40 entries a day: every 18m"
}

// Next decides the interval until the next poll.
func (p Policy) Next(poll Poll) Decision {
	p = p.withDefaults()
	var d Decision
	switch {
	case poll.Failures >= p.PauseAfter:
		d = Decision{Interval: p.Max, Paused: true, Reason: "paused after repeated failures; re-checked once a day"}
	case poll.Failures > 0:
		// Previous already holds the earlier doublings: the first failure
		// keeps the interval, each further one doubles it.
		base := max(poll.Previous, p.Min)
		if poll.Failures > 1 {
			base *= 2
		}
		d = Decision{Interval: base, Reason: "backing off after " + strconv.Itoa(poll.Failures) + " failures"}
	default:
		d = p.pace(poll)
		if poll.Pushed && d.Interval < PushedMin {
			d.Interval = PushedMin
			d.Reason += "; pushed by its WebSub hub, so polled only as a fallback"
		}
	}
	// The publisher's wishes come first, then the bounds.
	if asked := max(poll.TTL, poll.MaxAge, poll.RetryAfter); asked > d.Interval {
		d.Interval = asked
		d.Reason += "; the publisher asks for at least " + asked.Round(time.Second).String()
	}
	d.Interval = min(max(d.Interval, p.Min), p.Max)
	if poll.RetryAfter > d.Interval {
		d.Interval = poll.RetryAfter // Retry-After is honoured even past Max
	}
	return d
}

// pace estimates how often a healthy feed publishes and polls at half its
// typical gap between entries, so a new entry waits half a gap on average.
// With fewer than three dates it starts at FirstInterval, then adapts the
// previous interval: shorter after new entries, longer after none.
func (p Policy) pace(poll Poll) Decision {
	dates := make([]time.Time, 0, len(poll.Entries))
	for _, t := range poll.Entries {
		if !t.IsZero() {
			dates = append(dates, t)
		}
	}
	if len(dates) >= 3 {
		slices.SortFunc(dates, func(a, b time.Time) int { return b.Compare(a) })
		gaps := make([]time.Duration, 0, len(dates)-1)
		for i := 1; i < len(dates); i++ {
			gaps = append(gaps, dates[i-1].Sub(dates[i]))
		}
		slices.Sort(gaps)
		gap := gaps[len(gaps)/2]
		// A feed that has gone quiet is not polled at its old pace.
		if since := poll.Now.Sub(dates[0]); !poll.Now.IsZero() && since/2 > gap {
			gap = since / 2
		}
		perDay := float64(24*time.Hour) / float64(max(gap, time.Second))
		priority := ""
		if poll.Priority > 0 {
			gap /= time.Duration(1 << min(poll.Priority, 2))
			priority = ", sooner while it feeds active stories"
		}
		return Decision{Interval: gap / 2, Reason: "about " + strconv.Itoa(int(perDay+0.5)) + " entries a day" + priority}
	}
	prev := poll.Previous
	if prev == 0 {
		first := p.Min * FirstIntervalFloors
		return Decision{Interval: first, Reason: "too few dated entries yet to learn its pace; looking again in " + first.String()}
	}
	if poll.NewEntries > 0 {
		return Decision{Interval: prev * 3 / 4, Reason: "undated entries; new ones found, polling sooner"}
	}
	return Decision{Interval: prev * 3 / 2, Reason: "undated entries; nothing new, polling later"}
}

// Jitter spreads an interval by ±10% so sources do not fall due together.
func Jitter(d time.Duration) time.Duration {
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
}
