package robots

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/ingest/fetch"
)

const ua = "beatdesk/1.0 (news monitoring; +https://desk.example.org/contact)"

// clock is a settable time for TTL tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// site is a test host whose robots.txt answer can be changed and whose
// robots.txt requests are counted.
type testSite struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	body   string
	asked  atomic.Int32
}

func newSite(t *testing.T, status int, body string) *testSite {
	s := &testSite{status: status, body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			t.Errorf("page %s fetched; only robots.txt should be", r.URL)
			return
		}
		s.asked.Add(1)
		s.mu.Lock()
		status, body := s.status, s.body
		s.mu.Unlock()
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) answer(status int, body string) {
	s.mu.Lock()
	s.status, s.body = status, body
	s.mu.Unlock()
}

func loopbackFetcher() Fetcher {
	return FetchWith(fetch.New(fetch.Options{AllowLoopback: true, HostRate: 1000, HostBurst: 1000, UserAgent: ua}))
}

func allowed(t *testing.T, c *Cache, page string) bool {
	t.Helper()
	ok, err := c.Allowed(context.Background(), page, ua)
	if err != nil {
		t.Fatalf("Allowed(%s): %v", page, err)
	}
	return ok
}

func TestRules(t *testing.T) {
	site := newSite(t, 200, `# a news site
User-agent: *
Disallow: /search
Disallow: /*.pdf$
Allow: /search/about

User-agent: BeatDesk
Disallow: /members/
Disallow: /*?share=
Allow: /members/free/
Crawl-delay: 2.5

User-agent: otherbot
Disallow: /
`)
	c := NewCache(loopbackFetcher(), 0, nil)
	for path, want := range map[string]bool{
		"/":                    true,
		"/world/2026/03/story": true,
		"/members/":            false,
		"/members/story":       false,
		"/members/free/story":  true, // the longer rule wins
		"/world/story?share=x": false,
		"/world/story?page=2":  true,
		"/search":              true, // our group replaces "*", not adds to it
		"/report.pdf":          true,
		"/robots.txt":          true,
		"/MEMBERS/story":       true, // paths are case-sensitive
	} {
		if got := allowed(t, c, site.URL+path); got != want {
			t.Errorf("%s: allowed %v, want %v", path, got, want)
		}
	}
	// Other agents get their own group, or "*".
	for _, tc := range []struct {
		agent, path string
		want        bool
	}{
		{"OtherBot/2.0", "/world/story", false},
		{"somebot", "/search/x", false},
		{"somebot", "/search/about", true},
		{"somebot", "/files/report.pdf", false},
		{"somebot", "/files/report.pdf?x=1", true},
		{"", "/search", false},
	} {
		got, err := c.Allowed(context.Background(), site.URL+tc.path, tc.agent)
		if err != nil || got != tc.want {
			t.Errorf("%q %s: allowed %v (%v), want %v", tc.agent, tc.path, got, err, tc.want)
		}
	}
	if n := site.asked.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times for one origin, want 1", n)
	}
	c.Allowed(context.Background(), site.URL+"/", ua)
	if d := c.CrawlDelay(strings.TrimPrefix(site.URL, "http://")); d != 2500*time.Millisecond {
		t.Errorf("CrawlDelay = %v, want 2.5s", d)
	}
	if d := c.CrawlDelay(site.URL); d != 2500*time.Millisecond {
		t.Errorf("CrawlDelay(URL) = %v, want 2.5s", d)
	}
	if d := c.CrawlDelay("unknown.example"); d != 0 {
		t.Errorf("CrawlDelay of an unseen host = %v, want 0", d)
	}
}

// TestStatuses: what each kind of answer means for a page, and for how long.
func TestStatuses(t *testing.T) {
	for _, tc := range []struct {
		status      int
		allowed     bool
		unreachable bool
	}{
		{404, true, false},
		{410, true, false},
		{401, true, false}, // RFC 9309 and Google: any 4xx is "no robots.txt"
		{403, true, false},
		{301, true, false}, // a redirect the fetcher did not follow to the end
		{429, false, true}, // except "too many requests": back off
		{500, false, true},
		{503, false, true},
	} {
		site := newSite(t, tc.status, "User-agent: *\nAllow: /\n")
		clk := newClock()
		c := NewCache(loopbackFetcher(), 0, clk.now)
		ok, err := c.Allowed(context.Background(), site.URL+"/news/1", ua)
		if ok != tc.allowed || errors.Is(err, ErrUnreachable) != tc.unreachable {
			t.Errorf("HTTP %d: allowed %v, err %v; want allowed %v, unreachable %v", tc.status, ok, err, tc.allowed, tc.unreachable)
			continue
		}
		if tc.unreachable && (!errors.Is(err, beatdesk.ErrUnavailable) || !strings.Contains(err.Error(), fmt.Sprint(tc.status))) {
			t.Errorf("HTTP %d: error %q should be ErrUnavailable and name the status", tc.status, err)
		}
		// The answer is cached: 24 hours, or 1 hour for an unreachable one.
		ttl := DefaultTTL
		if tc.unreachable {
			ttl = ErrorTTL
		}
		clk.advance(ttl - time.Minute)
		c.Allowed(context.Background(), site.URL+"/news/2", ua)
		if n := site.asked.Load(); n != 1 {
			t.Errorf("HTTP %d: fetched %d times within %v, want 1", tc.status, n, ttl)
		}
		clk.advance(2 * time.Minute)
		c.Allowed(context.Background(), site.URL+"/news/3", ua)
		if n := site.asked.Load(); n != 2 {
			t.Errorf("HTTP %d: fetched %d times after %v, want 2", tc.status, n, ttl)
		}
	}
}

func TestNoAnswerIsUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	c := NewCache(loopbackFetcher(), 0, nil)
	ok, err := c.Allowed(context.Background(), url+"/story", ua)
	if ok || !errors.Is(err, ErrUnreachable) {
		t.Errorf("allowed %v, err %v; want false, ErrUnreachable", ok, err)
	}
}

func TestTTLIsConfigurable(t *testing.T) {
	site := newSite(t, 200, "User-agent: *\nDisallow: /private\n")
	clk := newClock()
	c := NewCache(loopbackFetcher(), 10*time.Minute, clk.now)
	allowed(t, c, site.URL+"/a")
	clk.advance(9 * time.Minute)
	allowed(t, c, site.URL+"/b")
	clk.advance(2 * time.Minute)
	allowed(t, c, site.URL+"/c")
	if n := site.asked.Load(); n != 2 {
		t.Errorf("fetched %d times over 11 minutes with a 10-minute TTL, want 2", n)
	}
}

// TestKnownRulesOutliveAnOutage: when robots.txt stops answering, the
// rules read before keep applying (RFC 9309 section 2.4), and it is asked
// for again an hour later, not a day.
func TestKnownRulesOutliveAnOutage(t *testing.T) {
	site := newSite(t, 200, "User-agent: *\nDisallow: /private\n")
	clk := newClock()
	c := NewCache(loopbackFetcher(), 0, clk.now)
	allowed(t, c, site.URL+"/")
	site.answer(503, "down")
	clk.advance(DefaultTTL + time.Second)
	if !allowed(t, c, site.URL+"/public") || allowed(t, c, site.URL+"/private") {
		t.Error("during the outage the old rules should still apply")
	}
	site.answer(200, "User-agent: *\nDisallow: /public\n")
	clk.advance(ErrorTTL - time.Minute)
	allowed(t, c, site.URL+"/")
	if n := site.asked.Load(); n != 2 {
		t.Errorf("asked %d times, want 2", n)
	}
	clk.advance(2 * time.Minute)
	if allowed(t, c, site.URL+"/public") || !allowed(t, c, site.URL+"/private") {
		t.Error("the new rules should apply once robots.txt answers again")
	}
}

// TestOneFetchPerOrigin: many concurrent questions about one origin fetch
// its robots.txt once; another origin gets its own fetch.
func TestOneFetchPerOrigin(t *testing.T) {
	release := make(chan struct{})
	var fetches sync.Map // url -> *atomic.Int32
	fetcher := func(ctx context.Context, url string) (int, []byte, error) {
		n, _ := fetches.LoadOrStore(url, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		<-release
		return 200, []byte("User-agent: *\nDisallow: /x\n"), nil
	}
	c := NewCache(fetcher, 0, nil)
	var wg sync.WaitGroup
	results := make(chan bool, 40)
	for i := range 40 {
		wg.Go(func() {
			host := []string{"https://a.example", "https://b.example"}[i%2]
			ok, err := c.Allowed(context.Background(), fmt.Sprintf("%s/story/%d", host, i), ua)
			if err != nil {
				t.Error(err)
			}
			results <- ok
		})
	}
	time.Sleep(50 * time.Millisecond) // let every caller reach the wait
	close(release)
	wg.Wait()
	close(results)
	for ok := range results {
		if !ok {
			t.Error("a page outside /x was disallowed")
		}
	}
	for _, u := range []string{"https://a.example/robots.txt", "https://b.example/robots.txt"} {
		n, _ := fetches.Load(u)
		if n == nil || n.(*atomic.Int32).Load() != 1 {
			t.Errorf("%s fetched %v times, want 1", u, n)
		}
	}
}

// TestCallerGivingUpDoesNotSpoilTheAnswer: a caller whose context ends
// returns at once; the fetch goes on for the others and its answer is
// cached as usual, not as "unreachable".
func TestCallerGivingUpDoesNotSpoilTheAnswer(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	fetcher := func(ctx context.Context, url string) (int, []byte, error) {
		calls.Add(1)
		select {
		case <-release:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
		return 200, []byte("User-agent: *\nDisallow: /x\n"), nil
	}
	c := NewCache(fetcher, 0, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.Allowed(ctx, "https://slow.example/a", ua); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %v", d)
	}
	close(release)
	ok, err := c.Allowed(context.Background(), "https://slow.example/a", ua)
	if !ok || err != nil || calls.Load() != 1 {
		t.Errorf("allowed %v err %v after %d fetches; want true, nil, 1", ok, err, calls.Load())
	}
}

func TestOrigins(t *testing.T) {
	var mu sync.Mutex
	var got []string
	c := NewCache(func(ctx context.Context, url string) (int, []byte, error) {
		mu.Lock()
		got = append(got, url)
		mu.Unlock()
		return 404, nil, nil
	}, 0, nil)
	for _, page := range []string{
		"http://Example.COM/a", "http://example.com:80/b", // one origin
		"https://example.com/c", "https://example.com:443/d", // another
		"https://example.com:8443/e", "https://news.example.com/f",
		"http://[2001:db8::1]/g", "http://[2001:db8::1]:8080/h",
	} {
		allowed(t, c, page)
	}
	want := []string{
		"http://example.com/robots.txt", "https://example.com/robots.txt",
		"https://example.com:8443/robots.txt", "https://news.example.com/robots.txt",
		"http://[2001:db8::1]/robots.txt", "http://[2001:db8::1]:8080/robots.txt",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("fetched\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBadPageURL(t *testing.T) {
	c := NewCache(func(context.Context, string) (int, []byte, error) {
		t.Error("fetched for a bad URL")
		return 0, nil, nil
	}, 0, nil)
	for _, u := range []string{"", "/relative/path", "ftp://example.com/x", "example.com/story", "http://"} {
		if _, err := c.Allowed(context.Background(), u, ua); !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("Allowed(%q) err = %v, want ErrInvalid", u, err)
		}
	}
}

// TestSizeCap serves a robots.txt of 600 KiB: rules in the first 500 KiB
// apply, rules after it, and the line the limit cuts, do not.
func TestSizeCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /early\n")
	for b.Len() < MaxSize-100 {
		b.WriteString("# padding padding padding padding padding\n")
	}
	// The limit falls inside the next rule, after "Disallow: /cut-".
	n := MaxSize - len("Disallow: /cut-") - b.Len()
	b.WriteString("#" + strings.Repeat("x", n-2) + "\n")
	b.WriteString("Disallow: /cut-by-the-limit\n")
	for b.Len() < 600<<10 {
		b.WriteString("Disallow: /late\n")
	}
	site := newSite(t, 200, b.String())
	c := NewCache(loopbackFetcher(), 0, nil)
	if allowed(t, c, site.URL+"/early/x") {
		t.Error("a rule before the limit was not applied")
	}
	if !allowed(t, c, site.URL+"/late/x") {
		t.Error("a rule after the limit was applied")
	}
	if !allowed(t, c, site.URL+"/cut-by-the-limit") {
		t.Error("the line cut by the limit was applied")
	}
}

func TestCrawlDelay(t *testing.T) {
	for body, want := range map[string]time.Duration{
		"User-agent: *\nCrawl-delay: 5\n":                                           5 * time.Second,
		"User-agent: *\nCrawl-delay: 5\n\nUser-agent: beatdesk\nCrawl-delay: 0.5\n": 500 * time.Millisecond,
		"User-agent: otherbot\nCrawl-delay: 30\n":                                   0,
		"User-agent: *\nCrawl-delay: 86400\n":                                       MaxCrawlDelay,
		"User-agent: *\nCrawl-delay: 1e300\n":                                       MaxCrawlDelay,
		"User-agent: *\nCrawl-delay: soon\nDisallow: /x\n":                          0,
		"User-agent: *\nCrawl-delay: -4\n":                                          0,
	} {
		c := NewCache(func(context.Context, string) (int, []byte, error) { return 200, []byte(body), nil }, 0, nil)
		c.Allowed(context.Background(), "https://delay.example/story", ua)
		if got := c.CrawlDelay("delay.example"); got != want {
			t.Errorf("%q: CrawlDelay %v, want %v", body, got, want)
		}
	}
}

// TestLenientParsing: lines the library would reject whole files for are
// skipped, as RFC 9309 asks, and the rest of the file still applies.
func TestLenientParsing(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		disallowed []string
		allowed    []string
	}{
		{"rule before any user-agent", "Disallow: /orphan\nUser-agent: *\nDisallow: /private\n",
			[]string{"/private"}, []string{"/orphan"}},
		{"bad crawl-delay", "User-agent: *\nCrawl-delay: 10s\nDisallow: /private\n",
			[]string{"/private"}, []string{"/"}},
		{"space before the colon", "User-agent : *\nCrawl-delay : 3\nDisallow : /private # members\n",
			[]string{"/private/a"}, []string{"/public"}},
		{"byte order mark and CRLF", "\ufeffUser-agent: *\r\nDisallow: /private\r\n",
			[]string{"/private"}, []string{"/"}},
		{"typos the big crawlers accept", "useragent: *\ndisallow: /private\n",
			[]string{"/private"}, nil},
		{"an HTML page served as robots.txt", "<!doctype html><html><body><p>Welcome: home</p></body></html>",
			nil, []string{"/", "/anything"}},
		{"empty disallow ends a group", "User-agent: otherbot\nDisallow:\n\nUser-agent: beatdesk\nDisallow: /x\n",
			[]string{"/x"}, []string{"/y"}},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", nil, []string{"/", "/x"}},
		{"disallow all", "User-agent: *\nDisallow: /\n", []string{"/", "/x?y=1"}, nil},
	} {
		c := NewCache(func(context.Context, string) (int, []byte, error) { return 200, []byte(tc.body), nil }, 0, nil)
		for _, p := range tc.disallowed {
			if allowed(t, c, "https://lenient.example"+p) {
				t.Errorf("%s: %s allowed", tc.name, p)
			}
		}
		for _, p := range tc.allowed {
			if !allowed(t, c, "https://lenient.example"+p) {
				t.Errorf("%s: %s disallowed", tc.name, p)
			}
		}
	}
	// The other group of "empty disallow ends a group" must not take /x.
	c := NewCache(func(context.Context, string) (int, []byte, error) {
		return 200, []byte("User-agent: otherbot\nDisallow:\n\nUser-agent: beatdesk\nDisallow: /x\n"), nil
	}, 0, nil)
	if ok, _ := c.Allowed(context.Background(), "https://lenient.example/x", "otherbot"); !ok {
		t.Error("otherbot got beatdesk's rule")
	}
}

func TestProductToken(t *testing.T) {
	for in, want := range map[string]string{
		ua:                         "beatdesk",
		"BeatDesk":                 "beatdesk",
		"Mozilla/5.0 (compatible)": "mozilla",
		"my_bot-2 extra":           "my_bot-2",
		"":                         "",
	} {
		if got := productToken(in); got != want {
			t.Errorf("productToken(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSweepDropsExpiredOrigins keeps the cache from growing with every
// host ever seen.
func TestSweepDropsExpiredOrigins(t *testing.T) {
	clk := newClock()
	c := NewCache(func(context.Context, string) (int, []byte, error) { return 404, nil, nil }, time.Hour, clk.now)
	for i := range minSweep {
		allowed(t, c, fmt.Sprintf("https://h%d.example/", i))
	}
	clk.advance(2 * time.Hour)
	allowed(t, c, "https://fresh.example/")
	c.mu.Lock()
	n := len(c.sites)
	c.mu.Unlock()
	if n != 1 {
		t.Errorf("%d origins cached after the others expired, want 1", n)
	}
}
