package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
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
type pageCache struct {
	next       http.Handler
	cookie     string // the readers' session cookie
	generation func(ctx context.Context) (string, error)
	check      time.Duration
	maxEntries int
	now        func() time.Time

	checking  sync.Mutex // held by the one request reading the generation
	mu        sync.Mutex // guards what follows
	gen       string
	checkedAt time.Time
	pages     map[string]*cachedPage
}

type cachedPage struct {
	header http.Header
	body   []byte
	etag   string
}

func newPageCache(next http.Handler, cookie string, generation func(context.Context) (string, error)) *pageCache {
	return &pageCache{next: next, cookie: cookie, generation: generation, check: time.Second, maxEntries: 20000,
		now: time.Now, pages: map[string]*cachedPage{}}
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
		p.serve(w, r)
		return
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	c.next.ServeHTTP(rec, r)
	// A page that set a cookie or said "private" is someone's own.
	if rec.status != http.StatusOK || rec.header.Get("Set-Cookie") != "" || strings.Contains(rec.header.Get("Cache-Control"), "private") {
		rec.copyTo(w)
		return
	}
	sum := sha256.Sum256(rec.body.Bytes())
	p := &cachedPage{header: rec.header, body: rec.body.Bytes(), etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	c.store(key, p)
	p.serve(w, r)
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
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[key]
}

// refresh reads the generation when a check is due and drops every page
// when it changed. One request checks at a time, outside mu, so pages
// are served from memory meanwhile. It reports false when the generation
// cannot be read.
func (c *pageCache) refresh(ctx context.Context) bool {
	c.checking.Lock()
	defer c.checking.Unlock()
	now := c.now()
	c.mu.Lock()
	due := now.Sub(c.checkedAt) >= c.check
	c.mu.Unlock()
	if !due {
		return true
	}
	gen, err := c.generation(ctx)
	if err != nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checkedAt = now
	if gen != c.gen {
		c.gen, c.pages = gen, map[string]*cachedPage{}
	}
	return true
}

func (c *pageCache) store(key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= c.maxEntries {
		c.pages = map[string]*cachedPage{} // rare; simpler than an LRU and as good for a hot set
	}
	c.pages[key] = p
}

func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	h.Set("ETag", p.etag)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(p.body)
	}
}

// recorder keeps a response to cache it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
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
	return r.body.Write(b)
}

func (r *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
