package jobs

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestPollAddsEachEntryOnce polls one outlet of each feed kind: every
// entry becomes an item with exactly one fetch job, a second (conditional)
// poll answered 304 changes nothing, and a third, unconditional poll of
// the same entries adds neither items nor jobs.
func TestPollAddsEachEntryOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald", "northgate-ledger", "lantern-dispatch")
		h := newHarness(t, s, testConfig())
		interval := h.p.cfg.PollInterval

		want := map[int64]int{} // source → entries its feed lists
		var feeds = map[int64]string{}
		for _, o := range w.outlets {
			src := h.addSource(w.source(o))
			feeds[src.ID] = strings.TrimPrefix(src.FeedURL, w.srv.URL)
			for _, a := range w.articles {
				if a.Outlet == o.Slug {
					want[src.ID]++
				}
			}
		}

		before := time.Now()
		for id := range feeds {
			h.poll(id)
		}
		after := time.Now()
		items := h.ids(`SELECT id FROM items`)
		if len(items) != len(w.articles) {
			t.Fatalf("first poll: %d items, want one per article (%d)", len(items), len(w.articles))
		}
		for id, n := range want {
			if got := h.ids(`SELECT id FROM items WHERE source_id = $1 AND state = 'new'`, id); len(got) != n {
				t.Errorf("source %d: %d new items, want %d", id, len(got), n)
			}
		}
		if got := h.jobArgs("fetch", "item_id"); !slices.Equal(got, items) {
			t.Fatalf("fetch jobs for items %v, want exactly one for each of %v", got, items)
		}
		for _, j := range h.jobs("fetch") {
			if j.State != "available" || j.Queue != queueDefault {
				t.Errorf("fetch job %d: state %s queue %s, want available on %s", j.ID, j.State, j.Queue, queueDefault)
			}
		}
		etags, modified := map[int64]string{}, map[int64]string{}
		for id, path := range feeds {
			src := h.source(id)
			if src.ETag == "" || src.LastModified == "" {
				t.Errorf("%s: validators not kept (ETag %q, Last-Modified %q)", path, src.ETag, src.LastModified)
			}
			if src.ErrorCount != 0 || src.LastError != "" || src.ItemCount != want[id] || src.LastOKAt.IsZero() {
				t.Errorf("%s after a good poll: errors %d %q, item count %d (want %d), last ok %s",
					path, src.ErrorCount, src.LastError, src.ItemCount, want[id], src.LastOKAt)
			}
			within(t, path+" next poll", src.NextPollAt,
				before.Add(scaled(interval, 0.9)).Add(-time.Millisecond), after.Add(scaled(interval, 1.1)))
			etags[id], modified[id] = src.ETag, src.LastModified
			if r := w.requests(path); len(r) != 1 || r[0].IfNoneMatch != "" {
				t.Errorf("%s: first poll requests %+v, want one unconditional", path, r)
			}
		}

		// The second poll sends the stored validators and is answered 304.
		for id := range feeds {
			h.poll(id)
		}
		for id, path := range feeds {
			r := w.requests(path)
			if len(r) != 2 || r[1].IfNoneMatch != etags[id] || r[1].IfModifiedSince != modified[id] || r[1].Status != http.StatusNotModified {
				t.Errorf("%s: second poll %+v, want If-None-Match %s and If-Modified-Since %s answered 304", path, r[len(r)-1], etags[id], modified[id])
			}
			if src := h.source(id); src.ETag != etags[id] || src.ErrorCount != 0 || src.ItemCount != want[id] {
				t.Errorf("%s after 304: ETag %q (want %q kept), errors %d, item count %d", path, src.ETag, etags[id], src.ErrorCount, src.ItemCount)
			}
		}
		if got := h.ids(`SELECT id FROM items`); !slices.Equal(got, items) {
			t.Errorf("after a 304: items %v, want %v unchanged", got, items)
		}

		// Forget the validators: the full feed comes back, with the same
		// entries, and must add nothing.
		err := s.Update(h.ctx, func(tx *store.Tx) error {
			for id := range feeds {
				if err := tx.RecordPoll(h.ctx, id, store.PollResult{OK: true, Next: tx.Now}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id := range feeds {
			h.poll(id)
		}
		for _, path := range feeds {
			if r := w.requests(path); len(r) != 3 || r[2].IfNoneMatch != "" || r[2].Status != http.StatusOK {
				t.Errorf("%s: third poll %+v, want an unconditional 200", path, r[len(r)-1])
			}
		}
		if got := h.ids(`SELECT id FROM items`); !slices.Equal(got, items) {
			t.Errorf("re-reading the same feed: items %v, want %v unchanged", got, items)
		}
		if got := h.jobArgs("fetch", "item_id"); !slices.Equal(got, items) {
			t.Errorf("re-reading the same feed: fetch jobs for %v, want %v unchanged", got, items)
		}
	})
}

// TestPollFailureBacksOff polls a feed that is missing and one that is not
// a feed: each failure is recorded on the source for the desk, the next
// poll moves out by doubling intervals, no item or job appears, and a
// good poll clears the record.
func TestPollFailureBacksOff(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		good := w.source(w.outlets[0])
		w.handle("/notxml/feed.xml", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/plain")
			rw.Write([]byte("Welcome to our website! There is no feed here, just this sentence."))
		})
		h := newHarness(t, s, testConfig())
		interval := h.p.cfg.PollInterval
		missing := h.addSource(beatdesk.Source{Name: "Missing", FeedURL: w.srv.URL + "/missing/feed.xml"})
		notXML := h.addSource(beatdesk.Source{Name: "Not XML", FeedURL: w.srv.URL + "/notxml/feed.xml"})

		for failures := 1; failures <= 3; failures++ {
			before := time.Now()
			h.poll(missing.ID)
			h.poll(notXML.ID)
			after := time.Now()
			backoff := interval << failures
			for _, c := range []struct {
				id   int64
				want string
			}{{missing.ID, "404"}, {notXML.ID, ""}} {
				src := h.source(c.id)
				if src.ErrorCount != failures || src.LastError == "" || !strings.Contains(src.LastError, c.want) {
					t.Errorf("%s after %d failures: error count %d, last error %q (want it to mention %q)",
						src.Name, failures, src.ErrorCount, src.LastError, c.want)
				}
				if !src.LastOKAt.IsZero() {
					t.Errorf("%s: last ok %s, but it never succeeded", src.Name, src.LastOKAt)
				}
				within(t, src.Name+" next poll", src.NextPollAt,
					before.Add(scaled(backoff, 0.9)).Add(-time.Millisecond), after.Add(scaled(backoff, 1.1)))
			}
		}
		if n := len(h.ids(`SELECT id FROM items`)); n != 0 {
			t.Errorf("failed polls added %d items", n)
		}
		if n := len(h.jobs("fetch")); n != 0 {
			t.Errorf("failed polls queued %d fetch jobs", n)
		}

		// The feed appears: the next poll succeeds and clears the record.
		w.handle("/missing/feed.xml", func(rw http.ResponseWriter, r *http.Request) {
			r.URL.Path = strings.TrimPrefix(good.FeedURL, w.srv.URL)
			w.demo.ServeHTTP(rw, r)
		})
		h.poll(missing.ID)
		src := h.source(missing.ID)
		if src.ErrorCount != 0 || src.LastError != "" || src.ItemCount == 0 || src.LastOKAt.IsZero() {
			t.Errorf("after recovering: error count %d, last error %q, item count %d, last ok %s",
				src.ErrorCount, src.LastError, src.ItemCount, src.LastOKAt)
		}
	})
}

// TestPollRemovedSource: a source deleted after its poll was queued is no
// error and no change.
func TestPollRemovedSource(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		if err := h.p.Poll(h.ctx, 4242); err != nil {
			t.Errorf("Poll of a missing source: %v, want nil", err)
		}
	})
}

// TestNextPoll checks the spacing rule: the interval (or a longer TTL or
// Retry-After), doubled per consecutive failure up to a day, with jitter
// of at most ±10% that does vary.
func TestNextPoll(t *testing.T) {
	p := &Pipeline{cfg: Config{PollInterval: 15 * time.Minute}}
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		atLeast  time.Duration
		failures int
		want     time.Duration
	}{
		{0, 0, 15 * time.Minute},
		{0, 1, 30 * time.Minute},
		{0, 2, time.Hour},
		{0, 6, 16 * time.Hour},
		{0, 7, 24 * time.Hour}, // 32h, capped
		{0, 40, 24 * time.Hour},
		{time.Minute, 0, 15 * time.Minute},      // a shorter TTL does not speed polling up
		{2 * time.Hour, 0, 2 * time.Hour},       // a longer TTL is respected
		{2 * time.Hour, 2, 8 * time.Hour},       // and doubled on failure
		{48 * time.Hour, 0, 24 * time.Hour},     // but never past a day
		{10 * time.Second, 1, 30 * time.Minute}, // a short Retry-After is not a reason to hurry
	}
	for _, c := range cases {
		var below, above bool
		for range 200 {
			d := p.nextPoll(now, c.atLeast, c.failures).Sub(now)
			if d < scaled(c.want, 0.9) || d > scaled(c.want, 1.1) {
				t.Fatalf("nextPoll(atLeast %s, %d failures) = +%s, want %s ±10%%", c.atLeast, c.failures, d, c.want)
			}
			below, above = below || d < c.want, above || d > c.want
		}
		if !below || !above {
			t.Errorf("nextPoll(atLeast %s, %d failures): 200 draws all on one side of %s; no jitter", c.atLeast, c.failures, c.want)
		}
	}
}
