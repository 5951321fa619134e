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
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
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
first). Prints req/s and p50/p95/p99 latency per route; the last line is
one JSON object.

A --db that an earlier run filled with the same --articles is served as
it is, without filling it again (filling 1,000,000 takes a while).

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
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the serving process, taken during the load, to this file")
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

	// The search itself, in this process before any load: the design's
	// figure is the query's p95 at this many articles, newest first.
	query, err := timeSearches(ctx, s, 500)
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	fmt.Fprintf(stdout, "search query (store, newest first, %d queries one at a time): p50 %.2f ms, p95 %.2f ms\n", query.Requests, query.P50ms, query.P95ms)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench serve: %w", err)
	}
	srv := &http.Server{Handler: web.New(s, web.Options{SiteName: "beatdesk bench", BaseURL: "http://" + ln.Addr().String(),
		Personas: persona.Default()}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	load, err := loadCommand([]string{"--url", "http://" + ln.Addr().String(),
		"--first-id", fmt.Sprint(first), "--articles", fmt.Sprint(*n),
		"--duration", duration.String(), "--concurrency", fmt.Sprint(*conc), "--routes", strings.Join(routes, ",")})
	if err != nil {
		return err
	}
	load.Stderr = stderr
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("bench serve: --cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench serve: --cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	cpuBefore := processCPU()
	out, err := load.Output()
	if err != nil {
		return fmt.Errorf("bench serve: the load process failed: %w", err)
	}
	serverCPU := processCPU() - cpuBefore
	var results []routeResult
	if err := json.Unmarshal(out, &results); err != nil {
		return fmt.Errorf("bench serve: reading the load process's figures: %w", err)
	}

	fmt.Fprintf(stdout, "\n%-18s %10s %8s %10s %9s %9s %9s\n", "route", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms")
	summary := map[string]any{"articles": *n, "db": string(s.Engine()), "concurrency": *conc,
		"search_query_p50_ms": query.P50ms, "search_query_p95_ms": query.P95ms}
	if !filled {
		summary["fill_per_s"] = round(float64(*n)/fill.Seconds(), 0)
	}
	requests := 0
	for _, r := range results {
		requests += r.Requests
		fmt.Fprintf(stdout, "%-18s %10d %8d %10.0f %9.2f %9.2f %9.2f\n", r.Route, r.Requests, r.Errors, r.RPS, r.P50ms, r.P95ms, r.P99ms)
		key := strings.ReplaceAll(r.Route, "-", "_")
		summary[key+"_rps"], summary[key+"_p50_ms"], summary[key+"_p95_ms"], summary[key+"_p99_ms"] = r.RPS, r.P50ms, r.P95ms, r.P99ms
		summary[key+"_errors"] = r.Errors
	}
	// CPU time is a steadier figure than req/s on a machine shared with
	// other work; load one route (--routes) to get that route's.
	if requests > 0 && serverCPU > 0 {
		perRequest := float64(serverCPU) / float64(time.Millisecond) / float64(requests)
		fmt.Fprintf(stdout, "server CPU: %s for %d requests, %.3f ms a request\n", serverCPU.Round(time.Millisecond), requests, perRequest)
		summary["server_cpu_ms_per_request"] = round(perRequest, 3)
	}
	line, _ := json.Marshal(summary)
	fmt.Fprintf(stdout, "%s\n", line)
	return nil
}

// benchLoad runs `beatdesk bench load`, the load process of bench serve:
// it asks each route in turn for its share of the time and prints the
// figures as a JSON array.
func benchLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("url", "", "the site")
	first := fs.Int64("first-id", 1, "id of the first synthetic article")
	n := fs.Int("articles", 0, "synthetic articles")
	duration := fs.Duration("duration", 40*time.Second, "load time for all routes")
	conc := fs.Int("concurrency", 32, "requests in flight")
	only := fs.String("routes", strings.Join(benchRoutes, ","), "the routes to load")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("bench load: %w", err)
	}
	if *base == "" || *n < 1 {
		return errors.New("bench load: --url and --articles are needed; it is started by `beatdesk bench serve`")
	}
	slug := func(i int) string { return store.Slug(syntheticArticle(i).Headline, *first+int64(i)) }
	paths := map[string]func(r *rand.Rand) string{
		"article-cached":   func(*rand.Rand) string { return "/article/" + slug(0) },
		"article-uncached": func(r *rand.Rand) string { return "/article/" + slug(r.IntN(*n)) },
		"home":             func(*rand.Rand) string { return "/" },
		"search": func(r *rand.Rand) string {
			return "/search?q=" + benchWords[r.IntN(len(benchWords))] + "+" + benchPlaces[r.IntN(len(benchPlaces))]
		},
	}
	routes := strings.Split(*only, ",")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}, Timeout: 30 * time.Second}
	var results []routeResult
	for _, rt := range routes {
		path, ok := paths[rt]
		if !ok {
			return fmt.Errorf("bench load: there is no route %q", rt)
		}
		results = append(results, hammer(ctx, client, *base, rt, path, *duration/time.Duration(len(routes)), *conc))
	}
	return json.NewEncoder(stdout).Encode(results)
}

// hammer asks for paths from conc goroutines for d and measures.
func hammer(ctx context.Context, client *http.Client, base, name string, path func(*rand.Rand) string, d time.Duration, conc int) routeResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lat []float64
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for g := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 7))
			var mine []float64
			bad := 0
			for ctx.Err() == nil {
				t := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path(r), nil)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					bad++
					continue
				}
				mine = append(mine, float64(time.Since(t))/float64(time.Millisecond))
			}
			mu.Lock()
			lat, errs = append(lat, mine...), errs+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	return routeResult{Route: name, Requests: len(lat), Errors: errs, RPS: round(float64(len(lat))/elapsed, 0),
		P50ms: round(percentile(lat, 0.50), 2), P95ms: round(percentile(lat, 0.95), 2), P99ms: round(percentile(lat, 0.99), 2)}
}

// processCPU is the CPU time this process has used, user and system, as
// Linux counts it (in hundredths of a second); 0 where it cannot be read.
func processCPU() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // the name, in parentheses, may hold spaces
	if len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(f[11], 10, 64)
	system, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(user+system) * 10 * time.Millisecond // USER_HZ is 100 on Linux
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
// as the desk indexes them, and returns the id of the first.
func fillPublished(ctx context.Context, s *store.Store, n int, progress func(done int)) (int64, error) {
	const batch = 2000
	var first int64
	lastReport := time.Now()
	for done := 0; done < n; {
		err := s.Update(ctx, func(tx *store.Tx) error {
			for i := done; i < min(done+batch, n); i++ {
				d := syntheticArticle(i)
				sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: d.Headline, FirstSeen: tx.Now, LastSeen: tx.Now,
					Articles: 3, Outlets: 2, Region: d.Region, PersonaSlug: d.PersonaSlug})
				if err != nil {
					return err
				}
				d.StoryID = sid
				id, err := tx.AddDraft(ctx, d, store.ActorSystem)
				if err != nil {
					return err
				}
				if i == 0 {
					first = id
				} else if id != first+int64(i) {
					return fmt.Errorf("draft ids are not consecutive (%d after %d); fill an empty database", id, first)
				}
				moved, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "bench")
				if err != nil {
					return err
				}
				if err := tx.IndexPublished(ctx, id, text.PublishedTerms(moved, "en")); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
		done = min(done+batch, n)
		if time.Since(lastReport) > 5*time.Second {
			progress(done)
			lastReport = time.Now()
		}
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
	r := rand.New(rand.NewPCG(uint64(i), 42))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	word, place := pick(benchWords), pick(benchPlaces)
	personas := persona.Default()
	p := personas[i%len(personas)]
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
		Headline: fmt.Sprintf("%s %s in %s (%d)", strings.ToUpper(word[:1])+word[1:], pick(benchVerbs), place, i),
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
