// Package robots decides whether beatdesk may fetch an article page, by the
// site's robots.txt (RFC 9309, parsed with github.com/temoto/robotstxt), and
// tells how long the site asks crawlers to wait between pages (Crawl-delay).
//
// Only article pages are checked. Feeds (RSS, Atom, JSON Feed), news
// sitemaps and WebSub deliveries are not: a publisher offers a feed for
// machines to poll, and by convention feed readers fetch it whatever
// robots.txt says. A page linked from a feed is crawling, so it asks first.
//
// What robots.txt answers mean, per origin (scheme, host and port):
//
//   - 2xx: its rules apply. Only the first MaxSize (500 KiB) bytes are read,
//     cut back to the last whole line, as RFC 9309 allows and Google does.
//     Lines that cannot be read (a rule before any User-agent, a
//     Crawl-delay that is not a number) are skipped, not fatal.
//   - 4xx except 429, including 401 and 403: there is no robots.txt for us,
//     so every page is allowed. This is RFC 9309 (section 2.3.1.3) and what
//     Google does. We follow it rather than the older "403 means keep out"
//     reading because a 403 on robots.txt is nearly always a bot wall in
//     front of the whole site, which will refuse the page as well, while a
//     site that wants beatdesk out can say so in robots.txt.
//   - a 3xx the fetcher hands back (one with no usable Location): treated
//     as no robots.txt, as RFC 9309 section 2.3.1.2 allows. The fetcher
//     follows redirects itself; one that gives up after too many returns
//     an error, which counts as no answer (below).
//   - 429, 5xx, any other status, or no answer at all: robots.txt is
//     unreachable, so every page is disallowed for now (Allowed returns
//     false and an error wrapping ErrUnreachable) and robots.txt is asked
//     for again after ErrorTTL. If rules from an earlier fetch are known,
//     they keep applying instead (RFC 9309 section 2.4).
//
// Answers are cached for the Cache's TTL (24 hours by default). Two
// concurrent questions about one origin fetch its robots.txt once.
//
// Groups are chosen by the user agent's product token (the part before the
// first "/" or space, case-insensitive), else the "*" group. The library
// picks the longest group name that is a prefix of the token, so a group
// named "beat" would also apply to "beatdesk"; real robots.txt files do
// not name such fragments. /robots.txt itself is always allowed.
package robots

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"beatdesk"

	"github.com/temoto/robotstxt"
)

const (
	// DefaultTTL is how long robots.txt is trusted when NewCache is given
	// no TTL; RFC 9309 asks crawlers not to cache it for longer.
	DefaultTTL = 24 * time.Hour
	// ErrorTTL is how soon an unreachable robots.txt is asked for again
	// (or the TTL, when that is shorter).
	ErrorTTL = time.Hour
	// MaxSize is how much of a robots.txt is read (RFC 9309's minimum).
	MaxSize = 500 << 10
	// FetchTimeout bounds one robots.txt fetch, whoever waits for it.
	FetchTimeout = 30 * time.Second
	// MaxCrawlDelay is the longest Crawl-delay reported; a site asking
	// for more is read as asking for this.
	MaxCrawlDelay = time.Hour
)

// ErrUnreachable is wrapped by Allowed's error when the site's robots.txt
// could not be read (429, 5xx, or no answer): the page must not be fetched
// now, and may be retried after ErrorTTL. It is a kind of
// beatdesk.ErrUnavailable.
var ErrUnreachable = fmt.Errorf("robots.txt unreachable: %w", beatdesk.ErrUnavailable)

// A Fetcher gets url. It returns the HTTP status and body of any answer
// (a 404 is an answer, not an error), and an error only when there was no
// answer: refused, timed out, connection failed. FetchWith makes one from a
// fetch.Client.
type Fetcher func(ctx context.Context, url string) (status int, body []byte, err error)

// Cache answers robots.txt questions and remembers each origin's answer.
// It is safe for concurrent use; make one per process.
type Cache struct {
	fetch   Fetcher
	ttl     time.Duration
	errTTL  time.Duration
	now     func() time.Time
	mu      sync.Mutex
	sites   map[string]*site // by origin, "https://example.com:8443"
	sweepAt int              // size of sites at which expired entries are dropped
}

// site is what is known about one origin. Its fields are guarded by
// Cache.mu.
type site struct {
	rules    *robotstxt.RobotsData // nil: every page allowed (unless err)
	known    bool                  // rules (or their absence) came from an answer
	err      error                 // robots.txt unreachable and nothing known: disallow
	expires  time.Time
	agent    string        // product token last asked about, for CrawlDelay
	fetching chan struct{} // non-nil while robots.txt is being fetched; closed after
}

const minSweep = 4096

// NewCache returns a Cache that gets robots.txt with fetcher and trusts an
// answer for ttl (DefaultTTL if ttl <= 0). now is the clock (time.Now if
// nil).
func NewCache(fetcher func(ctx context.Context, url string) (status int, body []byte, err error), ttl time.Duration, now func() time.Time) *Cache {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Cache{
		fetch:   fetcher,
		ttl:     ttl,
		errTTL:  min(ttl, ErrorTTL),
		now:     now,
		sites:   map[string]*site{},
		sweepAt: minSweep,
	}
}

// Allowed reports whether userAgent may fetch pageURL. It fetches the
// origin's robots.txt when no fresh answer is cached, waiting at most
// until ctx ends. Errors: beatdesk.ErrInvalid for a URL that is not
// absolute http(s); ErrUnreachable (with false) while robots.txt cannot be
// read; ctx's error if it ends first.
func (c *Cache) Allowed(ctx context.Context, pageURL, userAgent string) (bool, error) {
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false, beatdesk.Errorf(beatdesk.ErrInvalid, "robots.Allowed",
			"%q is not an absolute http(s) URL; pass the page's full address", pageURL)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true, nil
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery // rules may match the query too
	}
	agent := productToken(userAgent)

	s, err := c.site(ctx, origin(u), agent)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.err != nil {
		return false, s.err
	}
	if s.rules == nil {
		return true, nil
	}
	return s.rules.FindGroup(agent).Test(path), nil
}

// CrawlDelay returns the Crawl-delay that the cached robots.txt of host
// (host or host:port, as in a URL; a whole URL also works) asks of the
// user agent last passed to Allowed for it, the larger of http's and
// https's, at most MaxCrawlDelay. It is 0 when none is set or nothing is
// cached yet; it never fetches.
func (c *Cache) CrawlDelay(host string) time.Duration {
	if u, err := url.Parse(host); err == nil && strings.Contains(host, "://") {
		host = u.Host
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var d time.Duration
	for _, scheme := range []string{"http", "https"} {
		s := c.sites[origin(&url.URL{Scheme: scheme, Host: host})]
		if s == nil || s.rules == nil {
			continue
		}
		asked := s.rules.FindGroup(s.agent).CrawlDelay
		if asked < 0 || asked > MaxCrawlDelay { // negative: overflowed
			asked = MaxCrawlDelay
		}
		d = max(d, asked)
	}
	return d
}

// site returns origin's entry once it holds a fresh answer, fetching
// robots.txt if needed. One fetch per origin runs at a time; it is not
// tied to ctx, so a caller giving up does not fail the others waiting.
func (c *Cache) site(ctx context.Context, origin, agent string) (*site, error) {
	c.mu.Lock()
	s := c.sites[origin]
	if s == nil {
		c.sweep()
		s = &site{}
		c.sites[origin] = s
	}
	s.agent = agent
	if s.fetching == nil && c.now().Before(s.expires) {
		c.mu.Unlock()
		return s, nil
	}
	if s.fetching == nil {
		s.fetching = make(chan struct{})
		go c.refresh(context.WithoutCancel(ctx), origin, s)
	}
	done := s.fetching
	c.mu.Unlock()

	select {
	case <-done:
		return s, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("robots: waiting for %s/robots.txt: %w", origin, ctx.Err())
	}
}

// refresh fetches origin's robots.txt into s and wakes those waiting. It
// ends when the fetcher returns, within FetchTimeout.
func (c *Cache) refresh(ctx context.Context, origin string, s *site) {
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	status, body, err := c.fetch(ctx, origin+"/robots.txt")
	rules, unreachable := interpret(status, body, err)

	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	switch {
	case unreachable == nil:
		s.rules, s.known, s.err, s.expires = rules, true, nil, now.Add(c.ttl)
	case s.known:
		// Keep obeying the last rules we read until it answers again.
		s.expires = now.Add(c.errTTL)
	default:
		s.err = fmt.Errorf("robots: %s/robots.txt: %w (%v); its pages are not fetched until it answers, asked again in %s",
			origin, ErrUnreachable, unreachable, c.errTTL)
		s.expires = now.Add(c.errTTL)
	}
	close(s.fetching)
	s.fetching = nil
}

// interpret turns a fetch's outcome into rules (nil: allow every page), or
// the reason robots.txt counts as unreachable.
func interpret(status int, body []byte, err error) (*robotstxt.RobotsData, error) {
	switch {
	case err != nil:
		return nil, err
	case status >= 200 && status <= 299:
		return parse(body), nil
	case status == 429:
		return nil, fmt.Errorf("HTTP 429: the site asks us to slow down")
	case status >= 300 && status <= 499:
		return nil, nil
	default:
		return nil, fmt.Errorf("HTTP %d", status)
	}
}

// sweep drops expired entries no one is fetching, once the map has doubled
// since the last sweep, so hosts seen once do not pile up. Called with
// c.mu held.
func (c *Cache) sweep() {
	if len(c.sites) < c.sweepAt {
		return
	}
	now := c.now()
	for k, s := range c.sites {
		if s.fetching == nil && !now.Before(s.expires) {
			delete(c.sites, k)
		}
	}
	c.sweepAt = max(minSweep, 2*len(c.sites))
}

// origin is scheme://host[:port] in lower case without a default port:
// robots.txt belongs to exactly that.
func origin(u *url.URL) string {
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		return scheme + "://" + net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		return scheme + "://[" + host + "]"
	}
	return scheme + "://" + host
}

// productToken is the name robots.txt groups are matched against: the
// user agent up to the first character that cannot be in one (RFC 9309
// allows letters, "_" and "-"; digits are common too), in lower case.
func productToken(userAgent string) string {
	end := strings.IndexFunc(userAgent, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	})
	if end >= 0 {
		userAgent = userAgent[:end]
	}
	return strings.ToLower(userAgent)
}
