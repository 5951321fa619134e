package synth

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func startWorld(t *testing.T, cfg Config) *World {
	t.Helper()
	w, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func get(t *testing.T, url string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// No transparent gzip: we look at what the world sends.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestFeedsAndPages checks a calm world end to end: feeds fill as time
// passes, validators give 304s, pages are 30-100 KB and carry the
// article, and the referee counts repeat polls and conditional ones.
func TestFeedsAndPages(t *testing.T) {
	// The test asks in quick succession: a generous referee.
	w := startWorld(t, Config{Feeds: 20, Hosts: 4, Rate: 200, Seed: 7, Calm: true, PerHost: 10, HostRate: 1000, HostBurst: 1000})
	srcs := w.Sources()
	if len(srcs) != 20 || !strings.HasPrefix(srcs[0].FeedURL, "http://127.77.0.1:") {
		t.Fatalf("sources: %d, first %q; want 20 on 127.77.0.x", len(srcs), srcs[0].FeedURL)
	}
	time.Sleep(1500 * time.Millisecond) // about 300 entries across 20 feeds
	var withEntries int
	for _, src := range srcs {
		resp := get(t, src.FeedURL)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %s", src.FeedURL, resp.Status)
		}
		if strings.Contains(string(body), "<item>") || strings.Contains(string(body), "<entry>") {
			withEntries++
		}
		if etag := resp.Header.Get("ETag"); etag != "" {
			again := get(t, src.FeedURL, "If-None-Match", etag)
			if again.StatusCode != http.StatusNotModified && w.Stats().Published == 0 {
				t.Errorf("%s: repeat with its ETag got %s; want 304", src.FeedURL, again.Status)
			}
		}
	}
	if withEntries < 10 {
		t.Errorf("%d of 20 feeds list entries after 1.5s at 200/s; want most", withEntries)
	}
	st := w.Stats()
	if st.RepeatPolls == 0 || st.ConditionalRepeats != st.RepeatPolls {
		t.Errorf("repeat polls %d, conditional %d; every repeat carried its ETag", st.RepeatPolls, st.ConditionalRepeats)
	}
	if st.Violations.Total() != 0 {
		t.Errorf("polite requests counted as violations: %+v %v", st.Violations, st.Examples)
	}

	pubs := w.Published()
	if len(pubs) == 0 {
		t.Fatal("nothing published")
	}
	resp := get(t, pubs[0].URL, "Accept-Encoding", "gzip")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("page %s: %s, encoding %q", pubs[0].URL, resp.Status, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(zr)
	if len(page) < 30<<10 || len(page) > 110<<10 {
		t.Errorf("page is %d bytes; want 30-100 KB", len(page))
	}
	for _, want := range []string{"<article", "article:published_time", `id="comments"`, "<footer"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestDeterministic: the same seed gives the same feeds and the same
// entries at the same moments after the start.
func TestDeterministic(t *testing.T) {
	a := &World{cfg: Config{Feeds: 50, Rate: 5, Seed: 3}.withDefaults()}
	b := &World{cfg: a.cfg}
	for _, w := range []*World{a, b} {
		w.build()
		w.beginAt(time.Unix(1e9, 0))
	}
	at := a.start.Add(10 * time.Minute)
	for i := range a.feeds {
		fa, fb := a.feeds[i], b.feeds[i]
		a.upTo(fa, at)
		b.upTo(fb, at)
		if fa.lang != fb.lang || fa.atom != fb.atom || len(fa.entries) != len(fb.entries) {
			t.Fatalf("feed %d differs: %s/%s atom %v/%v entries %d/%d", i, fa.lang, fb.lang, fa.atom, fb.atom, len(fa.entries), len(fb.entries))
		}
		for j := range fa.entries {
			if fa.entries[j].title != fb.entries[j].title || !fa.entries[j].published.Equal(fb.entries[j].published) {
				t.Fatalf("feed %d entry %d differs: %q at %s, %q at %s", i, j, fa.entries[j].title, fa.entries[j].published,
					fb.entries[j].title, fb.entries[j].published)
			}
		}
	}
	total := 0
	for _, f := range a.feeds {
		total += len(f.entries)
	}
	// 5 a second for 600 s: 3000 expected; a Poisson count is well within ±10%.
	if total < 2700 || total > 3300 {
		t.Errorf("%d entries in 10 minutes at 5/s; want about 3000", total)
	}
}

// TestReferee: each kind of impoliteness is caught, and polite traffic is
// not.
func TestReferee(t *testing.T) {
	t0 := time.Unix(1e9, 0)
	rf := newReferee(2, 1, 4) // at most 5 in any second
	var checks []func()
	rf.later = func(_ time.Duration, f func()) { checks = append(checks, f) }
	judge := func() {
		for _, f := range checks {
			f()
		}
		checks = nil
	}

	var dones []func(bool)
	for i := range 3 {
		dones = append(dones, rf.arrive(t0.Add(time.Duration(i)*time.Millisecond), "/x"))
	}
	for _, d := range dones {
		d(false)
	}
	judge()
	if rf.violations.Concurrency != 1 {
		t.Errorf("3 in flight with a cap of 2: %d concurrency violations; want 1", rf.violations.Concurrency)
	}

	// A client that timed out closes its connection and sends the next
	// request at once; this side may see the close just after. (Ends are
	// stamped with the real clock, so this part uses it too.)
	rt := newReferee(2, 1, 4)
	rt.later = rf.later
	a, b := rt.arrive(time.Now(), "/slow"), rt.arrive(time.Now(), "/slow")
	c := rt.arrive(time.Now(), "/next") // arrives before a's close is seen
	a(true)
	judge()
	b(false)
	c(false)
	if rt.violations.Concurrency != 0 {
		t.Errorf("a request overlapping one its client gave up on counted as a violation (%d)", rt.violations.Concurrency)
	}
	d1, d2 := rt.arrive(time.Now(), "/a"), rt.arrive(time.Now(), "/b")
	d3 := rt.arrive(time.Now(), "/c")
	d1(false) // answered in full: the client did have three in flight
	judge()
	d2(false)
	d3(false)
	if rt.violations.Concurrency != 1 {
		t.Errorf("three in flight, none given up: %d violations; want 1", rt.violations.Concurrency)
	}

	for i := range 3 {
		rf.arrive(t0.Add(time.Duration(10+i)*time.Millisecond), "/x")(false)
	}
	if rf.violations.Rate != 1 {
		t.Errorf("6 requests within a second (allowed 5): %d rate violations; want 1", rf.violations.Rate)
	}
	blocked := t0.Add(10 * time.Second)
	rf.block(blocked, 30*time.Second)
	rf.arrive(blocked.Add(100*time.Millisecond), "/x")(false) // in flight as the 429 went out
	rf.arrive(blocked.Add(5*time.Second), "/x")(false)
	rf.arrive(blocked.Add(31*time.Second), "/x")(false)
	if rf.violations.RetryAfter != 1 {
		t.Errorf("one request inside Retry-After past the grace: %d violations; want 1", rf.violations.RetryAfter)
	}
}

// TestHostileHosts: a failing host answers 500, a throttling one 429 with
// Retry-After, and every host kind is present in a small world.
func TestHostileHosts(t *testing.T) {
	w := startWorld(t, Config{Feeds: 40, Hosts: 20, Rate: 1, Seed: 1})
	kinds := map[hostKind]*host{}
	for _, h := range w.hosts {
		kinds[h.kind] = h
	}
	for _, k := range []hostKind{hostNormal, hostFailing, hostSlow, hostThrottling} {
		if kinds[k] == nil {
			t.Fatalf("no %s host among 20", k)
		}
	}
	if resp := get(t, "http://"+kinds[hostFailing].addr+"/robots.txt"); resp.StatusCode != 500 {
		t.Errorf("failing host: %s; want 500", resp.Status)
	}
	th := "http://" + kinds[hostThrottling].addr + "/robots.txt"
	if resp := get(t, th); resp.StatusCode != 200 {
		t.Errorf("throttling host, first request: %s; want 200", resp.Status)
	}
	resp := get(t, th)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "30" {
		t.Errorf("throttling host, second request at once: %s, Retry-After %q; want 429, 30", resp.Status, resp.Header.Get("Retry-After"))
	}
}
