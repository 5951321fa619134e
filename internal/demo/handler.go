package demo

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// site is the demo world's content, fixed at construction: every page and
// feed is a pure function of it and the request's host.
type site struct {
	now     time.Time
	outlets []*outletSite // in the order given
	bySlug  map[string]*outletSite
	pages   *template.Template
}

type outletSite struct {
	Outlet
	words    *words
	posts    []*post // newest first
	bySlug   map[string]*post
	modified time.Time // the newest article's publication
}

// A post is one published article with its publication time resolved.
type post struct {
	Article
	Published time.Time
}

// Path is the article's URL path: /<outlet>/<yyyy>/<mm>/<slug>.html.
func (p *post) Path() string {
	return fmt.Sprintf("/%s/%04d/%02d/%s.html", p.Outlet, p.Published.Year(), int(p.Published.Month()), p.Slug)
}

// feedPath is where an outlet publishes its feed, by kind.
func feedPath(o Outlet) string {
	switch o.Kind {
	case KindAtom:
		return "/" + o.Slug + "/atom.xml"
	case KindJSON:
		return "/" + o.Slug + "/feed.json"
	}
	return "/" + o.Slug + "/feed.xml"
}

// feedType is the media type of a feed of the given kind.
func feedType(kind string) string {
	switch kind {
	case KindAtom:
		return "application/atom+xml"
	case KindJSON:
		return "application/feed+json"
	}
	return "application/rss+xml"
}

//go:embed templates/*.html
var templateFS embed.FS

var pageTemplates = template.Must(template.New("pages").Funcs(template.FuncMap{
	"feedType":    feedType,
	"fictionalEN": func() string { return fictionalEN },
}).ParseFS(templateFS, "templates/*.html"))

// NewHandler serves outlets and articles as a set of news sites: for each
// outlet a homepage (/<outlet>/), its feed (/<outlet>/feed.xml, atom.xml or
// feed.json by Kind) and article pages (/<outlet>/<yyyy>/<mm>/<slug>.html),
// plus a directory of outlets at / and a permissive /robots.txt. Each
// article was published its Age before now. Links are absolute, built from
// the request's Host, so the handler works behind httptest as well as Start.
//
// It panics if an article names an outlet that is not in outlets, or if two
// articles of one outlet share a slug: both are mistakes in the caller's
// corpus, which Corpus would have rejected.
func NewHandler(now time.Time, outlets []Outlet, articles []Article) http.Handler {
	now = now.UTC().Truncate(time.Second)
	s := &site{now: now, bySlug: map[string]*outletSite{}, pages: pageTemplates}
	for _, o := range outlets {
		os := &outletSite{Outlet: o, words: wordsFor(o.Lang), bySlug: map[string]*post{}}
		s.outlets = append(s.outlets, os)
		s.bySlug[o.Slug] = os
	}
	for _, a := range articles {
		o, ok := s.bySlug[a.Outlet]
		if !ok {
			panic(fmt.Sprintf("demo.NewHandler: article %s names outlet %q, which is not in the outlet list", a.Slug, a.Outlet))
		}
		if _, dup := o.bySlug[a.Slug]; dup {
			panic(fmt.Sprintf("demo.NewHandler: outlet %s has two articles with slug %q", a.Outlet, a.Slug))
		}
		p := &post{Article: a, Published: now.Add(-a.Age)}
		o.bySlug[a.Slug] = p
		o.posts = append(o.posts, p)
	}
	for _, o := range s.outlets {
		// Newest first, as feeds and homepages list them; slug breaks ties
		// so the order never depends on input order.
		sortPosts(o.posts)
		if len(o.posts) > 0 {
			o.modified = o.posts[0].Published
		}
	}

	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.handle(s.index))
	mux.Handle("GET /robots.txt", s.handle(s.robots))
	mux.Handle("GET /{outlet}/{$}", s.handle(s.home))
	mux.Handle("GET /{outlet}/{file}", s.handle(s.feed))
	mux.Handle("GET /{outlet}/{year}/{month}/{file}", s.handle(s.article))
	return mux
}

func sortPosts(ss []*post) {
	slices.SortFunc(ss, func(a, b *post) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
}

// A response is what a route produced; nil means 404.
type response struct {
	ctype    string
	body     []byte
	modified time.Time
}

// handle adapts a route to http.Handler: it renders, then answers
// conditional requests and compresses, the way a CDN in front of a real
// outlet would.
func (s *site) handle(route func(r *http.Request, base string) (*response, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := route(r, "http://"+r.Host)
		if err != nil {
			http.Error(w, "demo world: "+err.Error(), http.StatusInternalServerError)
			return
		}
		if resp == nil {
			http.NotFound(w, r)
			return
		}
		send(w, r, resp)
	})
}

func send(w http.ResponseWriter, r *http.Request, resp *response) {
	sum := sha256.Sum256(resp.body)
	tag := hex.EncodeToString(sum[:12])
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h.Set("Content-Type", resp.ctype)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "public, max-age=60")
	// The compressed body is a different representation, so it gets its
	// own strong validator; either is accepted back (see notModified).
	if gz {
		h.Set("ETag", `"`+tag+`-gzip"`)
	} else {
		h.Set("ETag", `"`+tag+`"`)
	}
	if !resp.modified.IsZero() {
		h.Set("Last-Modified", resp.modified.UTC().Format(http.TimeFormat))
	}
	if notModified(r, tag, resp.modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := resp.body
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(body) // writes to a bytes.Buffer cannot fail
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified applies RFC 9110's precedence: If-None-Match when present,
// otherwise If-Modified-Since.
func notModified(r *http.Request, tag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == `"`+tag+`"` || t == `"`+tag+`-gzip"` {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(t)
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return !(q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000")
	}
	return false
}

func (s *site) robots(r *http.Request, base string) (*response, error) {
	return &response{ctype: "text/plain; charset=utf-8", body: []byte("User-agent: *\nAllow: /\n")}, nil
}

func (s *site) render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
