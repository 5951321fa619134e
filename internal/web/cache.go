package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"hash/maphash"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// pageCache keeps the reader site's public pages as anonymous readers get
// them, so that the busiest pages (articles, the home page, feeds) are
// served from memory. Only what is the same for every anonymous reader is
// kept: GET and HEAD requests without a session cookie, answered 200, on
// the paths cacheable lists. Anyone signed in (or with a flash message
// waiting) carries a cookie and always gets a fresh page, so the gate is
// never decided by the cache.
//
// A page is good while the published articles are unchanged: generation
// reads a figure that changes whenever one is published, updated or
// corrected (by this process or another, such as a worker), and it is
// read at most once per check interval, so a publication shows within
// that interval. Every cached page has an ETag, and a matching
// If-None-Match is answered 304.
//
// A page is kept from the second time it is asked for (the key of every
// page asked for once is remembered, not the page): most of a large
// archive is read once, and keeping those pages would only push the busy
// ones out. It is kept as it is and gzip-compressed, each with its length (so it goes out in one piece,
// not in chunks) and its own ETag; readers whose browser accepts gzip
// (every browser does) then get the compressed one, a quarter of the
// bytes, compressed once rather than per request. A page read once is
// never compressed, so a first read costs no more than it did.
type pageCache struct {
	next       http.Handler
	cookie     string // the readers' session cookie
	generation func(ctx context.Context) (string, error)
	check      time.Duration
	maxEntries int
	maxBytes   int // of page bodies kept
	now        func() time.Time

	// checkedAt is when the generation was last read, in Unix
	// nanoseconds; it lets a request see that no check is due without
	// taking a lock.
	checkedAt atomic.Int64
	checking  sync.Mutex   // held by the one request reading the generation
	mu        sync.RWMutex // guards what follows
	gen       string
	pages     map[string]*cachedPage
	bytes     int // of the bodies in pages
	// seen holds the keys (hashed) of pages asked for once since the
	// last generation change, at most maxSeen, then forgotten together.
	seen    map[uint64]struct{}
	maxSeen int
	seed    maphash.Seed
}

type cachedPage struct {
	plain encoding
	// gzipped is made when the page is asked for again, once: a page
	// read once (most of a large archive) is never compressed. It stays
	// nil when compressing saves nothing.
	gzipOnce sync.Once
	gzipped  *encoding
}

// An encoding is one representation of a cached page, as served.
type encoding struct {
	header http.Header // with its ETag, length, Vary and Cache-Control
	body   []byte
	etag   string
}

// newCachedPage makes the page to keep of a recorded 200 answer.
func newCachedPage(header http.Header, body []byte) *cachedPage {
	if header.Get("Cache-Control") == "" {
		header.Set("Cache-Control", "public, max-age=0, must-revalidate")
	}
	header.Add("Vary", "Accept-Encoding")
	return &cachedPage{plain: newEncoding(header, body, "")}
}

// compressed returns the page gzip-compressed, compressing it on the
// first call, or nil when that does not pay.
func (p *cachedPage) compressed() *encoding {
	p.gzipOnce.Do(func() {
		if p.plain.header.Get("Content-Encoding") != "" || len(p.plain.body) < 1024 {
			return // already encoded, or too small to gain from it
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // once per page: worth the best
		zw.Write(p.plain.body)
		zw.Close()
		if buf.Len() >= len(p.plain.body) {
			return
		}
		h := p.plain.header.Clone()
		h.Set("Content-Encoding", "gzip")
		e := newEncoding(h, buf.Bytes(), "-gz")
		p.gzipped = &e
	})
	return p.gzipped
}

func newEncoding(header http.Header, body []byte, tag string) encoding {
	sum := sha256.Sum256(body)
	e := encoding{header: header, body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + tag + `"`}
	e.header.Set("ETag", e.etag)
	e.header.Set("Content-Length", strconv.Itoa(len(body)))
	return e
}

// size is the bytes the page's bodies take, counting a quarter of the
// page for its compressed copy (made later, if ever; HTML compresses to
// a fifth or so).
func (p *cachedPage) size() int { return len(p.plain.body) * 5 / 4 }

func newPageCache(next http.Handler, cookie string, generation func(context.Context) (string, error)) *pageCache {
	return &pageCache{next: next, cookie: cookie, generation: generation, check: time.Second, maxEntries: 20000,
		maxBytes: 64 << 20, now: time.Now, pages: map[string]*cachedPage{},
		seen: map[uint64]struct{}{}, maxSeen: 1 << 17, seed: maphash.MakeSeed()}
}

// cacheable says whether a path's anonymous page is the same for everyone
// and worth keeping. Search results are not kept: their keys are endless.
func cacheable(path string) bool {
	switch path {
	case "/", "/correspondents", "/how-we-work", "/feed.xml", "/sitemap.xml", "/news-sitemap.xml", "/api/articles":
		return true
	}
	for _, prefix := range []string{"/article/", "/articles/", "/regions/", "/correspondents/", "/api/articles/"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

func (c *pageCache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || !cacheable(r.URL.Path) || c.hasSession(r) {
		c.next.ServeHTTP(w, r)
		return
	}
	key := r.URL.RequestURI()
	if p := c.lookup(r.Context(), key); p != nil {
		p.serve(w, r, true)
		return
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	c.next.ServeHTTP(rec, r)
	// A page that set a cookie or said "private" is someone's own.
	if rec.status != http.StatusOK || rec.header.Get("Set-Cookie") != "" || strings.Contains(rec.header.Get("Cache-Control"), "private") {
		rec.copyTo(w)
		return
	}
	p := newCachedPage(rec.header, rec.body)
	again := c.store(key, p)
	p.serve(w, r, again)
}

func (c *pageCache) hasSession(r *http.Request) bool {
	_, err := r.Cookie(c.cookie)
	return err == nil
}

// lookup returns the cached page for key if the published articles have
// not changed since it was made.
func (c *pageCache) lookup(ctx context.Context, key string) *cachedPage {
	if !c.refresh(ctx) {
		return nil // serve fresh; the page's own error handling speaks
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.pages[key]
}

// refresh reads the generation when a check is due and drops every page
// when it changed. One request checks at a time, outside mu; the others
// wait for it, so none serves a page older than the check interval. It
// reports false when the generation cannot be read.
func (c *pageCache) refresh(ctx context.Context) bool {
	if c.now().UnixNano()-c.checkedAt.Load() < int64(c.check) {
		return true // the common case: checked within the interval
	}
	c.checking.Lock()
	defer c.checking.Unlock()
	now := c.now()
	if now.UnixNano()-c.checkedAt.Load() < int64(c.check) {
		return true // another request checked while this one waited
	}
	gen, err := c.generation(ctx)
	if err != nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checkedAt.Store(now.UnixNano())
	if gen != c.gen {
		c.gen, c.pages, c.bytes = gen, map[string]*cachedPage{}, 0
		clear(c.seen) // asked for again after a change, a page is new
	}
	return true
}

// store keeps p under key if the page was asked for before, and reports
// whether it was; the first time, it only remembers the key.
func (c *pageCache) store(key string, p *cachedPage) (again bool) {
	h := maphash.String(c.seed, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, again = c.seen[h]; !again {
		if len(c.seen) >= c.maxSeen {
			clear(c.seen)
		}
		c.seen[h] = struct{}{}
		return false
	}
	if len(c.pages) >= c.maxEntries || c.bytes+p.size() > c.maxBytes {
		// Rare, now that pages read once are not kept; simpler than an
		// LRU and as good for a hot set. The byte cap keeps a site of
		// many busy articles from holding 20,000 pages (400 MB) in memory.
		c.pages, c.bytes = map[string]*cachedPage{}, 0
	}
	if old := c.pages[key]; old != nil {
		c.bytes -= old.size()
	}
	c.pages[key] = p
	c.bytes += p.size()
	return true
}

// serve answers r with the page: compressed when the reader accepts it
// and the page was asked for before (again says so). A reader holding
// either encoding, by its ETag, is told it is unchanged: either is what
// the reader accepts.
func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request, again bool) {
	e := &p.plain
	if again && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		if gz := p.compressed(); gz != nil {
			e = gz
		}
	}
	match := r.Header.Get("If-None-Match")
	if e != &p.plain && match != "" && !strings.Contains(match, e.etag) && strings.Contains(match, p.plain.etag) {
		e = &p.plain // the reader holds the plain page
	}
	h := w.Header()
	for k, v := range e.header {
		h[k] = v // shared, never changed: net/http only reads them
	}
	if match != "" && strings.Contains(match, e.etag) {
		delete(h, "Content-Length") // nothing follows a 304
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(e.body)
	}
}

// acceptsGzip says whether an Accept-Encoding header lets gzip through:
// named without q=0, or not named and "*" without q=0.
func acceptsGzip(accept string) bool {
	gzip, star := -1, -1 // -1 absent, 0 refused, 1 accepted
	for accept != "" {
		var item string
		item, accept, _ = strings.Cut(accept, ",")
		name, params, _ := strings.Cut(item, ";")
		ok := 1
		if q := strings.ReplaceAll(strings.TrimSpace(params), " ", ""); strings.HasPrefix(q, "q=0") && strings.Trim(q[3:], ".0") == "" {
			ok = 0
		}
		switch name = strings.TrimSpace(name); {
		case strings.EqualFold(name, "gzip"):
			gzip = ok
		case name == "*":
			star = ok
		}
	}
	if gzip >= 0 {
		return gzip == 1
	}
	return star == 1
}

// recorder keeps a response to cache it.
type recorder struct {
	header http.Header
	status int
	body   []byte
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	r.body = append(r.body, b...) // pages come in one write: one allocation of their size
	return len(b), nil
}

func (r *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	w.Write(r.body)
}
