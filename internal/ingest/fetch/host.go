package fetch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// How a host that throttles or stops answering is left alone.
const (
	// A host whose requests time out timeoutsBeforeCooldown times running
	// is left alone for coolDown, doubling with each further timeout up to
	// maxCoolDown: a dead server should not keep two workers busy for the
	// whole timeout, request after request.
	timeoutsBeforeCooldown = 2
	coolDown               = 30 * time.Second
	maxCoolDown            = 10 * time.Minute
	// maxBusyWait bounds the wait a BusyError suggests for a host that is
	// merely busy: the caller asks again then and is given a new place.
	maxBusyWait = 10 * time.Minute
)

// ErrBusy is wrapped by a *BusyError: the request was not sent because its
// host was not ready for it.
var ErrBusy = errors.New("host not ready")

// BusyError says a request was not sent because its host was not ready for
// it: every slot for the host was taken, its rate limit was spent (with
// Request.NoWait), or the host asked to be left alone (Retry-After, or it
// kept timing out). Ask again after Wait; nothing was sent.
type BusyError struct {
	URL    string
	Host   string
	Wait   time.Duration // how long to wait before asking again
	Reason string        // why, for logs
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("fetch %s: %s is not ready (%s); ask again in %s", e.URL, e.Host, e.Reason, e.Wait.Round(time.Millisecond))
}

// Is makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// hostGate is one host's politeness: its concurrency slots, rate limiter
// and any hold-off it asked for. Gates are never removed: at 10,000 feeds
// that is a few MB at most.
type hostGate struct {
	key     string
	perHost int
	rate    rate.Limit
	slots   chan struct{}
	limit   *rate.Limiter

	mu       sync.Mutex
	until    time.Time // no request before this
	why      string    // why until is set
	timeouts int       // requests that timed out, running
	took     time.Duration
	line     time.Time // when the last caller turned away was told to come back
}

func newGate(key string, perHost int, r float64, burst int) *hostGate {
	return &hostGate{key: key, perHost: perHost, rate: rate.Limit(r),
		slots: make(chan struct{}, perHost), limit: rate.NewLimiter(rate.Limit(r), burst)}
}

// hostKey names a host for its gate: lower case, default port dropped, so
// example.com and EXAMPLE.com:80 share one.
func hostKey(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port == "" {
		return host
	}
	return net.JoinHostPort(host, port)
}

func (c *Client) gate(u *url.URL) *hostGate {
	key := hostKey(u)
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.hosts[key]
	if g == nil {
		g = newGate(key, c.opts.PerHost, c.opts.HostRate, c.opts.HostBurst)
		c.hosts[key] = g
	}
	return g
}

// heldOff returns how long the host asked to be left alone from now, and why.
func (g *hostGate) heldOff(now time.Time) (time.Duration, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Before(g.until) {
		return g.until.Sub(now), g.why
	}
	return 0, ""
}

// try takes a slot and a rate token without waiting. When it cannot, it
// returns how long the caller should wait before trying again.
func (g *hostGate) try(now time.Time) (wait time.Duration, why string, ok bool) {
	if d, why := g.heldOff(now); d > 0 {
		return d, why, false
	}
	select {
	case g.slots <- struct{}{}:
	default:
		return g.turnAway(now, 0), fmt.Sprintf("no free slot of %d", g.perHost), false
	}
	if wait, ok := g.token(now); !ok {
		<-g.slots
		return wait, "rate limit reached", false
	}
	return 0, "", true
}

// token takes one of the rate limiter's tokens if one is there now;
// otherwise it returns how long to wait.
func (g *hostGate) token(now time.Time) (time.Duration, bool) {
	r := g.limit.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 || !r.OK() {
		r.CancelAt(now)
		return g.turnAway(now, d), false
	}
	return 0, true
}

// turnAway tells a caller to come back after at least base, and later than
// the callers turned away before it, so that a crowd of waiting jobs comes
// back one by one at the pace the host can take (its rate, or how long its
// requests take per slot) rather than all at once, only to be turned away
// again. A little jitter keeps them apart on a busy machine.
func (g *hostGate) turnAway(now time.Time, base time.Duration) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	step := time.Duration(float64(time.Second) / float64(g.rate))
	if per := g.took / time.Duration(g.perHost); per > step {
		step = per
	}
	step = max(step, 10*time.Millisecond)
	if base <= 0 {
		base = step // no slot free: one should be by then
	}
	at := now.Add(base)
	if next := g.line.Add(step); g.line.After(now) && next.After(at) {
		at = next
	}
	if at.Sub(now) > maxBusyWait {
		at = now.Add(maxBusyWait)
	}
	g.line = at
	return at.Sub(now) + time.Duration(rand.Int64N(int64(step)/4+1))
}

// acquire waits for a slot and a rate token, as long as ctx allows. A
// hold-off is waited out only when it ends within limit; past that, and
// past ctx's deadline, the caller gets a *BusyError at once.
func (g *hostGate) acquire(ctx context.Context, rawURL string, limit time.Duration) error {
	if d, why := g.heldOff(time.Now()); d > 0 {
		deadline, has := ctx.Deadline()
		if d > limit || (has && time.Now().Add(d).After(deadline)) {
			return &BusyError{URL: rawURL, Host: g.key, Wait: d, Reason: why}
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("waiting for a free slot for %s: %w", g.key, ctx.Err())
	}
	if err := g.limit.Wait(ctx); err != nil {
		<-g.slots
		return fmt.Errorf("waiting for the rate limit of %s: %w", g.key, err)
	}
	return nil
}

// An outcome is what became of one request, for the host's gate.
type outcome struct {
	took       time.Duration
	answered   bool          // the host answered (any status)
	timedOut   bool          // it did not answer in time
	status     int           // when answered
	retryAfter time.Duration // when answered with Retry-After
}

// release returns the slot and learns from the outcome: how long requests
// take, a Retry-After, a run of timeouts.
func (g *hostGate) release(o outcome, now time.Time) {
	<-g.slots
	g.mu.Lock()
	defer g.mu.Unlock()
	if o.took > 0 {
		if g.took == 0 {
			g.took = o.took
		} else {
			g.took = (3*g.took + o.took) / 4
		}
	}
	switch {
	case o.answered:
		g.timeouts = 0
		// A 429 or 503 without Retry-After fails only its own request (the
		// job's backoff takes care of it); with one, the whole host waits.
		wait := o.retryAfter
		if (o.status == 429 || o.status == 503) && wait > 0 {
			g.holdOff(now.Add(wait), fmt.Sprintf("it answered %d with Retry-After %s", o.status, wait.Round(time.Second)))
		}
	case o.timedOut:
		g.timeouts++
		if n := g.timeouts - timeoutsBeforeCooldown; n >= 0 {
			d := min(coolDown<<min(n, 10), maxCoolDown)
			g.holdOff(now.Add(d), fmt.Sprintf("cooling down %s after %d timeouts running", d, g.timeouts))
		}
	}
}

// holdOff refuses requests to the host until t (never shortening an
// earlier hold-off). The caller holds g.mu.
func (g *hostGate) holdOff(t time.Time, why string) {
	if t.After(g.until) {
		g.until, g.why = t, why
	}
}

// Delay reports how long a request to rawURL's host would have to wait
// now: the rest of a hold-off the host asked for, else until its rate
// limit allows one more request, else, when all its slots are taken, about
// how long a slot takes to free. It is 0 when a request could start at
// once. It reserves nothing: a job checks it before work that leads to a
// request (reading robots.txt, say) and is snoozed instead when it is not 0.
func (c *Client) Delay(rawURL string) time.Duration {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return 0 // Get will say what is wrong with it
	}
	g := c.gate(u)
	now := time.Now()
	if d, _ := g.heldOff(now); d > 0 {
		return d
	}
	if d := g.limit.TokensAt(now); d < 1 {
		return time.Duration((1 - d) / float64(g.rate) * float64(time.Second))
	}
	if len(g.slots) == cap(g.slots) {
		g.mu.Lock()
		defer g.mu.Unlock()
		return max(g.took/time.Duration(g.perHost), 10*time.Millisecond)
	}
	return 0
}
