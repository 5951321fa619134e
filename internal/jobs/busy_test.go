package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"beatdesk"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// snoozeOf returns how long err snoozes a job, failing the test when it
// is not a snooze.
func snoozeOf(t *testing.T, err error) time.Duration {
	t.Helper()
	var sn *rivertype.JobSnoozeError
	if !errors.As(err, &sn) {
		t.Fatalf("err = %v, want the job snoozed", err)
	}
	return sn.Duration
}

func testJob[T river.JobArgs](args T) *river.Job[T] {
	return &river.Job[T]{JobRow: &rivertype.JobRow{ID: 1, Attempt: 1, MaxAttempts: 5}, Args: args}
}

// TestRetryAfterHoldsOffTheHostsOtherFeedsAndPages: one feed's 429 with
// Retry-After pauses its whole host: another feed there is not asked, nor
// its robots.txt or a page, before the time is up; their jobs are snoozed
// for what is left of it.
func TestRetryAfterHoldsOffTheHostsOtherFeedsAndPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		h := newHarness(t, s, testConfig())
		w.handle("/throttled/feed.xml", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Retry-After", "60")
			http.Error(rw, "slow down", http.StatusTooManyRequests)
		})
		throttled := h.addSource(beatdesk.Source{Name: "Throttled", FeedURL: w.srv.URL + "/throttled/feed.xml"})
		other := h.addSource(w.source(w.outlet(t, "meridian-herald")))
		page := h.addItem(beatdesk.Item{SourceID: other.ID, GUID: "p1", URL: w.srv.URL + "/meridian-herald/2026/01/some-page.html", Title: "A page"})

		h.poll(throttled.ID) // a failure recorded on the source, not an error
		if src := h.source(throttled.ID); src.ErrorCount != 1 || src.PollInterval < time.Minute {
			t.Fatalf("throttled source: %d errors, next poll in %s; want the failure and at least the minute asked for", src.ErrorCount, src.PollInterval)
		}

		err := h.p.Poll(h.ctx, other.ID)
		if !errors.Is(err, fetch.ErrBusy) {
			t.Fatalf("Poll of another feed on the host = %v, want fetch.ErrBusy", err)
		}
		if d := snoozeOf(t, (&pollWorker{p: h.p}).Work(h.ctx, testJob(PollArgs{SourceID: other.ID}))); d < 55*time.Second || d > 61*time.Second {
			t.Errorf("the other feed's poll snoozed %s, want the rest of the 60s", d)
		}
		if d := snoozeOf(t, (&fetchWorker{p: h.p}).Work(h.ctx, testJob(FetchArgs{ItemID: page}))); d < 55*time.Second || d > 61*time.Second {
			t.Errorf("a page's fetch snoozed %s, want the rest of the 60s", d)
		}
		for _, path := range []string{strings.TrimPrefix(other.FeedURL, w.srv.URL), "/robots.txt", "/meridian-herald/2026/01/some-page.html"} {
			if got := w.requests(path); len(got) != 0 {
				t.Errorf("%s was asked %d times while the host asked for a pause", path, len(got))
			}
		}
		if src := h.source(other.ID); src.ErrorCount != 0 || !src.LastPolledAt.IsZero() {
			t.Errorf("the waiting feed was recorded as polled (errors %d, last polled %s); waiting is not failing", src.ErrorCount, src.LastPolledAt)
		}
		if it := h.item(page); it.State != beatdesk.ItemNew || it.Error != "" {
			t.Errorf("the waiting page's item is %s %q, want new and no error", it.State, it.Error)
		}
	})
}

// TestBusyHostDoesNotHoldAWorker runs the queue with one poll worker. A
// feed whose host has its only slot taken (by a request that hangs) is
// snoozed, without using up an attempt, and the worker goes on to poll a
// feed on another host meanwhile.
func TestBusyHostDoesNotHoldAWorker(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		release := make(chan struct{})
		var mu sync.Mutex
		var slowPaths []string
		slow := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			mu.Lock()
			slowPaths = append(slowPaths, r.URL.Path)
			mu.Unlock()
			if r.URL.Path == "/hang" {
				<-release
			}
		}))
		t.Cleanup(slow.Close)
		t.Cleanup(func() { close(release) })

		cfg := testConfig()
		cfg.Fetchers = 1
		h := newHarnessWith(t, s, cfg, fetch.Options{AllowLoopback: true, HostRate: 100, HostBurst: 1000, PerHost: 1})
		busy := h.addSource(beatdesk.Source{Name: "Busy", FeedURL: slow.URL + "/feed.xml"})
		free := h.addSource(w.source(w.outlet(t, "meridian-herald")))

		hung := make(chan error, 1)
		go func() {
			_, err := h.p.fetcher.Get(context.Background(), fetch.Request{URL: slow.URL + "/hang"})
			hung <- err
		}()
		for h.p.fetcher.Delay(slow.URL) == 0 {
			time.Sleep(5 * time.Millisecond) // until the hanging request holds the slot
		}

		if err := h.q.Start(h.ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			h.q.Stop(ctx)
		})
		deadline := time.Now().Add(15 * time.Second)
		for h.source(free.ID).LastPolledAt.IsZero() {
			if time.Now().After(deadline) {
				t.Fatalf("the feed on the free host was not polled in 15s: the only worker is held by the busy host (jobs: %+v)", h.jobs("poll"))
			}
			time.Sleep(50 * time.Millisecond)
		}
		select {
		case err := <-hung:
			t.Fatalf("the hanging request ended (%v) before the check", err)
		default:
		}

		// The busy feed's job comes and goes between snoozes (it may be
		// running its first try at any given moment): wait until it has
		// been put aside at least once, then check it used no attempt.
		var busyJob *rivertype.JobRow
		var snoozes int
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && snoozes == 0; time.Sleep(50 * time.Millisecond) {
			res, err := h.q.client.JobList(h.ctx, river.NewJobListParams().Kinds("poll").First(100))
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range res.Jobs {
				var args PollArgs
				var meta struct{ Snoozes int }
				json.Unmarshal(j.EncodedArgs, &args)
				json.Unmarshal(j.Metadata, &meta)
				if args.SourceID == busy.ID {
					busyJob, snoozes = j, meta.Snoozes
				}
			}
		}
		switch {
		case busyJob == nil:
			t.Errorf("no poll job for the busy feed")
		case snoozes == 0 || busyJob.Attempt > 1:
			t.Errorf("the busy feed's job is %s: attempt %d, snoozed %d times; want snoozed, without using up attempts", busyJob.State, busyJob.Attempt, snoozes)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(slowPaths) != 1 {
			t.Errorf("the busy host saw %v; want only the hanging request", slowPaths)
		}
		if src := h.source(busy.ID); !src.LastPolledAt.IsZero() || src.ErrorCount != 0 {
			t.Errorf("the busy feed was recorded as polled or failed while its host was busy: %+v", src)
		}
	})
}
