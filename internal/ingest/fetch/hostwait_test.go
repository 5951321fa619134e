package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// busyOf returns err's *BusyError, failing the test when it is not one.
func busyOf(t *testing.T, err error) *BusyError {
	t.Helper()
	var be *BusyError
	if !errors.As(err, &be) || !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want a *BusyError", err)
	}
	if be.Wait <= 0 {
		t.Errorf("BusyError.Wait = %v, want a positive wait", be.Wait)
	}
	return be
}

// TestNoWaitWhenEverySlotIsTaken: with the host's only slot held by a slow
// request, a NoWait Get returns at once without reaching the server, and
// succeeds once the slot is free.
func TestNoWaitWhenEverySlotIsTaken(t *testing.T) {
	var arrived atomic.Int32
	release := make(chan struct{})
	entered := make(chan struct{}, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Add(1)
		entered <- struct{}{}
		if r.URL.Path == "/slow" {
			<-release
		}
	}))
	defer srv.Close()
	c := testClient(Options{PerHost: 1})
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/slow"}); err != nil {
			t.Error(err)
		}
	})
	<-entered

	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/other", NoWait: true})
	be := busyOf(t, err)
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("a NoWait Get took %v to say the host was busy", d)
	}
	if n := arrived.Load(); n != 1 {
		t.Errorf("the server saw %d requests, want only the slow one", n)
	}
	if c.Delay(srv.URL+"/other") <= 0 {
		t.Error("Delay = 0 while the host's only slot is taken")
	}
	t.Logf("busy: %v", be)

	close(release)
	wg.Wait()
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/other", NoWait: true}); err != nil {
		t.Errorf("after the slot freed: %v", err)
	}
}

// TestNoWaitSpreadsWaitersAtTheRate: callers turned away by the rate limit
// are told to come back one by one at the host's pace, not all at once.
func TestNoWaitSpreadsWaitersAtTheRate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := testClient(Options{PerHost: 8, HostRate: 2, HostBurst: 1})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL, NoWait: true}); err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	for range 4 {
		_, err := c.Get(context.Background(), Request{URL: srv.URL, NoWait: true})
		waits = append(waits, busyOf(t, err).Wait)
	}
	// At 2 a second: about 0.5s, 1s, 1.5s, 2s (plus up to a quarter step of jitter).
	for i, w := range waits {
		want := time.Duration(i+1) * 500 * time.Millisecond
		if w < want-100*time.Millisecond || w > want+250*time.Millisecond {
			t.Errorf("caller %d told to wait %v, want about %v (waits %v)", i+1, w, want, waits)
		}
	}
}

// TestRetryAfterHoldsOffTheWholeHost: after one feed's 429 with
// Retry-After, no request for anything on that host is sent until the
// time has passed; another host is not held back.
func TestRetryAfterHoldsOffTheWholeHost(t *testing.T) {
	var mu sync.Mutex
	var arrivals []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		arrivals = append(arrivals, r.URL.Path)
		if r.URL.Path == "/feed-a" {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	c := testClient(Options{})

	var se *StatusError
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/feed-a"}); !errors.As(err, &se) || se.Code != 429 {
		t.Fatalf("feed a: err = %v, want a 429", err)
	}
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/feed-b", NoWait: true})
	if be := busyOf(t, err); be.Wait < 500*time.Millisecond || be.Wait > time.Second {
		t.Errorf("feed b told to wait %v, want what is left of the 1s Retry-After", be.Wait)
	}
	if d := c.Delay(srv.URL + "/page.html"); d < 500*time.Millisecond {
		t.Errorf("Delay for a page on the host = %v, want the rest of the Retry-After", d)
	}
	if _, err := c.Get(context.Background(), Request{URL: other.URL + "/feed", NoWait: true}); err != nil {
		t.Errorf("another host was held back: %v", err)
	}
	// A caller that may wait waits the short hold-off out, then is sent.
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/page.html"}); err != nil {
		t.Fatalf("page after the wait: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != 2 || arrivals[1] != "/page.html" {
		t.Fatalf("the host saw %v, want /feed-a then /page.html", arrivals)
	}
}

// TestWhichAnswersHoldOffTheHost: 429 and 503 with Retry-After hold the
// host off for that long; either without it, or a 500, does not.
func TestWhichAnswersHoldOffTheHost(t *testing.T) {
	for _, tc := range []struct {
		code     int
		after    string
		min, max time.Duration
	}{
		{429, "120", 119 * time.Second, 120 * time.Second},
		{503, "60", 59 * time.Second, 60 * time.Second},
		{429, "", 0, 0},
		{503, "", 0, 0},
		{500, "60", 0, 0},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tc.after != "" {
				w.Header().Set("Retry-After", tc.after)
			}
			w.WriteHeader(tc.code)
		}))
		c := testClient(Options{})
		c.Get(context.Background(), Request{URL: srv.URL})
		if d := c.Delay(srv.URL + "/x"); d < tc.min || d > tc.max {
			t.Errorf("%d with Retry-After %q: host held off %v, want %v..%v", tc.code, tc.after, d, tc.min, tc.max)
		}
		srv.Close()
	}
}

// TestTimeoutsCoolTheHostDown: a host whose requests time out twice running
// is left alone for a while, and an answer in between resets the count.
func TestTimeoutsCoolTheHostDown(t *testing.T) {
	var arrived atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Add(1)
		if r.URL.Path == "/hang" {
			<-r.Context().Done()
		}
	}))
	defer srv.Close()
	c := testClient(Options{Timeout: 100 * time.Millisecond})
	get := func(path string) error {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + path, NoWait: true})
		return err
	}
	for _, path := range []string{"/hang", "/ok", "/hang"} {
		if err := get(path); path == "/hang" && !errors.Is(err, ErrTimeout) {
			t.Fatalf("%s: err = %v, want ErrTimeout", path, err)
		}
	}
	if d := c.Delay(srv.URL); d != 0 {
		t.Fatalf("after timeout, answer, timeout: held off %v, want not at all", d)
	}
	if err := get("/hang"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	before := arrived.Load()
	be := busyOf(t, get("/ok"))
	if be.Wait < coolDown-time.Second || be.Wait > coolDown {
		t.Errorf("after two timeouts running: wait %v, want about %v", be.Wait, coolDown)
	}
	if arrived.Load() != before {
		t.Error("a request reached the host while it cooled down")
	}
}

// TestRedirectToAHeldOffHost: with NoWait, a redirect to a host that asked
// to be left alone stops there with a *BusyError, and the slot of the host
// that redirected is handed back.
func TestRedirectToAHeldOffHost(t *testing.T) {
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer target.Close()
	origin := httptest.NewServer(http.RedirectHandler(target.URL+"/feed", http.StatusFound))
	defer origin.Close()
	c := testClient(Options{PerHost: 1})
	c.Get(context.Background(), Request{URL: target.URL + "/first"})
	_, err := c.Get(context.Background(), Request{URL: origin.URL, NoWait: true})
	if be := busyOf(t, err); be.Host != hostKey(mustParse(t, target.URL)) {
		t.Errorf("busy host %q, want the redirect's target", be.Host)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the held-off target saw %d requests, want 1", n)
	}
	if n := len(c.gate(mustParse(t, origin.URL)).slots); n != 0 {
		t.Errorf("%d slots of the redirecting host still held", n)
	}
}
