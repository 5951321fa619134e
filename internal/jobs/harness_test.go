package jobs

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/demo"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/store"
)

// The tests here call each step (Poll, Fetch, Cluster, Write) directly on
// a fresh real database and look at what it left behind: rows in the
// store and jobs in river_job. The queue is opened but never started, so
// every job a step inserts stays where the next assertion can see it.

// hintDetector stands in for internal/analyze/lang, whose models would add
// over 100 MB to the test binary: it trusts the page's or feed's language.
type hintDetector struct{}

func (hintDetector) Detect(text, hint string) string { return hint }

// testConfig is the demo's pipeline configuration with a long poll
// interval, so backoff arithmetic is easy to read.
func testConfig() Config {
	return Config{Workers: 2, PollMin: 10 * time.Minute, PollMax: 24 * time.Hour, WriteDelay: time.Minute,
		MinOutlets: 2, MinArticles: 3, AutoPublish: true, SiteLang: "en"}
}

// A harness is a pipeline and its unstarted queue over one store.
type harness struct {
	t   *testing.T
	ctx context.Context
	s   *store.Store
	p   *Pipeline
	q   *Queue
}

func newHarness(t *testing.T, s *store.Store, cfg Config) *harness {
	// The tests' servers are one host: a large burst keeps its rate limit
	// from turning their back-to-back polls away.
	return newHarnessWith(t, s, cfg, fetch.Options{AllowLoopback: true, HostRate: 100, HostBurst: 1000})
}

func newHarnessWith(t *testing.T, s *store.Store, cfg Config, fo fetch.Options) *harness {
	t.Helper()
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	p := NewPipeline(s, cfg, fetch.New(fo), hintDetector{}, persona.Default(), log)
	q, err := Open(ctx, s, p, log)
	if err != nil {
		t.Fatalf("jobs.Open: %v", err)
	}
	t.Cleanup(q.Close)
	return &harness{t: t, ctx: ctx, s: s, p: p, q: q}
}

// A job is one river_job row, with its numeric arguments.
type job struct {
	ID    int64
	Kind  string
	State string
	Queue string
	Args  map[string]int64
}

// jobs lists the jobs of one kind in insertion order.
func (h *harness) jobs(kind string) []job {
	h.t.Helper()
	// River keeps args as SQLite's binary JSONB or PostgreSQL's jsonb.
	args := "json(args)"
	if h.s.Engine() == store.Postgres {
		args = "args::text"
	}
	rows, err := h.s.DB().QueryContext(h.ctx, `SELECT id, kind, state, queue, `+args+` FROM river_job WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		h.t.Fatalf("list %s jobs: %v", kind, err)
	}
	defer rows.Close()
	var out []job
	for rows.Next() {
		var j job
		var args []byte
		if err := rows.Scan(&j.ID, &j.Kind, &j.State, &j.Queue, &args); err != nil {
			h.t.Fatalf("scan job: %v", err)
		}
		if err := json.Unmarshal(args, &j.Args); err != nil {
			h.t.Fatalf("job %d args %q: %v", j.ID, args, err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// jobArgs returns the value of one argument across the jobs of a kind,
// sorted, so a test can compare it with the ids it expects.
func (h *harness) jobArgs(kind, arg string) []int64 {
	h.t.Helper()
	var ids []int64
	for _, j := range h.jobs(kind) {
		ids = append(ids, j.Args[arg])
	}
	slices.Sort(ids)
	return ids
}

// ids runs a query returning one id column, sorted.
func (h *harness) ids(q string, args ...any) []int64 {
	h.t.Helper()
	rows, err := h.s.DB().QueryContext(h.ctx, q, args...)
	if err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		h.t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func (h *harness) addSource(src beatdesk.Source) beatdesk.Source {
	h.t.Helper()
	var out beatdesk.Source
	err := h.s.Update(h.ctx, func(tx *store.Tx) (err error) { out, err = tx.AddSource(h.ctx, src); return err })
	if err != nil {
		h.t.Fatalf("add source %s: %v", src.FeedURL, err)
	}
	return out
}

func (h *harness) source(id int64) beatdesk.Source {
	h.t.Helper()
	var out beatdesk.Source
	if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { out, err = tx.Source(h.ctx, id); return err }); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) item(id int64) beatdesk.Item {
	h.t.Helper()
	var out beatdesk.Item
	if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { out, err = tx.Item(h.ctx, id); return err }); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) addItem(it beatdesk.Item) int64 {
	h.t.Helper()
	var id int64
	err := h.s.Update(h.ctx, func(tx *store.Tx) (err error) { id, _, err = tx.AddItem(h.ctx, it); return err })
	if err != nil || id == 0 {
		h.t.Fatalf("add item %s: id %d, %v", it.URL, id, err)
	}
	return id
}

func (h *harness) article(id int64) beatdesk.Article {
	h.t.Helper()
	var out beatdesk.Article
	if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { out, err = tx.Article(h.ctx, id); return err }); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) story(id int64) beatdesk.Story {
	h.t.Helper()
	var out beatdesk.Story
	if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { out, err = tx.Story(h.ctx, id); return err }); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// poll polls a source and fails the test on an error.
func (h *harness) poll(id int64) {
	h.t.Helper()
	if err := h.p.Poll(h.ctx, id); err != nil {
		h.t.Fatalf("Poll(%d): %v", id, err)
	}
}

// fetchItem fetches an item and fails the test on an error.
func (h *harness) fetchItem(id int64) {
	h.t.Helper()
	if err := h.p.Fetch(h.ctx, id); err != nil {
		h.t.Fatalf("Fetch(%d): %v", id, err)
	}
}

// A world is the demo corpus, or part of it, served on loopback through a
// handler that records each request and lets a test add routes of its own
// (broken feeds, failing pages) beside the demo's.
type world struct {
	srv      *httptest.Server
	outlets  []demo.Outlet
	articles []demo.Article
	demo     http.Handler

	mu     sync.Mutex
	log    []request
	routes map[string]http.HandlerFunc
}

// A request is what the world saw and answered.
type request struct {
	Path, IfNoneMatch, IfModifiedSince string
	Status                             int
}

// newWorld serves the outlets with the given slugs (all when none).
func newWorld(t *testing.T, slugs ...string) *world {
	t.Helper()
	outlets, articles, err := demo.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{routes: map[string]http.HandlerFunc{}}
	for _, o := range outlets {
		if len(slugs) == 0 || slices.Contains(slugs, o.Slug) {
			w.outlets = append(w.outlets, o)
		}
	}
	for _, a := range articles {
		if slices.ContainsFunc(w.outlets, func(o demo.Outlet) bool { return o.Slug == a.Outlet }) {
			w.articles = append(w.articles, a)
		}
	}
	w.demo = demo.NewHandler(time.Now(), w.outlets, w.articles)
	w.srv = httptest.NewServer(w)
	t.Cleanup(w.srv.Close)
	return w
}

func (w *world) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
	w.mu.Lock()
	route := w.routes[r.URL.Path]
	w.mu.Unlock()
	if route != nil {
		route(rec, r)
	} else {
		w.demo.ServeHTTP(rec, r)
	}
	w.mu.Lock()
	w.log = append(w.log, request{Path: r.URL.Path, IfNoneMatch: r.Header.Get("If-None-Match"),
		IfModifiedSince: r.Header.Get("If-Modified-Since"), Status: rec.status})
	w.mu.Unlock()
}

// handle serves fn at path instead of the demo.
func (w *world) handle(path string, fn http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.routes[path] = fn
}

// requests returns what was asked of path, in order.
func (w *world) requests(path string) []request {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []request
	for _, r := range w.log {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// source is the outlet's source in this world, as demo.World.Sources
// makes it: each feed kind has its own file name.
func (w *world) source(o demo.Outlet) beatdesk.Source {
	file := map[string]string{demo.KindRSS: "feed.xml", demo.KindAtom: "atom.xml", demo.KindJSON: "feed.json"}[o.Kind]
	return beatdesk.Source{Name: o.Name, FeedURL: w.srv.URL + "/" + o.Slug + "/" + file,
		SiteURL: w.srv.URL + "/" + o.Slug + "/", Lang: o.Lang, Country: o.Country}
}

// outlet returns the served outlet with the given slug.
func (w *world) outlet(t *testing.T, slug string) demo.Outlet {
	t.Helper()
	i := slices.IndexFunc(w.outlets, func(o demo.Outlet) bool { return o.Slug == slug })
	if i < 0 {
		t.Fatalf("outlet %s is not served", slug)
	}
	return w.outlets[i]
}

// articleAt returns the corpus article this world serves at rawURL,
// reading /<outlet>/<yyyy>/<mm>/<slug>.html.
func (w *world) articleAt(t *testing.T, rawURL string) demo.Article {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(rawURL, w.srv.URL+"/"), "/")
	if len(parts) != 4 {
		t.Fatalf("%s is not a demo article URL", rawURL)
	}
	slug := strings.TrimSuffix(parts[3], ".html")
	for _, a := range w.articles {
		if a.Outlet == parts[0] && a.Slug == slug {
			return a
		}
	}
	t.Fatalf("%s is no article of the corpus", rawURL)
	return demo.Article{}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// within fails unless got lies in [lo, hi].
func within(t *testing.T, what string, got, lo, hi time.Time) {
	t.Helper()
	if got.Before(lo) || got.After(hi) {
		t.Errorf("%s = %s, want between %s and %s", what, got.Format(time.RFC3339Nano), lo.Format(time.RFC3339Nano), hi.Format(time.RFC3339Nano))
	}
}

// scaled returns d times f.
func scaled(d time.Duration, f float64) time.Duration { return time.Duration(float64(d) * f) }
