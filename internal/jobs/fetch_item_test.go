package jobs

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"beatdesk"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// polledItems polls the outlet's feed and returns its items' ids.
func polledItems(t *testing.T, h *harness, w *world, slug string) (beatdesk.Source, []int64) {
	t.Helper()
	src := h.addSource(w.source(w.outlet(t, slug)))
	h.poll(src.ID)
	items := h.ids(`SELECT id FROM items WHERE source_id = $1`, src.ID)
	if len(items) == 0 {
		t.Fatalf("polling %s gave no items", slug)
	}
	return src, items
}

// TestFetchMakesOneArticle: a fetched item gets one article, extracted
// and described, and one cluster job; fetching it again is harmless.
func TestFetchMakesOneArticle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "la-vigie")
		h := newHarness(t, s, testConfig())
		src, items := polledItems(t, h, w, "la-vigie")
		it := h.item(items[0])

		for range 2 {
			h.fetchItem(it.ID)
		}
		arts := h.ids(`SELECT id FROM articles WHERE item_id = $1`, it.ID)
		if len(arts) != 1 {
			t.Fatalf("item %d has articles %v after two fetches, want one", it.ID, arts)
		}
		a := h.article(arts[0])
		if got := h.item(it.ID); got.State != beatdesk.ItemFetched || got.Error != "" {
			t.Errorf("item after fetch: state %s error %q, want fetched", got.State, got.Error)
		}
		if a.SourceID != src.ID || a.URL != it.URL || a.Lang != "fr" || a.Title == "" || a.WordCount < 50 ||
			a.ContentHash == "" || a.SimHash == 0 || a.DuplicateOf != 0 || a.Partial || a.Published.IsZero() {
			t.Errorf("article %+v: want the page of %s, in French, original and whole", a, it.URL)
		}
		want := w.articleAt(t, it.URL)
		if a.Title != want.Title || !strings.Contains(a.Text, want.Paragraphs[0]) || !strings.Contains(a.Text, want.Paragraphs[len(want.Paragraphs)-1]) {
			t.Errorf("article %q, text %.200q...; want the corpus article %q from its first paragraph to its last", a.Title, a.Text, want.Title)
		}
		for _, boilerplate := range []string{"Les plus lus", "Média fictif"} {
			if strings.Contains(a.Text, boilerplate) {
				t.Errorf("article text kept the page's boilerplate %q", boilerplate)
			}
		}
		if got := h.jobArgs("cluster", "article_id"); !slices.Equal(got, arts) {
			t.Errorf("cluster jobs for %v, want exactly one for article %v", got, arts)
		}
		if j := h.jobs("cluster"); len(j) == 1 && j[0].Queue != queueCluster {
			t.Errorf("cluster job on queue %q, want %q", j[0].Queue, queueCluster)
		}
		if err := h.p.Fetch(h.ctx, 999999); err != nil {
			t.Errorf("Fetch of a missing item: %v, want nil", err)
		}
	})
}

// TestFetchSamePageFromTwoFeeds: two sources whose entries link to one
// page (once with tracking parameters) give one article; the later item
// is marked a duplicate of it and nothing more is queued.
func TestFetchSamePageFromTwoFeeds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		h := newHarness(t, s, testConfig())
		_, items := polledItems(t, h, w, "meridian-herald")
		first := h.item(items[0])
		aggregator := h.addSource(beatdesk.Source{Name: "Aggregator", FeedURL: w.srv.URL + "/aggregator/feed.xml"})
		second := h.addItem(beatdesk.Item{SourceID: aggregator.ID, GUID: "agg-1", URL: first.URL + "?utm_source=aggregator&utm_medium=rss", Title: first.Title})

		h.fetchItem(first.ID)
		h.fetchItem(second)
		arts := h.ids(`SELECT id FROM articles`)
		if len(arts) != 1 {
			t.Fatalf("articles %v, want one for the one page", arts)
		}
		if got := h.item(first.ID); got.State != beatdesk.ItemFetched {
			t.Errorf("first item: %s, want fetched", got.State)
		}
		dup := h.item(second)
		if dup.State != beatdesk.ItemDuplicate || !strings.Contains(dup.Error, "article") {
			t.Errorf("second item: state %s, note %q; want duplicate, naming the article", dup.State, dup.Error)
		}
		if got := h.jobArgs("cluster", "article_id"); !slices.Equal(got, arts) {
			t.Errorf("cluster jobs for %v, want one for %v", got, arts)
		}
	})
}

// TestFetchCopyElsewhere: the same text served at another address (a
// syndicated copy) is stored, marked as a copy of the first, and not
// clustered.
func TestFetchCopyElsewhere(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		mirror := httptest.NewServer(w.demo) // same pages, another host:port
		t.Cleanup(mirror.Close)
		h := newHarness(t, s, testConfig())
		_, items := polledItems(t, h, w, "meridian-herald")
		orig := h.item(items[0])
		syndicator := h.addSource(beatdesk.Source{Name: "Syndicator", FeedURL: mirror.URL + "/syndicated/feed.xml"})
		copyURL := mirror.URL + strings.TrimPrefix(orig.URL, w.srv.URL)
		copyItem := h.addItem(beatdesk.Item{SourceID: syndicator.ID, GUID: "copy", URL: copyURL, Title: orig.Title})

		h.fetchItem(orig.ID)
		h.fetchItem(copyItem)
		arts := h.ids(`SELECT id FROM articles ORDER BY id`)
		if len(arts) != 2 {
			t.Fatalf("articles %v, want the original and the copy", arts)
		}
		o, c := h.article(arts[0]), h.article(arts[1])
		if c.URL != copyURL || c.SourceID != syndicator.ID {
			t.Errorf("copy stored at %s from source %d, want %s from %d", c.URL, c.SourceID, copyURL, syndicator.ID)
		}
		if o.DuplicateOf != 0 || c.DuplicateOf != o.ID || c.ContentHash != o.ContentHash {
			t.Errorf("original dup-of %d, copy dup-of %d (want %d), hashes %s / %s", o.DuplicateOf, c.DuplicateOf, o.ID, o.ContentHash, c.ContentHash)
		}
		if got := h.item(copyItem); got.State != beatdesk.ItemFetched {
			t.Errorf("copy's item is %s, want fetched", got.State)
		}
		if got := h.jobArgs("cluster", "article_id"); !slices.Equal(got, []int64{o.ID}) {
			t.Errorf("cluster jobs for %v, want one for the original %d only", got, o.ID)
		}
	})
}

// TestFetchFailures: a page that is gone fails the item with the reason;
// a server error or a timeout is transient, leaving the item new for a
// retry; the worker notes each failed attempt and gives up after the last.
func TestFetchFailures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		w.handle("/flaky/page.html", func(rw http.ResponseWriter, r *http.Request) {
			http.Error(rw, "upstream unavailable", http.StatusBadGateway)
		})
		w.handle("/slow/page.html", func(rw http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
		h := newHarnessWith(t, s, testConfig(), fetch.Options{AllowLoopback: true, HostRate: 100, Timeout: 300 * time.Millisecond})
		src := h.addSource(w.source(w.outlets[0]))
		add := func(guid, url string) int64 {
			return h.addItem(beatdesk.Item{SourceID: src.ID, GUID: guid, URL: url, Title: guid})
		}
		gone := add("gone", w.srv.URL+"/meridian-herald/2020/01/no-such-story.html")
		badLink := add("bad-link", "javascript:alert(1)")
		flaky := add("flaky", w.srv.URL+"/flaky/page.html")
		slow := add("slow", w.srv.URL+"/slow/page.html")

		h.fetchItem(gone)
		if it := h.item(gone); it.State != beatdesk.ItemFailed || !strings.Contains(it.Error, "404") {
			t.Errorf("missing page: item %s with error %q, want failed mentioning 404", it.State, it.Error)
		}
		h.fetchItem(badLink)
		if it := h.item(badLink); it.State != beatdesk.ItemFailed || !strings.Contains(it.Error, "not a usable URL") {
			t.Errorf("unusable link: item %s with error %q, want failed saying why", it.State, it.Error)
		}
		for _, c := range []struct {
			id   int64
			what string
		}{{flaky, "502"}, {slow, "timed out"}} {
			err := h.p.Fetch(h.ctx, c.id)
			var tr transient
			if !errors.As(err, &tr) || !strings.Contains(err.Error(), c.what) {
				t.Errorf("item %d: Fetch = %v, want a transient error mentioning %q", c.id, err, c.what)
			}
			if it := h.item(c.id); it.State != beatdesk.ItemNew {
				t.Errorf("item %d after a transient failure: %s (%q), want still new", c.id, it.State, it.Error)
			}
		}

		// The worker shows a failed attempt on the desk and leaves the
		// retry to River; on the last attempt it records the failure.
		worker := &fetchWorker{p: h.p}
		attempt := func(n int) error {
			return worker.Work(h.ctx, &river.Job[FetchArgs]{JobRow: &rivertype.JobRow{Attempt: n, MaxAttempts: 3}, Args: FetchArgs{ItemID: flaky}})
		}
		if err := attempt(1); err == nil {
			t.Error("worker: a failed attempt with retries left returned nil; River would not retry")
		}
		if it := h.item(flaky); it.State != beatdesk.ItemNew || !strings.Contains(it.Error, "attempt 1 of 3") || !strings.Contains(it.Error, "502") {
			t.Errorf("after attempt 1: item %s, note %q; want new with the attempt and the cause", it.State, it.Error)
		}
		if err := attempt(3); err != nil {
			t.Errorf("worker: the last attempt returned %v, want nil after recording the failure", err)
		}
		if it := h.item(flaky); it.State != beatdesk.ItemFailed || !strings.Contains(it.Error, "502") {
			t.Errorf("after the last attempt: item %s, error %q; want failed with the cause", it.State, it.Error)
		}
		if n := len(h.ids(`SELECT id FROM articles`)); n != 0 {
			t.Errorf("failed fetches stored %d articles", n)
		}
		if n := len(h.jobs("cluster")); n != 0 {
			t.Errorf("failed fetches queued %d cluster jobs", n)
		}
	})
}

// TestFetchHonoursRobots checks that a page the site's robots.txt forbids
// is not fetched, and the item says why, while an allowed page on the same
// site comes through; robots.txt itself is read once.
func TestFetchHonoursRobots(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		w.handle("/robots.txt", func(rw http.ResponseWriter, r *http.Request) {
			io.WriteString(rw, "User-agent: beatdesk\nDisallow: /private/\n")
		})
		w.handle("/private/page.html", func(rw http.ResponseWriter, r *http.Request) {
			io.WriteString(rw, "<html><body><article><p>secret</p></article></body></html>")
		})
		cfg := testConfig()
		cfg.UserAgent = "beatdesk/0.1 (+https://example.org/contact)"
		h := newHarness(t, s, cfg)
		src, items := polledItems(t, h, w, "meridian-herald")
		private := h.addItem(beatdesk.Item{SourceID: src.ID, GUID: "private", URL: w.srv.URL + "/private/page.html", Title: "private"})

		h.fetchItem(private)
		if it := h.item(private); it.State != beatdesk.ItemFailed || !strings.Contains(it.Error, "robots.txt") {
			t.Errorf("forbidden page: item %s with error %q, want failed naming robots.txt", it.State, it.Error)
		}
		if n := len(w.requests("/private/page.html")); n != 0 {
			t.Errorf("the forbidden page was requested %d times", n)
		}
		h.fetchItem(items[0])
		if it := h.item(items[0]); it.State != beatdesk.ItemFetched {
			t.Errorf("allowed page: item %s (%q), want fetched", it.State, it.Error)
		}
		if n := len(w.requests("/robots.txt")); n != 1 {
			t.Errorf("robots.txt was read %d times, want once (cached)", n)
		}
	})
}
