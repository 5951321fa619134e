package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// inFlight counts the requests a test server is handling and remembers the
// most it has seen at once.
type inFlight struct{ now, peak atomic.Int32 }

func (f *inFlight) enter() {
	n := f.now.Add(1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
}

func (f *inFlight) leave() { f.now.Add(-1) }

// slowServer takes hold ms per request and counts concurrency in f.
func slowServer(f *inFlight, hold time.Duration) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.enter()
		defer f.leave()
		time.Sleep(hold)
	}))
}

// getAll runs n Gets at once, the i-th for urls[i%len(urls)].
func getAll(t *testing.T, c *Client, n int, urls ...string) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), Request{URL: urls[i%len(urls)]}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// TestPerHostCap measures, at the server, the most requests in flight
// while 20 Gets run at once.
func TestPerHostCap(t *testing.T) {
	for _, tc := range []struct {
		perHost, want int32
	}{{0, DefaultPerHost}, {1, 1}, {3, 3}} {
		var f inFlight
		srv := slowServer(&f, 25*time.Millisecond)
		getAll(t, testClient(Options{PerHost: int(tc.perHost)}), 20, srv.URL)
		srv.Close()
		// Reaching the cap shows the measurement can see concurrency at all.
		if p := f.peak.Load(); p != tc.want {
			t.Errorf("PerHost %d: peak in flight %d, want %d", tc.perHost, p, tc.want)
		}
	}
}

// TestPerHostCapIsPerHost: one host's cap does not hold back another's.
func TestPerHostCapIsPerHost(t *testing.T) {
	var a, b, both inFlight
	mk := func(f *inFlight) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f.enter()
			both.enter()
			time.Sleep(40 * time.Millisecond)
			both.leave()
			f.leave()
		}))
	}
	sa, sb := mk(&a), mk(&b)
	defer sa.Close()
	defer sb.Close()
	getAll(t, testClient(Options{PerHost: 2}), 20, sa.URL, sb.URL)
	if a.peak.Load() > 2 || b.peak.Load() > 2 {
		t.Errorf("peaks %d and %d, want at most 2 each", a.peak.Load(), b.peak.Load())
	}
	if both.peak.Load() < 3 {
		t.Errorf("at most %d requests in flight across two hosts: the cap is not per host", both.peak.Load())
	}
}

// TestRedirectsShareTheTargetsCap: feeds on many hosts that redirect to one
// server (a feed proxy, a CDN) must not crowd it. Each origin holds its own
// slots, so before redirects took a slot of their target this server saw
// up to 2 per origin, 10 in all.
func TestRedirectsShareTheTargetsCap(t *testing.T) {
	var f inFlight
	target := slowServer(&f, 30*time.Millisecond)
	defer target.Close()
	var origins []string
	for range 5 {
		o := httptest.NewServer(http.RedirectHandler(target.URL+"/feed", http.StatusFound))
		defer o.Close()
		origins = append(origins, o.URL)
	}
	getAll(t, testClient(Options{PerHost: 2}), 20, origins...)
	if p := f.peak.Load(); p != 2 {
		t.Errorf("peak in flight at the redirect target %d, want 2", p)
	}
}

// TestRedirectLoopBetweenTwoHostsDoesNotDeadlock: a Get holds one slot at a
// time, so hosts redirecting to each other under a cap of one still finish
// (with the redirect limit), and every slot is returned afterwards.
func TestRedirectLoopBetweenTwoHostsDoesNotDeadlock(t *testing.T) {
	var a, b *httptest.Server
	a = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, b.URL, http.StatusFound)
	}))
	b = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, a.URL, http.StatusFound)
	}))
	defer a.Close()
	defer b.Close()
	c := testClient(Options{PerHost: 1, Timeout: 5 * time.Second})
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			u := []string{a.URL, b.URL}[i%2]
			if _, err := c.Get(context.Background(), Request{URL: u}); err == nil {
				t.Error("a redirect loop succeeded")
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(4 * time.Second):
		t.Fatal("Gets still waiting after 4s: deadlock between the two hosts' slots")
	}
	for _, u := range []string{a.URL, b.URL} {
		g := c.gate(mustParse(t, u))
		if n := len(g.slots); n != 0 {
			t.Errorf("%s: %d slots still held after every Get returned", u, n)
		}
	}
}

// TestPerHostRateAtServer measures the request rate where it matters, at
// the server, with enough concurrency that only the limiter can hold the
// clients back. A token bucket promises that by any time t after the start
// the host has had at most burst + rate*t requests; delays on the way (a
// busy machine) can only make requests later, so that bound is checked for
// every arrival, with no tolerance needed. Windows between arrivals are not
// checked: a stalled request followed by punctual ones would look bunched
// to the server without the client having sent faster.
func TestPerHostRateAtServer(t *testing.T) {
	const (
		rate  = 40.0 // per second
		burst = 2
		n     = 22
	)
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	c := testClient(Options{PerHost: n, HostRate: rate, HostBurst: burst})
	start := time.Now()
	getAll(t, c, n, srv.URL)

	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	for k, at := range arrivals {
		// The (k+1)-th request needs k+1-burst tokens beyond the burst.
		earliest := time.Duration(float64(k+1-burst) / rate * float64(time.Second))
		if got := at.Sub(start); got < earliest {
			t.Errorf("request %d arrived %v after the start; at %v/s after a burst of %d, not before %v", k+1, got, rate, burst, earliest)
		}
	}
	elapsed := arrivals[n-1].Sub(start)
	t.Logf("%d requests in %v: %.1f/s after the burst (limit %v/s)", n, elapsed, float64(n-burst)/elapsed.Seconds(), rate)
	if elapsed > 10*time.Second {
		t.Errorf("took %v: the limiter is far stricter than %v/s", elapsed, rate)
	}
}
