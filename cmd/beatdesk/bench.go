package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/demo/synth"
	"beatdesk/internal/ingest/schedule"
	"beatdesk/internal/jobs"
	"beatdesk/internal/store"
)

// Targets from issue 4 ("done when"), printed beside the figures.
const (
	targetArticlesPerS = 11.6 // 1,000,000 a day
	targetCores        = 0.5
	targetP95          = 60 * time.Second
	targetRSSMB        = 1024
	targetConditional  = 0.95
)

const benchUsage = `usage:
  beatdesk bench ingest [--feeds 10000] [--duration 60s] [--rate 15] [--db postgres://...]
                        [--poll-min D] [--poll-max D] [--warmup D] [--calm] [--cpuprofile FILE]
                        [--fetchers N] [--per-host N] [--host-rate R] [--workers N] [--websub=false]
  beatdesk bench serve [--articles 100000] [--duration 40s] [--concurrency 32] [--db DSN]
`

// runBench runs `beatdesk bench ingest` and `bench serve`, and the child
// processes they start so that what they measure is the measured side's
// alone: `bench world` (ingest's synthetic world) and `bench load`
// (serve's load).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, benchUsage)
		return fmt.Errorf("bench: say what to measure: `beatdesk bench ingest` or `beatdesk bench serve`")
	}
	switch args[0] {
	case "ingest":
		return benchIngest(ctx, args[1:], stdout, stderr)
	case "world":
		return benchWorld(ctx, args[1:], stdout, stderr)
	case "serve":
		return benchServe(ctx, args[1:], stdout, stderr)
	case "load":
		return benchLoad(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, benchUsage)
	return fmt.Errorf("bench: unknown benchmark %q; the ones there are ingest and serve", args[0])
}

// worldFlags are the flags `bench world` takes; `bench ingest` passes its
// own settings through them.
type worldFlags struct {
	feeds, hosts, perHost, burst int
	rate, hostRate               float64
	seed                         uint64
	history, calm, wait          bool
}

func (wf *worldFlags) bind(fs *flag.FlagSet) {
	fs.IntVar(&wf.feeds, "feeds", 10000, "feeds in the synthetic world")
	fs.IntVar(&wf.hosts, "hosts", 0, "hosts they are spread over (default feeds/50, at least 20)")
	fs.Float64Var(&wf.rate, "rate", 15, "new articles a second across all feeds")
	fs.Uint64Var(&wf.seed, "seed", 1, "the same seed gives the same world")
	fs.BoolVar(&wf.calm, "calm", false, "leave out the hostile and failing hosts, pages and feeds (to measure the pipeline alone)")
}

// bindReferee adds the flags only `bench world` takes: `bench ingest`
// sets them from the newsroom's own politeness.
func (wf *worldFlags) bindReferee(fs *flag.FlagSet) {
	fs.BoolVar(&wf.history, "history", false, "feeds start with the entries they published before")
	fs.BoolVar(&wf.wait, "wait", false, "publish nothing until a line \"begin\" arrives on standard input")
	fs.IntVar(&wf.perHost, "per-host", 2, "requests in flight per host the referee allows")
	fs.Float64Var(&wf.hostRate, "host-rate", 1, "requests a second per host the referee allows")
	fs.IntVar(&wf.burst, "host-burst", 4, "burst above that rate the referee allows")
}

func (wf worldFlags) args() []string {
	return []string{"--feeds", strconv.Itoa(wf.feeds), "--hosts", strconv.Itoa(wf.hosts),
		"--rate", strconv.FormatFloat(wf.rate, 'g', -1, 64), "--seed", strconv.FormatUint(wf.seed, 10),
		"--history=" + strconv.FormatBool(wf.history), "--calm=" + strconv.FormatBool(wf.calm), "--wait=" + strconv.FormatBool(wf.wait), "--per-host", strconv.Itoa(wf.perHost),
		"--host-rate", strconv.FormatFloat(wf.hostRate, 'g', -1, 64), "--host-burst", strconv.Itoa(wf.burst)}
}

// worldHello is the one line `bench world` prints once it serves.
type worldHello struct {
	Admin   string    `json:"admin"`
	Started time.Time `json:"started"`
	Hosts   int       `json:"hosts"`
}

// benchWorld serves the synthetic world until ctx ends or its standard
// input closes (the parent is gone). With --wait, a line "begin" on
// standard input starts its clock.
func benchWorld(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench world", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var wf worldFlags
	wf.bind(fs)
	wf.bindReferee(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	w, err := synth.Start(synth.Config{Feeds: wf.feeds, Hosts: wf.hosts, Rate: wf.rate, Seed: wf.seed, History: wf.history, Calm: wf.calm, Deferred: wf.wait,
		PerHost: wf.perHost, HostRate: wf.hostRate, HostBurst: wf.burst})
	if err != nil {
		return err
	}
	defer w.Close()
	if err := json.NewEncoder(stdout).Encode(worldHello{Admin: w.AdminURL(), Started: w.Started(), Hosts: w.Hosts()}); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer cancel()
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if sc.Text() == "begin" {
				w.Begin()
			}
		}
	}()
	<-ctx.Done()
	return nil
}

// worldCommand builds the command that runs `bench world` with args; tests
// replace it, since a test binary is not beatdesk.
var worldCommand = func(args []string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: cannot find this program to start the world: %w", err)
	}
	return exec.Command(exe, append([]string{"bench", "world"}, args...)...), nil
}

// A worldProcess is the running child.
type worldProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	hello worldHello
}

func startWorld(wf worldFlags, stderr io.Writer) (*worldProcess, error) {
	cmd, err := worldCommand(wf.args())
	if err != nil {
		return nil, err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: starting the world: %w", err)
	}
	wp := &worldProcess{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &wp.hello)
	}
	if err != nil || wp.hello.Admin == "" {
		wp.stop()
		return nil, fmt.Errorf("bench: the world did not start (its first line was %q): %v", line, err)
	}
	go io.Copy(io.Discard, out)
	return wp, nil
}

// begin starts the world's clock (it was started with --wait).
func (wp *worldProcess) begin() error {
	_, err := io.WriteString(wp.stdin, "begin\n")
	return err
}

// stop closes the child's input, which tells it to end, and waits for it;
// it kills the child if it has not ended within 5 seconds.
func (wp *worldProcess) stop() {
	wp.stdin.Close()
	done := make(chan struct{})
	go func() { wp.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		wp.cmd.Process.Kill()
		<-done
	}
}

func (wp *worldProcess) get(ctx context.Context, path string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wp.hello.Admin+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("bench: asking the world for %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bench: the world answered %s for %s", resp.Status, path)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func (wp *worldProcess) stats(ctx context.Context) (synth.Stats, error) {
	var st synth.Stats
	return st, wp.get(ctx, "/stats", &st)
}

// BenchResult is the last line `bench ingest` prints.
type BenchResult struct {
	Feeds            int     `json:"feeds"`
	DurationS        float64 `json:"duration_s"`
	PollsPerS        float64 `json:"polls_per_s"`
	ConditionalShare float64 `json:"conditional_share"`
	NotModifiedShare float64 `json:"not_modified_share"`
	ArticlesPerS     float64 `json:"articles_per_s"`
	LatencyP50S      float64 `json:"latency_p50_s"`
	LatencyP95S      float64 `json:"latency_p95_s"`
	IndexedShare     float64 `json:"indexed_share"`
	// Within60sShare is, of the reachable entries published in the window
	// at least 60 s before its end, the share searchable within 60 s of
	// publication: the p95 target holds exactly when it is at least 0.95,
	// counting the entries not yet searchable, which the latency
	// percentiles (of those made searchable) leave out.
	Within60sShare float64 `json:"within_60s_share"`
	// Within60sBound is the most of those same entries any newsroom could
	// have made searchable within 60 s while polling no feed more often
	// than --poll-min: an entry arrives at a random point between two
	// polls of its feed, so one from a feed without a hub is within 60 s
	// at best with chance 60 s / poll-min (one half at the 2-minute
	// floor), and one pushed by a hub at best always.
	Within60sBound       float64 `json:"within_60s_bound"`
	CPUCores             float64 `json:"cpu_cores"`
	PeakRSSMB            float64 `json:"peak_rss_mb"`
	PolitenessViolations int     `json:"politeness_violations"`

	// More detail for reading the figures above.
	DB               string  `json:"db"`
	WarmupS          float64 `json:"warmup_s"`
	Published        int     `json:"published"`    // reachable entries published in the window
	RepeatPolls      int     `json:"repeat_polls"` // polls of feeds that had given validators
	SeenP95S         float64 `json:"seen_to_indexed_p95_s"`
	ClusteredP95S    float64 `json:"latency_clustered_p95_s"`
	DBServerCPUCores float64 `json:"db_server_cpu_cores,omitempty"`
	WorldCPUCores    float64 `json:"world_cpu_cores"`

	// Push (WebSub), over the whole run, warm-up included, except the
	// shares, which are of the window's entries as above.
	WebSub             bool    `json:"websub"`
	HubFeeds           int     `json:"hub_feeds"`           // feeds in the world that name a hub
	SubscribedFeeds    int     `json:"subscribed_feeds"`    // subscriptions active at the end
	Deliveries         int     `json:"deliveries"`          // deliveries received at the callback
	DeliveriesRejected int     `json:"deliveries_rejected"` // of those, refused (bad signature)
	HubEntryShare      float64 `json:"hub_entry_share"`     // of the reachable entries published in the window, those of feeds naming a hub
	PushedShare        float64 `json:"pushed_share"`        // of the entries made searchable, those that arrived by push
	PushedP95S         float64 `json:"latency_pushed_p95_s"`
	PolledP95S         float64 `json:"latency_polled_p95_s"`
}

// benchIngest starts the world, points a worker-only newsroom at it (with
// its WebSub callback on loopback, unless --websub=false), lets the real
// pipeline run for the duration and reports what it achieved.
func benchIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	def := config.Default()
	fs := flag.NewFlagSet("bench ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var wf worldFlags
	wf.bind(fs)
	duration := fs.Duration("duration", 60*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 0, "start from feeds the newsroom has already seen (their history is recorded as handled) and run this long before measuring")
	db := fs.String("db", "", "database: a new SQLite file (default: in a temporary folder) or a postgres:// URL (a fresh schema is made and dropped)")
	pollMin := fs.Duration("poll-min", def.PollMin, "shortest interval between polls of one feed")
	pollMax := fs.Duration("poll-max", def.PollMax, "longest interval between polls of one feed")
	workers := fs.Int("workers", def.Workers, "concurrent jobs besides polls and page fetches")
	fetchers := fs.Int("fetchers", def.Fetchers, "concurrent feed polls, and as many page fetches")
	perHost := fs.Int("per-host", def.PerHost, "requests in flight to one host")
	hostRate := fs.Float64("host-rate", def.HostRate, "requests a second to one host")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured window to this file")
	verbose := fs.Bool("v", false, "log every pipeline step to stderr")
	translateTitles := fs.Bool("translate-titles", def.TranslateTitles, "translate the titles and leads of articles in other languages with Apertium when installed, as serve does (--translate-titles=false: originals only)")
	push := fs.Bool("websub", true, "subscribe to the hubs feeds name and take their deliveries at a callback on loopback, as a deployment would (--websub=false: polling alone)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *duration < time.Second || wf.feeds < 1 || wf.rate <= 0 {
		return fmt.Errorf("bench ingest: --duration must be at least 1s, --feeds at least 1 and --rate above 0")
	}

	cfg := def
	cfg.Role, cfg.AllowLoopback, cfg.BaseURL = "worker", true, "http://"+def.Addr
	cfg.PollMin, cfg.PollMax, cfg.Workers, cfg.HostRate = *pollMin, *pollMax, *workers, *hostRate
	cfg.Fetchers, cfg.PerHost = *fetchers, *perHost
	cfg.TranslateTitles = *translateTitles
	cfg.WriteDelay = 7 * 24 * time.Hour // drafting is not ingestion: keep the writer out of the figures
	var callback *pushCallback
	if *push {
		// Hubs call back here; the address must be known before the
		// pipeline is built, since subscriptions name it.
		cb, err := listenCallback()
		if err != nil {
			return err
		}
		defer cb.close()
		callback = cb
		cfg.WebSub, cfg.BaseURL = true, callback.base
	}
	dsn, cleanup, err := benchDB(ctx, *db)
	if err != nil {
		return err
	}
	defer cleanup()
	cfg.DB = dsn
	if err := cfg.Validate(); err != nil {
		return err
	}
	// The referee holds the newsroom to the politeness openApp gives its
	// fetcher.
	fo := fetchOptions(cfg)
	wf.perHost, wf.hostRate, wf.burst = fo.PerHost, fo.HostRate, fo.HostBurst
	// Cold, the world's clock starts with the measurement; warm, it runs
	// from the start so that its history exists to be recorded.
	wf.history, wf.wait = *warmup > 0, *warmup == 0

	worldStarted := time.Now()
	world, err := startWorld(wf, stderr)
	if err != nil {
		return err
	}
	defer world.stop()
	var sources []beatdesk.Source
	if err := world.get(ctx, "/sources", &sources); err != nil {
		return err
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelInfo
	}
	a, err := openApp(ctx, cfg, stderr, level)
	if err != nil {
		return err
	}
	defer a.Close()
	if callback != nil {
		callback.serve(a)
		defer callback.close() // before the store closes
	}
	ids, err := addBenchSources(ctx, a.store, sources)
	if err != nil {
		return err
	}
	engine := "SQLite"
	if a.store.Engine() == store.Postgres {
		engine = "PostgreSQL"
	}
	w0, err := world.stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "bench ingest: %d feeds on %d loopback hosts (%s), %.1f new articles/s; %s\n",
		wf.feeds, world.hello.Hosts, hostKinds(w0.HostsByKind), wf.rate, engine)
	fmt.Fprintf(stdout, "politeness held to: %d in flight per host, %g requests/s, burst %d; polls every %s to %s; %d poll and %d fetch workers, %d others\n",
		wf.perHost, wf.hostRate, wf.burst, cfg.PollMin, cfg.PollMax, cfg.Fetchers, cfg.Fetchers, cfg.Workers)
	if callback != nil {
		fmt.Fprintf(stdout, "push: %d feeds name a WebSub hub; the newsroom subscribes to those it finds as it polls, at a callback on %s,\n"+
			"and polls a pushed feed at most hourly as the fallback (--websub=false: polling alone)\n", w0.Hubs.Feeds, callback.base)
	} else {
		fmt.Fprintf(stdout, "push: off (%d feeds name a WebSub hub; the newsroom only polls)\n", w0.Hubs.Feeds)
	}
	if *warmup > 0 {
		seen, owed, err := seedHistory(ctx, world, a.store, ids, schedule.Policy{Min: cfg.PollMin, Max: cfg.PollMax}, callback != nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "warm start: %d earlier entries recorded as already seen, %d published since their feed's last poll left for the next; running %s before measuring\n", seen, owed, *warmup)
		if callback != nil {
			subs, err := seedSubscriptions(ctx, world, a.store, ids, sources, callback.base)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "            %d subscriptions in place at the hubs the earlier polls found (feeds on failing or slow hosts excluded)\n", subs)
		}
	} else {
		fmt.Fprintf(stdout, "cold start: feeds start empty and the scheduler learns each feed's pace from its entries, so steady state\n"+
			"takes several poll intervals (an hour or more with a %s floor); --poll-min shortens the floor for a quick run,\n"+
			"--warmup D starts from feeds already seen and runs D before measuring\n", cfg.PollMin)
	}

	stopQueue := func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.queue.Stop(stopCtx)
	}
	startQueue := func() error {
		if err := a.queue.Start(ctx); err != nil {
			return fmt.Errorf("bench: starting the workers: %w", err)
		}
		return nil
	}
	if *warmup > 0 {
		if err := startQueue(); err != nil {
			return err
		}
		defer stopQueue()
		if err := benchProgress(ctx, stdout, a, world, "warm-up", *warmup); err != nil {
			return err
		}
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer stopProfile()
	w0, err = world.stats(ctx)
	if err != nil {
		return err
	}
	t0, ru0, db0 := time.Now(), rusage(syscall.RUSAGE_SELF), dbServerCPU(a.store)
	if *warmup == 0 {
		// Cold: the world's clock and the newsroom start together.
		if err := world.begin(); err != nil {
			return fmt.Errorf("bench: starting the world's clock: %w", err)
		}
		if err := startQueue(); err != nil {
			return err
		}
		defer stopQueue()
	}
	if err := benchProgress(ctx, stdout, a, world, "measuring", *duration); err != nil {
		return err
	}
	t1, ru1, db1 := time.Now(), rusage(syscall.RUSAGE_SELF), dbServerCPU(a.store)
	w1, err := world.stats(ctx)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}

	// The figures are read from the world and the store as the window
	// closed; jobs still running finish first so the database is quiet.
	var published []synth.Published
	if err := world.get(ctx, "/published", &published); err != nil {
		return err
	}
	backlog, _ := jobs.Backlog(ctx, a.store)
	stopQueue()
	var ingested []store.Ingested
	var states map[string]int
	err = a.store.View(ctx, func(tx *store.Tx) (err error) {
		if ingested, err = tx.IngestedSince(ctx, t0); err != nil {
			return err
		}
		states, err = tx.ItemStates(ctx)
		return err
	})
	if err != nil {
		return err
	}
	world.stop()
	worldCPU := world.cmd.ProcessState.UserTime() + world.cmd.ProcessState.SystemTime()

	wall := t1.Sub(t0)
	res := measure(published, ingested, t0, t1)
	res.Feeds, res.DurationS, res.DB, res.WarmupS = wf.feeds, round(wall.Seconds(), 1), engine, warmup.Seconds()
	feedReqs := w1.FeedRequests - w0.FeedRequests
	repeats := w1.RepeatPolls - w0.RepeatPolls
	res.RepeatPolls = repeats
	res.PollsPerS = round(float64(feedReqs)/wall.Seconds(), 2)
	res.ConditionalShare = round(share(w1.ConditionalRepeats-w0.ConditionalRepeats, repeats), 4)
	res.NotModifiedShare = round(share(w1.NotModified-w0.NotModified, feedReqs), 4)
	res.CPUCores = round((ru1.cpu-ru0.cpu).Seconds()/wall.Seconds(), 3)
	res.PeakRSSMB = round(float64(ru1.maxRSSKB)/1024, 1)
	res.PolitenessViolations = w1.Violations.Total()
	if db0 >= 0 && db1 >= 0 {
		res.DBServerCPUCores = round((db1-db0).Seconds()/wall.Seconds(), 3)
	}
	res.WorldCPUCores = round(worldCPU.Seconds()/time.Since(worldStarted).Seconds(), 3)
	res.WebSub, res.HubFeeds = callback != nil, w1.Hubs.Feeds
	var subs subscriptionFigures
	var pushed map[string]bool // nil: nothing came by push
	if callback != nil {
		if subs, err = webSubFigures(ctx, a.store); err != nil {
			return err
		}
		pushed = callback.pushedGUIDs()
		res.SubscribedFeeds, res.Deliveries, res.DeliveriesRejected = subs.active, subs.delivered+subs.ignored, subs.ignored
	}
	res.Within60sBound = pollingBound(published, t0, t1, cfg.PollMin, callback != nil)
	pf := measurePush(published, ingested, pushed, t0, t1)
	res.PushedShare, res.PushedP95S, res.PolledP95S, res.HubEntryShare = pf.pushedShare, pf.pushedP95, pf.polledP95, pf.hubShare

	fmt.Fprintf(stdout, "\nresults over %s:\n", wall.Round(100*time.Millisecond))
	fmt.Fprintf(stdout, "  polls        %.2f/s (%d feed requests; %d repeat polls of feeds that gave validators, %.1f%% conditional; %.1f%% answered 304)\n",
		res.PollsPerS, feedReqs, repeats, 100*res.ConditionalShare, 100*res.NotModifiedShare)
	fmt.Fprintf(stdout, "  articles     %.2f/s made searchable (%d); %d reachable entries published in the window, %.1f%% of them searchable by its end\n",
		res.ArticlesPerS, int(res.ArticlesPerS*wall.Seconds()+0.5), res.Published, 100*res.IndexedShare)
	fmt.Fprintf(stdout, "  latency      publication → searchable p50 %.1fs, p95 %.1fs (of those made searchable); seen → searchable p95 %.1fs; publication → clustered p95 %.1fs\n",
		res.LatencyP50S, res.LatencyP95S, res.SeenP95S, res.ClusteredP95S)
	fmt.Fprintf(stdout, "               %.1f%% of the entries published up to %s before the end were searchable within %s of publication;\n"+
		"               no newsroom polling a feed at most every %s could have done better than %.1f%% here (the hub feeds' share plus\n"+
		"               %s / %s of the rest, since an entry lands at a random point between two polls)\n",
		100*res.Within60sShare, targetP95, targetP95, cfg.PollMin, 100*res.Within60sBound, targetP95, cfg.PollMin)
	if callback != nil {
		fmt.Fprintf(stdout, "  push         %d of %d hub feeds subscribed at the end, %d pending (hubs verified %d, denied %d); %d deliveries received, %d rejected for a bad signature\n"+
			"               (the hubs sent %d signed with a wrong key and lost %d); %.1f%% of the window's reachable entries came from feeds naming a hub,\n"+
			"               %.1f%% of the entries made searchable arrived by push; publication → searchable p95 %.1fs for those, %.1fs for the polled\n",
			res.SubscribedFeeds, res.HubFeeds, subs.pending, w1.Hubs.Verified, w1.Hubs.Denied, res.Deliveries, res.DeliveriesRejected,
			w1.Hubs.Missigned, w1.Hubs.Lost, 100*res.HubEntryShare, 100*res.PushedShare, res.PushedP95S, res.PolledP95S)
	} else {
		fmt.Fprintf(stdout, "  push         off (--websub=false): every entry was found by polling, %.1f%% of the window's reachable entries from feeds naming a hub\n",
			100*res.HubEntryShare)
	}
	fmt.Fprintf(stdout, "  resources    %.3f cores on average, peak RSS %.0f MB", res.CPUCores, res.PeakRSSMB)
	if res.DBServerCPUCores > 0 {
		fmt.Fprintf(stdout, "; the PostgreSQL server used %.3f cores more", res.DBServerCPUCores)
	}
	fmt.Fprintf(stdout, "; the world process %.3f cores\n", res.WorldCPUCores)
	v := w1.Violations
	fmt.Fprintf(stdout, "  politeness   %d violations over the whole run (concurrency %d, rate %d, Retry-After %d; hosts: %s); most in flight to one host %d, most in one second %d\n",
		v.Total(), v.Concurrency, v.Rate, v.RetryAfter, hostKinds(w1.ViolatingHosts), w1.MaxInFlight, w1.MaxPerSecond)
	for _, ex := range w1.Examples {
		fmt.Fprintf(stdout, "               e.g. %s\n", ex)
	}
	fmt.Fprintf(stdout, "  at the end   jobs unfinished: %s; items: %s; world answered %s\n", counts(backlog), counts(states), counts(w1.ByStatus))
	fmt.Fprintf(stdout, "  targets      %s\n", targets(res))
	return json.NewEncoder(stdout).Encode(res)
}

// measure matches what the world published with what the newsroom made
// searchable in [t0, t1].
func measure(published []synth.Published, ingested []store.Ingested, t0, t1 time.Time) BenchResult {
	var res BenchResult
	byGUID := make(map[string]synth.Published, len(published))
	window, early, within := 0, 0, 0
	earlyEnd := t1.Add(-targetP95)
	for _, p := range published {
		byGUID[p.GUID] = p
		if p.Reachable && !p.At.Before(t0) && !p.At.After(t1) {
			window++
			if !p.At.After(earlyEnd) {
				early++
			}
		}
	}
	var lat, seen, clustered []float64
	indexed := 0
	for _, in := range ingested {
		if in.IndexedAt.After(t1) {
			continue
		}
		indexed++
		p, ok := byGUID[in.GUID]
		if !ok || p.At.Before(t0) || p.At.After(t1) {
			continue
		}
		lat = append(lat, in.IndexedAt.Sub(p.At).Seconds())
		if p.Reachable && !p.At.After(earlyEnd) && in.IndexedAt.Sub(p.At) <= targetP95 {
			within++
		}
		seen = append(seen, in.IndexedAt.Sub(in.SeenAt).Seconds())
		if !in.ClusteredAt.IsZero() && !in.ClusteredAt.After(t1) {
			clustered = append(clustered, in.ClusteredAt.Sub(p.At).Seconds())
		}
	}
	res.Published = window
	res.ArticlesPerS = round(float64(indexed)/t1.Sub(t0).Seconds(), 2)
	res.IndexedShare = round(share(len(lat), window), 4)
	res.Within60sShare = round(share(within, early), 4)
	res.LatencyP50S = round(percentile(lat, 0.50), 1)
	res.LatencyP95S = round(percentile(lat, 0.95), 1)
	res.SeenP95S = round(percentile(seen, 0.95), 1)
	res.ClusteredP95S = round(percentile(clustered, 0.95), 1)
	return res
}

// pollingBound is BenchResult.Within60sBound: over the reachable entries
// published in [t0, t1] at least targetP95 before t1, the best share a
// newsroom could make searchable within targetP95 when it polls no feed
// more often than pollMin and, if push is on, takes every hub feed's
// entries by push the moment they appear.
func pollingBound(published []synth.Published, t0, t1 time.Time, pollMin time.Duration, push bool) float64 {
	polled := min(1, targetP95.Seconds()/pollMin.Seconds())
	early, best := 0, 0.0
	for _, p := range published {
		if !p.Reachable || p.At.Before(t0) || p.At.After(t1.Add(-targetP95)) {
			continue
		}
		early++
		if push && p.Hub {
			best++
		} else {
			best += polled
		}
	}
	return round(best/float64(max(early, 1)), 4)
}

// benchProgress waits for d, showing progress: a bar on a terminal, a
// plain line every 10 seconds otherwise.
func benchProgress(ctx context.Context, stdout io.Writer, a *app, world *worldProcess, phase string, d time.Duration) error {
	start := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var bar *progressbar.ProgressBar
	if isTerminal(stdout) {
		bar = progressbar.NewOptions64(int64(d/time.Second), progressbar.OptionSetWriter(stdout),
			progressbar.OptionSetDescription(phase), progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(false),
			progressbar.OptionFullWidth(), progressbar.OptionShowDescriptionAtLineEnd())
		defer func() { bar.Finish(); fmt.Fprintln(stdout) }()
	}
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		elapsed := time.Since(start)
		if bar == nil && n%10 != 0 && elapsed < d {
			continue
		}
		line := progressLine(ctx, a, world)
		if bar != nil {
			bar.Describe(phase + " " + line)
			bar.Set64(int64(min(elapsed, d) / time.Second))
		} else {
			fmt.Fprintf(stdout, "%s %4.0fs  %s\n", phase, elapsed.Seconds(), line)
		}
		if elapsed >= d {
			return nil
		}
	}
}

func progressLine(ctx context.Context, a *app, world *worldProcess) string {
	var st store.Stats
	a.store.View(ctx, func(tx *store.Tx) (err error) { st, err = tx.Stats(ctx); return err })
	ws, err := world.stats(ctx)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("published %d  polls %d  pages %d  items %d  articles %d  stories %d  violations %d  subscribed %d  pushed %d",
		ws.Published, ws.FeedRequests, ws.PageRequests, st.Items, st.Articles, st.Stories, ws.Violations.Total(), ws.Hubs.Subscriptions, ws.Hubs.Deliveries)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// benchDB returns the DSN to use and what removes it afterwards: a new
// SQLite file in a temporary folder by default, a fresh schema on a
// PostgreSQL server, or the given SQLite path, which must not exist yet.
func benchDB(ctx context.Context, db string) (dsn string, cleanup func(), err error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		admin, err := sql.Open("pgx", db)
		if err == nil {
			err = admin.PingContext(ctx)
		}
		if err != nil {
			return "", nil, fmt.Errorf("bench: cannot reach PostgreSQL at %s: %w", db, err)
		}
		var b [4]byte
		rand.Read(b[:])
		schema := "bench_" + hex.EncodeToString(b[:])
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			admin.Close()
			return "", nil, fmt.Errorf("bench: cannot create a schema for the run (the user needs CREATE on the database): %w", err)
		}
		u, err := url.Parse(db)
		if err != nil {
			admin.Close()
			return "", nil, fmt.Errorf("bench: %s is not a URL: %w", db, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String(), func() {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		}, nil
	}
	if db != "" {
		if _, err := os.Stat(db); err == nil {
			return "", nil, fmt.Errorf("bench: %s exists; give a new file, so the run starts from an empty newsroom", db)
		}
		return db, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "beatdesk-bench-")
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "beatdesk.db"), func() { os.RemoveAll(dir) }, nil
}

// addBenchSources adds the world's feeds and returns their ids in order.
func addBenchSources(ctx context.Context, s *store.Store, sources []beatdesk.Source) ([]int64, error) {
	ids := make([]int64, len(sources))
	err := s.Update(ctx, func(tx *store.Tx) error {
		for i, src := range sources {
			got, err := tx.AddSource(ctx, src)
			if err != nil {
				return err
			}
			ids[i] = got.ID
		}
		return nil
	})
	return ids, err
}

// seedHistory puts the newsroom where one that has been watching these
// feeds for a long time would be: each feed has the schedule it would have
// reached (the pace learnt from its earlier entries, the next poll at a
// random point of that interval), and the entries it would have seen are
// recorded as handled. A polled feed was last polled one interval before
// its next poll, so the entries it published since are not seen yet and
// wait for that poll, as they would in steady state; a pushed feed (one
// naming a hub, when pushed is true) has had all of its entries delivered.
// Steady state is then there from the start, instead of 10,000 first
// polls falling due together, and the entries of quiet feeds, polled
// hours apart, are not missing from the measured window because the run
// began with nothing owed. It returns how many entries were recorded as
// seen and how many were left for the first polls.
func seedHistory(ctx context.Context, world *worldProcess, s *store.Store, ids []int64, policy schedule.Policy, pushed bool) (seen, owed int, err error) {
	var published []synth.Published
	if err := world.get(ctx, "/published", &published); err != nil {
		return 0, 0, err
	}
	dates := make([][]time.Time, len(ids))
	hub := make([]bool, len(ids))
	for _, p := range published {
		if p.History {
			dates[p.Feed] = append(dates[p.Feed], p.At)
			hub[p.Feed] = hub[p.Feed] || p.Hub
		}
	}
	err = s.Update(ctx, func(tx *store.Tx) (err error) {
		lastPoll := make([]time.Time, len(ids))
		for i, id := range ids {
			d := policy.Next(schedule.Poll{Entries: dates[i], Now: tx.Now})
			next := tx.Now.Add(time.Duration(mrand.Float64() * float64(d.Interval)))
			lastPoll[i] = next.Add(-d.Interval)
			if pushed && hub[i] {
				lastPoll[i] = tx.Now
			}
			err := tx.RecordPoll(ctx, id, store.PollResult{OK: true, Interval: d.Interval, Next: next, Note: d.Reason + " (bench: learnt before the run)"})
			if err != nil {
				return err
			}
		}
		var items []beatdesk.Item
		for _, p := range published {
			if !p.History {
				continue
			}
			if p.At.After(lastPoll[p.Feed]) {
				owed++
				continue
			}
			items = append(items, beatdesk.Item{SourceID: ids[p.Feed], GUID: p.GUID, URL: p.URL, Published: p.At})
		}
		seen, err = tx.AddHandledItems(ctx, items, beatdesk.ItemDuplicate, "bench: seen before the run")
		return err
	})
	return seen, owed, err
}

type cpuUsage struct {
	cpu      time.Duration
	maxRSSKB int64
}

func rusage(who int) cpuUsage {
	var ru syscall.Rusage
	syscall.Getrusage(who, &ru)
	return cpuUsage{cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), maxRSSKB: ru.Maxrss}
}

// dbServerCPU is the CPU time the local PostgreSQL server's processes
// have used (postgresTicks), or -1 on SQLite, which runs inside this
// process, or when the server is not visible here.
func dbServerCPU(s *store.Store) time.Duration {
	if s.Engine() != store.Postgres {
		return -1
	}
	ticks := postgresTicks()
	if ticks < 0 {
		return -1
	}
	return time.Duration(ticks) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// startCPUProfile writes a CPU profile to path until the returned stop is
// called; with no path it does nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1)]
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func hostKinds(m map[string]int) string { return counts(m) }

// targets says, figure by figure, whether issue 4's targets are met.
func targets(r BenchResult) string {
	mark := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	parts := []string{
		fmt.Sprintf("articles/s >= %.1f: %s", targetArticlesPerS, mark(r.ArticlesPerS >= targetArticlesPerS)),
		fmt.Sprintf("cores <= %.1f: %s", targetCores, mark(r.CPUCores <= targetCores)),
		fmt.Sprintf("p95 <= %s: %s", targetP95, mark(r.Within60sShare >= 0.95)),
		fmt.Sprintf("RSS <= 1 GB: %s", mark(r.PeakRSSMB <= targetRSSMB)),
		fmt.Sprintf("0 violations: %s", mark(r.PolitenessViolations == 0)),
		fmt.Sprintf("conditional >= 95%%: %s", mark(r.ConditionalShare >= targetConditional)),
	}
	// The p95 of what was indexed says little when much was not: the
	// target is judged on the entries published early enough to be judged.
	parts[2] += fmt.Sprintf(" (%.1f%% of the entries published up to %s before the end were searchable within %s; at most %.1f%% could be at this poll floor)",
		100*r.Within60sShare, targetP95, targetP95, 100*r.Within60sBound)
	if r.RepeatPolls == 0 {
		parts[5] += " (no feed was polled twice in the window: run longer)"
	}
	return strings.Join(parts, "; ")
}
