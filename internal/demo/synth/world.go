package synth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"beatdesk"
)

// Config says how big the world is and what politeness its referee
// expects. Zero fields take the defaults given.
type Config struct {
	Feeds int     // default 10,000
	Hosts int     // default Feeds/50, at least 20 (never more than Feeds)
	Rate  float64 // new articles a second across all feeds (default 15)
	Seed  uint64  // the same seed gives the same world
	// History gives every feed the entries it published before the world
	// started (up to a feed's 20), for a newsroom that has been watching
	// it; without it, feeds start empty.
	History bool
	// Calm leaves out the hostile and failing hosts, pages and feeds, to
	// measure the pipeline on its own.
	Calm bool
	// Deferred: nothing is published until Begin is called, so a client
	// can get ready (add the sources, say) before the clock starts.
	Deferred bool

	// The politeness the newsroom promises: at most PerHost requests in
	// flight to one host, HostRate a second with bursts of HostBurst.
	PerHost   int     // default 2
	HostRate  float64 // default 1
	HostBurst int     // default 4
}

func (c Config) withDefaults() Config {
	if c.Feeds <= 0 {
		c.Feeds = 10000
	}
	if c.Hosts <= 0 {
		c.Hosts = max(20, c.Feeds/50)
	}
	c.Hosts = min(c.Hosts, c.Feeds)
	if c.Rate <= 0 {
		c.Rate = 15
	}
	if c.PerHost <= 0 {
		c.PerHost = 2
	}
	if c.HostRate <= 0 {
		c.HostRate = 1
	}
	if c.HostBurst <= 0 {
		c.HostBurst = 4
	}
	return c
}

// Shares of entries and hosts that behave one way or another.
const (
	feedLen       = 20  // entries a feed lists
	storyShare    = 0.5 // entries that cover a shared story (the rest are local news)
	wireShare     = 0.2 // of those, entries that run a wire dispatch word for word
	wireEvery     = 30 * time.Minute
	hugeShare     = 0.003 // pages of 6 MB
	bombShare     = 0.003 // pages that are gzip bombs
	noValidators  = 0.10
	maxAgeShare   = 0.15
	ttlShare      = 0.10 // of RSS feeds
	atomShare     = 0.30
	failingShare  = 0.02 // hosts answering 500
	slowShare     = 0.01
	throttleShare = 0.01 // hosts answering 429 with Retry-After
	brokenShare   = 0.003
)

// hostKind is how a host behaves.
type hostKind int

const (
	hostNormal hostKind = iota
	hostFailing
	hostSlow
	hostThrottling
)

func (k hostKind) String() string {
	return [...]string{"normal", "failing (500)", "slow", "throttling (429)"}[k]
}

// A World is the synthetic world, serving until Close.
type World struct {
	cfg     Config
	start   time.Time
	hosts   []*host
	feeds   []*feed
	stories *storyline
	srv     *http.Server
	admin   *http.Server
	adminLn net.Listener
	wg      sync.WaitGroup
	extras  extras // the hostile pages, built once
	begun   atomic.Bool
	begunCh chan struct{} // closed by Begin

	// Push (hub.go): the hubs, the shared services' server, the client
	// hubs verify and deliver with, and a cap on deliveries in flight.
	hubs      []*hub
	hubSrv    *http.Server
	hubClient *http.Client
	hubSlots  chan struct{}
	watch     chan *feed      // feeds that gained a subscriber, for the push loop
	ctx       context.Context // ends at Close
	cancel    context.CancelFunc
}

// Start builds the world from cfg and serves it: each host on its own
// loopback address, the admin JSON on 127.0.0.1. It fails when the
// loopback addresses cannot be bound (Linux routes all of 127/8 to lo;
// other systems may not).
func Start(cfg Config) (*World, error) {
	const op = "synth.Start"
	cfg = cfg.withDefaults()
	if cfg.Hosts > 250*250 {
		return nil, fmt.Errorf("%s: %d hosts is more than the 62,500 loopback addresses this world uses; ask for fewer", op, cfg.Hosts)
	}
	w := &World{cfg: cfg, begunCh: make(chan struct{}), hubSlots: make(chan struct{}, hubParallel), watch: make(chan *feed, 64),
		hubClient: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: hubParallel, IdleConnTimeout: time.Minute}}}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.build()
	if !cfg.Deferred {
		w.Begin()
	}
	w.srv = &http.Server{Handler: w, ReadHeaderTimeout: 10 * time.Second}
	for _, h := range w.hosts {
		ln, err := net.Listen("tcp", h.ip+":0")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("%s: listen on %s: %w (this world needs 127.77.0.0/16 routed to the loopback interface, as Linux does)", op, h.ip, err)
		}
		h.addr = ln.Addr().String()
		w.wg.Add(1)
		go func() { defer w.wg.Done(); w.srv.Serve(ln) }()
	}
	if err := w.listenHubs(); err != nil {
		w.Close()
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	w.wg.Add(1)
	go w.pushLoop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("%s: admin listener: %w", op, err)
	}
	w.adminLn = ln
	w.admin = &http.Server{Handler: w.AdminHandler(), ReadHeaderTimeout: 10 * time.Second}
	w.wg.Add(1)
	go func() { defer w.wg.Done(); w.admin.Serve(ln) }()
	return w, nil
}

// build lays out hosts and feeds from the seed.
func (w *World) build() {
	cfg := w.cfg
	r := newRand(cfg.Seed, tagHost)
	kinds := make([]hostKind, cfg.Hosts)
	at := 0
	if cfg.Calm {
		at = len(kinds)
	}
	for _, k := range []struct {
		kind  hostKind
		share float64
	}{{hostFailing, failingShare}, {hostSlow, slowShare}, {hostThrottling, throttleShare}} {
		for range max(1, int(math.Round(k.share*float64(cfg.Hosts)))) {
			if at < len(kinds)-1 { // at least one host stays normal
				kinds[at] = k.kind
				at++
			}
		}
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	for i := range cfg.Hosts {
		w.hosts = append(w.hosts, &host{
			id: i, ip: fmt.Sprintf("127.77.%d.%d", i/250, i%250+1), kind: kinds[i],
			name: inventName(newRand(cfg.Seed, tagHost, uint64(i)), 3) + " " + [...]string{"Times", "Herald", "Post", "Courier", "Daily", "News"}[i%6],
			ref:  newReferee(cfg.PerHost, cfg.HostRate, cfg.HostBurst),
		})
	}

	// Rates: log-normal weights scaled to the total rate.
	weights := make([]float64, cfg.Feeds)
	sum := 0.0
	for i := range weights {
		weights[i] = math.Exp(1.4 * r.NormFloat64())
		sum += weights[i]
	}
	broken := map[int]bool{}
	for _, i := range r.Perm(cfg.Feeds)[:max(1, int(brokenShare*float64(cfg.Feeds)))] {
		broken[i] = !cfg.Calm
	}
	for i := range cfg.Feeds {
		fr := newRand(cfg.Seed, tagFeed, uint64(i))
		f := &feed{id: i, host: w.hosts[i%cfg.Hosts], rate: cfg.Rate * weights[i] / sum, broken: broken[i]}
		f.lang = pickLang(fr.IntN(100))
		f.atom = fr.Float64() < atomShare
		f.validators = fr.Float64() >= noValidators
		if f.validators && fr.Float64() < maxAgeShare {
			f.maxAge = time.Duration(60+fr.IntN(540)) * time.Second
		}
		if !f.atom && fr.Float64() < ttlShare {
			f.ttl = 5 + fr.IntN(26)
		}
		f.arrivals = newRand(cfg.Seed, tagArrivals, uint64(i))
		w.feeds = append(w.feeds, f)
	}
	rank := make([]int, cfg.Feeds) // by rate, 0 for the quietest
	order := make([]int, cfg.Feeds)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return weights[order[a]] < weights[order[b]] })
	for r, i := range order {
		rank[i] = r
	}
	w.buildHubs(rank)
}

// Begin starts the clock: from now on feeds publish. Start calls it unless
// Config.Deferred; calling it again does nothing.
func (w *World) Begin() { w.beginAt(time.Now()) }

func (w *World) beginAt(t time.Time) {
	if w.begun.Load() {
		return
	}
	w.start = t.UTC().Truncate(time.Second)
	w.stories = newStoryline(w.cfg.Seed, max(w.cfg.Rate*0.01, 1.0/60), w.start.Add(-storyLife))
	for _, f := range w.feeds {
		f.mu.Lock()
		// A feed's arrivals begin long enough before the start to fill
		// its history; without History they are generated but not shown.
		span := time.Duration(min(25/f.rate, 30*24*3600) * float64(time.Second))
		f.nextAt = w.start.Add(-span)
		f.advance()
		f.mu.Unlock()
	}
	w.begun.Store(true)
	if w.begunCh != nil {
		close(w.begunCh)
	}
}

func pickLang(x int) string {
	for _, s := range langShares {
		if x < s.parts {
			return s.lang
		}
		x -= s.parts
	}
	return "en"
}

// Close stops serving.
func (w *World) Close() error {
	var errs []error
	if w.cancel != nil {
		w.cancel() // stops the push loop and the hubs' requests
	}
	if w.srv != nil {
		errs = append(errs, w.srv.Close())
	}
	if w.hubSrv != nil {
		errs = append(errs, w.hubSrv.Close())
	}
	if w.admin != nil {
		errs = append(errs, w.admin.Close())
	}
	w.wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("synth.World.Close: %w", err)
	}
	return nil
}

// AdminURL is where the admin JSON is served, e.g. http://127.0.0.1:41234.
func (w *World) AdminURL() string { return "http://" + w.adminLn.Addr().String() }

// Hosts is how many hosts serve the feeds.
func (w *World) Hosts() int { return len(w.hosts) }

// Started is when the world began publishing (zero before Begin).
func (w *World) Started() time.Time { return w.start }

// Sources returns one source per feed.
func (w *World) Sources() []beatdesk.Source {
	out := make([]beatdesk.Source, 0, len(w.feeds))
	for _, f := range w.feeds {
		out = append(out, beatdesk.Source{
			Name:    fmt.Sprintf("%s: %s", f.host.name, f.section()),
			FeedURL: f.url(),
			SiteURL: "http://" + f.host.addr + "/",
			Lang:    f.lang,
		})
	}
	return out
}

// hostOf finds the host a request came in on, by the local address it was
// accepted at (not by the Host header, which a client chooses).
func (w *World) hostOf(r *http.Request) *host {
	addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return nil
	}
	ip, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return nil
	}
	var a, b int
	if _, err := fmt.Sscanf(ip, "127.77.%d.%d", &a, &b); err != nil {
		return nil
	}
	i := a*250 + b - 1
	if i < 0 || i >= len(w.hosts) {
		return nil
	}
	return w.hosts[i]
}

// feedAt parses a feed number from a path segment.
func (w *World) feedAt(s string) *feed {
	var i int
	if _, err := fmt.Sscanf(s, "%d", &i); err != nil || i < 0 || i >= len(w.feeds) {
		return nil
	}
	return w.feeds[i]
}

func slugOf(title string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(title) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == ' ' && b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
