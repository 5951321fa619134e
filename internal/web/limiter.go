package web

import (
	"sync"
	"time"
)

// limiter counts attempts per key (an IP address, an email) in a fixed
// window: enough to stop password guessing and mail bombing from one
// place, kept in memory because a restart forgiving a few attempts is
// harmless.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	seen   map[string]*window
	swept  time.Time
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(max int, per time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, window: per, now: now, seen: map[string]*window{}}
}

// Allow records an attempt for key and reports whether it is within the
// limit.
func (l *limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > l.window {
		// Forget expired windows now and then so the map stays small.
		for k, w := range l.seen {
			if now.Sub(w.start) > l.window {
				delete(l.seen, k)
			}
		}
		l.swept = now
	}
	w := l.seen[key]
	if w == nil || now.Sub(w.start) > l.window {
		w = &window{start: now}
		l.seen[key] = w
	}
	w.n++
	return w.n <= l.max
}
