package jobs

import (
	"fmt"
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
			if j.State != "available" || j.Queue != queueFetch {
				t.Errorf("fetch job %d: state %s queue %s, want available on %s", j.ID, j.State, j.Queue, queueFetch)
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
			// The interval follows the feed's pace, within the policy's bounds.
			interval := src.PollInterval
			if interval < h.p.cfg.PollMin || interval > h.p.cfg.PollMax || src.ScheduleNote == "" {
				t.Errorf("%s: interval %s (%q) outside [%s, %s] or unexplained", path, interval, src.ScheduleNote, h.p.cfg.PollMin, h.p.cfg.PollMax)
			}
			within(t, path+" next poll", src.NextPollAt,
				before.Add(scaled(interval, 0.9)).Add(-time.Second), after.Add(scaled(interval, 1.1)).Add(time.Second))
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
		interval := h.p.cfg.PollMin // a source never polled starts from the floor
		missing := h.addSource(beatdesk.Source{Name: "Missing", FeedURL: w.srv.URL + "/missing/feed.xml"})
		notXML := h.addSource(beatdesk.Source{Name: "Not XML", FeedURL: w.srv.URL + "/notxml/feed.xml"})

		for failures := 1; failures <= 3; failures++ {
			before := time.Now()
			h.poll(missing.ID)
			h.poll(notXML.ID)
			after := time.Now()
			backoff := interval << (failures - 1)
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
					before.Add(scaled(backoff, 0.9)).Add(-time.Second), after.Add(scaled(backoff, 1.1)).Add(time.Second))
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

// TestFailingSourceIsPaused polls a missing feed until the scheduler
// gives up on it: the source is marked paused, with the reason, and is
// re-checked once a day; a good poll later un-pauses it.
func TestFailingSourceIsPaused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		h := newHarness(t, s, testConfig())
		src := h.addSource(beatdesk.Source{Name: "Gone", FeedURL: w.srv.URL + "/gone/feed.xml"})
		for i := 1; i <= 10; i++ {
			h.poll(src.ID)
			got := h.source(src.ID)
			if got.Paused != (i == 10) {
				t.Fatalf("after %d failures paused = %v", i, got.Paused)
			}
		}
		got := h.source(src.ID)
		if got.PollInterval != h.p.cfg.PollMax || !strings.Contains(got.ScheduleNote, "paused") || !strings.Contains(got.LastError, "404") {
			t.Errorf("paused source: interval %s, note %q, error %q", got.PollInterval, got.ScheduleNote, got.LastError)
		}
	})
}

// TestPollNewsSitemap treats a Google News sitemap as a feed: its recent
// dated URLs become items.
func TestPollNewsSitemap(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		now := time.Now().UTC()
		w.handle("/news-sitemap.xml", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(rw, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>%[1]s/a.html</loc><news:news><news:publication><news:name>Harbour Post</news:name><news:language>en</news:language></news:publication>
<news:publication_date>%[2]s</news:publication_date><news:title>Dock strike spreads</news:title></news:news></url>
<url><loc>%[1]s/b.html</loc><news:news><news:publication><news:name>Harbour Post</news:name><news:language>en</news:language></news:publication>
<news:publication_date>%[3]s</news:publication_date><news:title>Old news</news:title></news:news></url>
</urlset>`, w.srv.URL, now.Add(-time.Hour).Format(time.RFC3339), now.Add(-30*24*time.Hour).Format(time.RFC3339))
		})
		h := newHarness(t, s, testConfig())
		src := h.addSource(beatdesk.Source{Name: "Harbour Post", FeedURL: w.srv.URL + "/news-sitemap.xml"})
		h.poll(src.ID)
		if got := h.source(src.ID); got.LastError != "" {
			t.Fatalf("poll of a news sitemap failed: %s", got.LastError)
		}
		items := h.ids(`SELECT id FROM items WHERE source_id = $1`, src.ID)
		if len(items) != 1 || h.item(items[0]).Title != "Dock strike spreads" {
			t.Errorf("items from the sitemap: %v; want only the recent entry", items)
		}
	})
}
