package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/store"
	"beatdesk/internal/web"
)

const benchServeUsage = `usage: beatdesk bench serve [--articles N] [--duration D] [--concurrency C] [--db DSN]
                          [--routes R,...] [--cpuprofile FILE]

Fills a store with N synthetic published articles, serves the real site
from this process on loopback, and load-tests it from a second process:
the article page as anonymous readers get it from the page cache (one
article, over and over), the article page uncached (random articles of
the N, each rarely asked twice), the home page, and search (newest
first). Prints req/s and p50/p95/p99 latency per route, and where the
CPU went meanwhile: ms of CPU a request in the serving process and in
the load process, and the cores busy in each, in PostgreSQL and in
everything else on the machine; the last line is one JSON object.

The load process asks over keep-alive connections, one request in flight
on each, and reads each answer whole at as little cost as it can, since
on a small machine what it spends is taken from the server.

A --db that an earlier run filled with the same --articles is served as
it is, without filling it again (filling 1,000,000 takes minutes).

`

// routeResult is one route's figures.
type routeResult struct {
	Route    string  `json:"route"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P95ms    float64 `json:"p95_ms"`
	P99ms    float64 `json:"p99_ms"`

	// Where the CPU went during the route's load: CPU time a request in
	// the serving and the load process, and cores busy in each and in
	// PostgreSQL's processes and in the rest of the machine (other work).
	BytesPerResponse int64   `json:"bytes_per_response,omitempty"`
	ServerCPUms      float64 `json:"server_cpu_ms_per_request,omitempty"`
	LoadCPUms        float64 `json:"load_cpu_ms_per_request,omitempty"`
	DBCPUms          float64 `json:"db_cpu_ms_per_request,omitempty"`
	ServerCores      float64 `json:"server_cores,omitempty"`
	LoadCores        float64 `json:"load_cores,omitempty"`
	DBCores          float64 `json:"db_cores,omitempty"`
	OtherCores       float64 `json:"other_cores,omitempty"`
}

// benchServe runs `beatdesk bench serve`.
func benchServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("articles", 100000, "synthetic published articles to fill the store with")
	duration := fs.Duration("duration", 40*time.Second, "load time, shared equally by the four routes")
	conc := fs.Int("concurrency", 32, "requests in flight from the load process")
	dsn := fs.String("db", "", "the store: a SQLite file or a postgres:// URL (default: a new SQLite file in a temporary folder)")
	only := fs.String("routes", strings.Join(benchRoutes, ","), "the routes to load, comma-separated")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the serving process, taken during the load, to this file, and one of the load process to this file with .load added")
	fs.Usage = func() { fmt.Fprint(stderr, benchServeUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("bench serve: %w", err)
	}
	switch {
	case *n < 1:
		return fmt.Errorf("bench serve: --articles %d must be at least 1", *n)
	case *duration < 4*100*time.Millisecond:
		return fmt.Errorf("bench serve: --duration %s is too short; give each of the four routes at least 100ms", *duration)
	case *conc < 1 || *conc > 1024:
		return fmt.Errorf("bench serve: --concurrency %d must be between 1 and 1024", *conc)
	}
	routes := strings.Split(*only, ",")
	for _, r := range routes {
		if !slices.Contains(benchRoutes, r) {
			return fmt.Errorf("bench serve: --routes: there is no route %q; the routes are %s", r, strings.Join(benchRoutes, ", "))
		}
	}
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "beatdesk-bench-serve-")
		if err != nil {
			return fmt.Errorf("bench serve: %w", err)
		}
		defer os.RemoveAll(dir)
		*dsn = filepath.Join(dir, "bench.db")
	}
	s, err := store.Open(ctx, *dsn, nil)
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	defer s.Close()

	start := time.Now()
	first, filled, err := filledBefore(ctx, s, *n)
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	if !filled {
		first, err = fillPublished(ctx, s, *n, func(done int) {
			fmt.Fprintf(stdout, "filling  %d of %d articles (%.0f/s)\n", done, *n, float64(done)/time.Since(start).Seconds())
		})
		if err != nil {
			return fmt.Errorf("bench serve: filling the store: %w", err)
		}
	}
	fill := time.Since(start)
	if err := s.Optimize(ctx); err != nil { // as the hourly tidy job would have, by now
		return fmt.Errorf("bench serve: %w", err)
	}
	for more := true; more; { // and its merging of the search index, hour after hour
		if more, err = s.MergeSearchIndex(ctx); err != nil {
			return fmt.Errorf("bench serve: %w", err)
		}
	}
	if filled {
		fmt.Fprintf(stdout, "reusing  %d published articles filled by an earlier run, %s\n", *n, s.Engine())
	} else {
		fmt.Fprintf(stdout, "filled   %d published articles in %s (%.0f/s), %s\n", *n, fill.Round(time.Second), float64(*n)/fill.Seconds(), s.Engine())
	}

	// Every article page rendered and kept, as a running site has them
	// once each has been read (or after web.KeepArticlePages): the
	// uncached route measures reading a kept page, not a first read.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	opts := web.Options{SiteName: "beatdesk bench", BaseURL: "http://" + ln.Addr().String(), Personas: persona.Default()}
	if slices.Contains(routes, "article-uncached") { // the other routes read one page at most
		keepStart := time.Now()
		kept, err := web.KeepArticlePages(ctx, s, opts, func(done int) {
			fmt.Fprintf(stdout, "rendering %d article pages ahead\n", done)
		})
		if err != nil {
			return fmt.Errorf("bench serve: rendering pages ahead: %w", err)
		}
		fmt.Fprintf(stdout, "rendered %d article pages ahead in %s (the others were kept already)\n", kept, time.Since(keepStart).Round(time.Second))
	}

	// The search itself, in this process before any load: the design's
	// figure is the query's p95 at this many articles, newest first.
	query, err := timeSearches(ctx, s, 500)
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	fmt.Fprintf(stdout, "search query (store, newest first, %d queries one at a time): p50 %.2f ms, p95 %.2f ms\n", query.Requests, query.P50ms, query.P95ms)

	srv := &http.Server{Handler: web.New(s, opts), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	loadArgs := []string{"--url", "http://" + ln.Addr().String(),
		"--first-id", fmt.Sprint(first), "--articles", fmt.Sprint(*n), "--server-pid", fmt.Sprint(os.Getpid()),
		"--duration", duration.String(), "--concurrency", fmt.Sprint(*conc), "--routes", strings.Join(routes, ","),
		fmt.Sprintf("--postgres=%t", s.Engine() == store.Postgres)}
	if *cpuProfile != "" {
		loadArgs = append(loadArgs, "--cpuprofile", *cpuProfile+".load")
	}
	load, err := loadCommand(loadArgs)
	if err != nil {
		return err
	}
	load.Stderr = stderr
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	defer stopProfile()
	cpuBefore, dbBefore := processCPU(), postgresTicks()
	out, err := load.Output()
	if err != nil {
		return fmt.Errorf("bench serve: the load process failed: %w", err)
	}
	serverCPU, dbCPU := processCPU()-cpuBefore, time.Duration(postgresTicks()-dbBefore)*10*time.Millisecond
	loadCPU := load.ProcessState.UserTime() + load.ProcessState.SystemTime()
	var results []routeResult
	if err := json.Unmarshal(out, &results); err != nil {
		return fmt.Errorf("bench serve: reading the load process's figures: %w", err)
	}

	// CPU time is a steadier figure than req/s on a machine shared with
	// other work. Each route's is counted over its own load: ms a request
	// in this process (srv) and in the load process (load), and the cores
	// busy in these two, in PostgreSQL (db) and in everything else on the
	// machine (other).
	fmt.Fprintf(stdout, "\n%-18s %10s %8s %10s %9s %9s %9s %10s %11s  %s\n", "route", "requests", "errors", "req/s",
		"p50 ms", "p95 ms", "p99 ms", "srv ms/req", "load ms/req", "cores srv/load/db/other")
	summary := map[string]any{"articles": *n, "db": string(s.Engine()), "concurrency": *conc,
		"search_query_p50_ms": query.P50ms, "search_query_p95_ms": query.P95ms}
	if !filled {
		summary["fill_per_s"] = round(float64(*n)/fill.Seconds(), 0)
	}
	requests := 0
	for _, r := range results {
		requests += r.Requests
		fmt.Fprintf(stdout, "%-18s %10d %8d %10.0f %9.2f %9.2f %9.2f %10.3f %11.3f  %.2f/%.2f/%.2f/%.2f\n", r.Route, r.Requests, r.Errors,
			r.RPS, r.P50ms, r.P95ms, r.P99ms, r.ServerCPUms, r.LoadCPUms, r.ServerCores, r.LoadCores, r.DBCores, r.OtherCores)
		key := strings.ReplaceAll(r.Route, "-", "_")
		summary[key+"_rps"], summary[key+"_p50_ms"], summary[key+"_p95_ms"], summary[key+"_p99_ms"] = r.RPS, r.P50ms, r.P95ms, r.P99ms
		summary[key+"_errors"] = r.Errors
		summary[key+"_bytes"] = r.BytesPerResponse
		summary[key+"_server_cpu_ms"], summary[key+"_load_cpu_ms"] = r.ServerCPUms, r.LoadCPUms
		summary[key+"_cores"] = []float64{r.ServerCores, r.LoadCores, r.DBCores, r.OtherCores}
		if s.Engine() == store.Postgres {
			summary[key+"_db_cpu_ms"] = r.DBCPUms
		}
	}
	for _, c := range []struct {
		name, key string
		cpu       time.Duration
	}{{"server", "server", serverCPU}, {"PostgreSQL", "db", dbCPU}, {"load", "load", loadCPU}} {
		if requests == 0 || c.cpu <= 0 || (c.key == "db" && (s.Engine() != store.Postgres || dbBefore < 0)) {
			continue
		}
		perRequest := float64(c.cpu) / float64(time.Millisecond) / float64(requests)
		fmt.Fprintf(stdout, "%s CPU: %s for %d requests, %.3f ms a request\n", c.name, c.cpu.Round(time.Millisecond), requests, perRequest)
		summary[c.key+"_cpu_ms_per_request"] = round(perRequest, 3)
	}
	line, _ := json.Marshal(summary)
	fmt.Fprintf(stdout, "%s\n", line)
	return nil
}

// processCPU is the CPU time this process has used, user and system; 0
// where it cannot be read.
func processCPU() time.Duration {
	return time.Duration(max(0, pidTicks(os.Getpid()))) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// timeSearches runs n searches of a word and a place, as the search route
// asks, straight against the store, one at a time, and measures them.
func timeSearches(ctx context.Context, s *store.Store, n int) (routeResult, error) {
	r := rand.New(rand.NewPCG(3, 7))
	var lat []float64
	for range n {
		terms := text.SearchTerms(benchWords[r.IntN(len(benchWords))]+" "+benchPlaces[r.IntN(len(benchPlaces))], "en")
		t := time.Now()
		err := s.View(ctx, func(tx *store.Tx) error {
			_, err := tx.SearchPublished(ctx, terms, 30)
			return err
		})
		if err != nil {
			return routeResult{}, err
		}
		lat = append(lat, float64(time.Since(t))/float64(time.Millisecond))
	}
	return routeResult{Route: "search-query", Requests: n, P50ms: round(percentile(lat, 0.50), 2),
		P95ms: round(percentile(lat, 0.95), 2), P99ms: round(percentile(lat, 0.99), 2)}, nil
}

// fillPublished stores n synthetic published articles, indexed for search
// as the desk indexes them, and returns the id of the first. Each goes
// through what publishing does (a story, a draft, publishing it, indexing
// it), in transactions of many articles (store.Bulk), each transaction's
// articles indexed together at its end (store.IndexPublishedAll); while
// the one writer writes, a second goroutine makes the next articles and
// their search terms on the other core.
func fillPublished(ctx context.Context, s *store.Store, n int, progress func(done int)) (int64, error) {
	const perTx = 10000
	type article struct {
		d     beatdesk.Draft
		terms []string
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	made := make(chan article, 256)
	go func() {
		defer close(made)
		for i := range n {
			d := syntheticArticle(i)
			select {
			case made <- article{d, text.PublishedTerms(d, "en")}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var first int64
	var ids []int64
	var terms [][]string
	lastReport := time.Now()
	err := s.Bulk(ctx, n, perTx, func(tx *store.Tx, i int) error {
		a, ok := <-made
		if !ok {
			return ctx.Err()
		}
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: a.d.Headline, FirstSeen: tx.Now, LastSeen: tx.Now,
			Articles: 3, Outlets: 2, Region: a.d.Region, PersonaSlug: a.d.PersonaSlug})
		if err != nil {
			return err
		}
		a.d.StoryID = sid
		id, err := tx.AddDraft(ctx, a.d, store.ActorSystem)
		if err != nil {
			return err
		}
		if i == 0 {
			first = id
		} else if id != first+int64(i) {
			return fmt.Errorf("draft ids are not consecutive (%d after %d); fill an empty database", id, first)
		}
		if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "bench"); err != nil {
			return err
		}
		ids, terms = append(ids, id), append(terms, a.terms)
		if (i+1)%perTx == 0 || i == n-1 { // the transaction's last
			if err := tx.IndexPublishedAll(ctx, ids, terms); err != nil {
				return err
			}
			ids, terms = ids[:0], terms[:0]
		}
		if time.Since(lastReport) > 5*time.Second {
			progress(i + 1)
			lastReport = time.Now()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return first, nil
}

// benchRoutes are the routes bench serve loads, in the order it loads them.
var benchRoutes = []string{"article-cached", "article-uncached", "home", "search"}

// filledBefore reports whether an earlier run filled s with exactly n
// bench articles, and the id of the first; an empty store is not filled.
func filledBefore(ctx context.Context, s *store.Store, n int) (first int64, filled bool, err error) {
	var last []beatdesk.Draft
	err = s.View(ctx, func(tx *store.Tx) error {
		last, err = tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished, Limit: 1})
		return err
	})
	if err != nil || len(last) == 0 {
		return 0, false, err
	}
	first = last[0].ID - int64(n) + 1
	var d beatdesk.Draft
	err = s.View(ctx, func(tx *store.Tx) error {
		d, err = tx.Draft(ctx, first)
		return err
	})
	if err != nil || d.Headline != syntheticArticle(0).Headline || last[0].Headline != syntheticArticle(n-1).Headline {
		return 0, false, fmt.Errorf("--db holds drafts, but not the %d bench articles of an earlier run with --articles %d; give an empty or new database", n, n)
	}
	return first, true, nil
}

var (
	benchWords  = strings.Fields("strike port election court drought ceasefire inflation border protest tariff refinery flood vote militia pipeline")
	benchPlaces = strings.Fields("Lagos Lima Kyiv Manila Dhaka Quito Tunis Accra Hanoi Bogota Nairobi Karachi Santiago Izmir Gdansk")
	benchVerbs  = strings.Fields("spreads stalls deepens eases returns escalates widens ends resumes shifts")
)

// syntheticArticle is the i-th bench article: always the same for the
// same i, so the load process can name any article by its number.
func syntheticArticle(i int) beatdesk.Draft {
	r, word, place, headline := syntheticStart(i)
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	p := benchPersonas[i%len(benchPersonas)]
	region := "world"
	if len(p.Regions) > 0 {
		region = p.Regions[0]
	}
	para := func() string {
		return fmt.Sprintf("Officials in %s said on %s that the %s %s, with %d people affected and %d.%d%% of output lost, according to Bench Wire [1].",
			place, time.Weekday(r.IntN(7)), word, pick(benchVerbs), 100+r.IntN(90000), r.IntN(40), r.IntN(10))
	}
	return beatdesk.Draft{
		PersonaSlug: p.Slug, Writer: "extractive", Region: region,
		Headline: headline,
		Dek:      fmt.Sprintf("The %s in %s %s, Bench Wire reports [1].", word, place, pick(benchVerbs)),
		Sections: []beatdesk.Section{
			{Title: "What happened", Paragraphs: []string{para(), para()}},
			{Title: "The numbers", Paragraphs: []string{para()}},
			{Title: "What to watch", MembersOnly: true, Paragraphs: []string{para(), para()}},
		},
		Citations: []beatdesk.Citation{{N: 1, Outlet: "Bench Wire", Title: "Wire report", URL: fmt.Sprintf("https://benchwire.example/%d", i),
			Lang: "en", Passage: "A synthetic passage."}},
		Places: []string{place},
	}
}

// syntheticHeadline is the i-th bench article's headline, all the load
// process needs to know of it (its slug), without the cost of the rest.
func syntheticHeadline(i int) string {
	_, _, _, headline := syntheticStart(i)
	return headline
}

// syntheticStart draws what the i-th bench article is about and its
// headline, and returns the generator positioned to draw the rest.
func syntheticStart(i int) (r *rand.Rand, word, place, headline string) {
	r = rand.New(rand.NewPCG(uint64(i), 42))
	word, place = benchWords[r.IntN(len(benchWords))], benchPlaces[r.IntN(len(benchPlaces))]
	verb := benchVerbs[r.IntN(len(benchVerbs))]
	return r, word, place, fmt.Sprintf("%s %s in %s (%d)", strings.ToUpper(word[:1])+word[1:], verb, place, i)
}

// benchPersonas are the correspondents the bench articles are by, in turn.
var benchPersonas = persona.Default()

// loadCommand builds the command that runs `bench load` with args, a
// second process so the load does not share this one's scheduler; tests
// replace it, since a test binary is not beatdesk.
var loadCommand = func(args []string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench serve: cannot find this program to start the load process: %w", err)
	}
	return exec.Command(exe, append([]string{"bench", "load"}, args...)...), nil
}
