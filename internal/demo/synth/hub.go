package synth

import (
	"container/heap"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"beatdesk/internal/ingest/websub"
)

// WebSub hubs: push, as some publishers offer it.
//
// About a third of feeds name a hub. Feeds on blogging platforms
// (WordPress.com, Blogger, Medium) name one by default and some large
// publishers run or rent one, while most news sites' own systems name
// none; platform and large-publisher feeds are the busier ones, so the
// share rises with a feed's rate, from hubLow for the quietest to
// hubLow+hubRise for the busiest. An outlet (a host) either runs its own
// hub at /hub, as WordPress's push plugin does, or uses one of a few
// shared hub services (each on its own loopback address, 127.78.0.x), as
// Blogger and Medium feeds do.
//
// A hub does what the specification asks of one: it answers a
// subscription request 202 and then verifies intent by GETting the
// callback with a challenge and the lease it grants (the one asked for,
// up to maxLease); a topic it does not serve is denied at the callback.
// When the feed publishes, the hub waits a few seconds (it is pinged,
// fetches the feed, fans out: hubDelay), then POSTs the whole feed to every
// subscriber whose lease runs, signed with X-Hub-Signature under the
// subscriber's secret, and tries a failed delivery twice more. The hub
// reads the feed from the world directly: deliveries are not polls, and
// the referee never sees them. Flaky hubs (one shared service, and the
// hubs of throttling hosts) lose some deliveries, and the flaky service
// signs a few with a wrong key, so a subscriber must still poll and must
// check signatures.
const (
	hubLow        = 0.15
	hubRise       = 0.40
	hubSharedUse  = 0.25 // outlets that use a shared hub rather than their own
	hubHeaderToo  = 0.5  // hub feeds that also name the hub in a Link header
	defaultLease  = 5 * 24 * time.Hour
	maxLease      = 10 * 24 * time.Hour
	hubDelayMed   = 2 * time.Second // median delay from publication to delivery
	hubDelaySigma = 0.6             // log-normal: 95% within about 5.4 s
	hubDelayMax   = 30 * time.Second
	ownLoss       = 0.005 // deliveries an ordinary hub loses
	flakyLoss     = 0.10  // the flaky shared service
	flakyMissign  = 0.02
	throttledLoss = 0.20 // hubs on throttling hosts
	hubParallel   = 32   // deliveries in flight across the world
)

// retries are the waits before a failed delivery is tried again.
var retries = []time.Duration{5 * time.Second, 30 * time.Second}

// sharedHubs are the hub services several outlets use.
var sharedHubs = []struct {
	name   string
	method string
	flaky  bool
}{
	{"Hubbub", "sha1", false}, // an older service, signing with sha1
	{"Pushline", "sha256", false},
	{"Fanout", "sha256", true},
}

// A hub is one WebSub hub: an outlet's own (on its host, at /hub) or a
// shared service (on its own address, at /).
type hub struct {
	id      int
	shared  bool
	name    string
	host    *host // the outlet's host; nil for a shared service
	ip      string
	addr    string // a shared service's ip:port once listening
	ref     *referee
	method  string // the signature's algorithm
	loss    float64
	missign float64

	mu    sync.Mutex
	rng   *mrand.Rand
	subs  map[*feed]map[string]*hubSub // by feed, then callback
	stats HubStats
}

// hubSub is one verified subscription.
type hubSub struct {
	secret string
	until  time.Time
}

// HubStats is what the hubs did.
type HubStats struct {
	Feeds         int `json:"feeds"`         // feeds that name a hub
	Hubs          int `json:"hubs"`          // hubs named (outlets' own and shared)
	Requests      int `json:"requests"`      // subscription requests received
	Verified      int `json:"verified"`      // verifications the subscriber confirmed
	Unconfirmed   int `json:"unconfirmed"`   // verifications it did not
	Denied        int `json:"denied"`        // requests for a topic the hub does not serve
	Subscriptions int `json:"subscriptions"` // current (lease running)
	Deliveries    int `json:"deliveries"`    // POSTs the subscriber answered 2xx
	Lost          int `json:"lost"`          // deliveries a flaky hub dropped
	Missigned     int `json:"missigned"`     // deliveries sent signed with a wrong key
	Failed        int `json:"failed"`        // deliveries given up after the retries
}

func (s *HubStats) add(o HubStats) {
	s.Requests += o.Requests
	s.Verified += o.Verified
	s.Unconfirmed += o.Unconfirmed
	s.Denied += o.Denied
	s.Deliveries += o.Deliveries
	s.Lost += o.Lost
	s.Missigned += o.Missigned
	s.Failed += o.Failed
}

func (h *hub) url() string {
	if h.shared {
		return "http://" + h.addr + "/"
	}
	return "http://" + h.host.addr + "/hub"
}

// buildHubs makes the shared services and decides, per outlet, which hub
// it uses and, per feed, whether it names it. rank[i] is feed i's place
// by rate, 0 for the quietest.
func (w *World) buildHubs(rank []int) {
	cfg := w.cfg
	for i, s := range sharedHubs {
		h := &hub{id: i, shared: true, name: s.name, ip: fmt.Sprintf("127.78.0.%d", i+1), method: s.method,
			ref: newReferee(cfg.PerHost, cfg.HostRate, cfg.HostBurst)}
		if s.flaky && !cfg.Calm {
			h.loss, h.missign = flakyLoss, flakyMissign
		}
		w.addHub(h)
	}
	// Each outlet's choice; its own hub is added to the world only when
	// one of its feeds names it.
	uses := make([]*hub, len(w.hosts))
	for i, ho := range w.hosts {
		r := newRand(cfg.Seed, tagHub, uint64(i))
		if r.Float64() < hubSharedUse {
			uses[i] = w.hubs[r.IntN(len(sharedHubs))]
			continue
		}
		h := &hub{name: ho.name, host: ho, ip: ho.ip, ref: ho.ref, method: [...]string{"sha1", "sha256"}[i%2], loss: ownLoss}
		switch {
		case cfg.Calm:
			h.loss = 0
		case ho.kind == hostThrottling:
			h.loss = throttledLoss
		}
		uses[i] = h
	}
	for _, f := range w.feeds {
		r := newRand(cfg.Seed, tagHub, 1<<32+uint64(f.id))
		q := float64(rank[f.id]) / math.Max(1, float64(len(w.feeds)-1))
		if r.Float64() >= hubLow+hubRise*q {
			continue
		}
		h := uses[f.host.id]
		if !h.shared && h.host.hub == nil {
			h.host.hub = h
			w.addHub(h)
		}
		f.hub, f.hubHeader = h, r.Float64() < hubHeaderToo
	}
}

func (w *World) addHub(h *hub) {
	h.id = len(w.hubs)
	h.rng = newRand(w.cfg.Seed, tagHub, 1<<40+uint64(h.id))
	h.subs = map[*feed]map[string]*hubSub{}
	w.hubs = append(w.hubs, h)
}

// listenHubs starts the shared services' listeners.
func (w *World) listenHubs() error {
	srv := &http.Server{Handler: http.HandlerFunc(w.serveSharedHub), ReadHeaderTimeout: 10 * time.Second}
	w.hubSrv = srv
	for _, h := range w.hubs {
		if !h.shared {
			continue
		}
		ln, err := net.Listen("tcp", h.ip+":0")
		if err != nil {
			return fmt.Errorf("listen on %s for the %s hub: %w (this world needs 127.78.0.0/16 routed to the loopback interface, as Linux does)", h.ip, h.name, err)
		}
		h.addr = ln.Addr().String()
		w.wg.Add(1)
		go func() { defer w.wg.Done(); srv.Serve(ln) }()
	}
	return nil
}

// serveSharedHub answers a request on a shared service's address; the
// referee sees it first, as on any host.
func (w *World) serveSharedHub(rw http.ResponseWriter, r *http.Request) {
	var h *hub
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		for _, x := range w.hubs {
			if x.shared && x.addr == addr.String() {
				h = x
			}
		}
	}
	if h == nil || r.URL.Path != "/" {
		http.NotFound(rw, r)
		return
	}
	done := h.ref.arrive(time.Now(), "hub "+r.Method+" "+r.URL.Path)
	defer func() { done(r.Context().Err() != nil) }()
	w.serveHub(rw, r, h)
}

// serveHub handles a subscription request: a form POST with hub.mode,
// hub.topic, hub.callback and, optionally, hub.secret and
// hub.lease_seconds. A request it can act on is answered 202 and verified
// (or denied) at the callback shortly after.
func (w *World) serveHub(rw http.ResponseWriter, r *http.Request, h *hub) {
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", "POST")
		http.Error(rw, "a hub takes subscription requests by POST", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(rw, "the request is not a readable form: "+err.Error(), http.StatusBadRequest)
		return
	}
	mode, topic, callback, secret := r.PostForm.Get("hub.mode"), r.PostForm.Get("hub.topic"), r.PostForm.Get("hub.callback"), r.PostForm.Get("hub.secret")
	cb, err := url.Parse(callback)
	switch {
	case mode != websub.ModeSubscribe && mode != websub.ModeUnsubscribe:
		http.Error(rw, "hub.mode must be subscribe or unsubscribe", http.StatusBadRequest)
		return
	case err != nil || (cb.Scheme != "http" && cb.Scheme != "https") || cb.Host == "":
		http.Error(rw, "hub.callback must be an absolute http(s) URL", http.StatusBadRequest)
		return
	case topic == "":
		http.Error(rw, "hub.topic is missing", http.StatusBadRequest)
		return
	case len(secret) >= 200:
		http.Error(rw, "hub.secret must be shorter than 200 bytes", http.StatusBadRequest)
		return
	}
	lease := defaultLease
	if s := r.PostForm.Get("hub.lease_seconds"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n == 0 {
			http.Error(rw, "hub.lease_seconds must be a positive whole number", http.StatusBadRequest)
			return
		}
		lease = time.Duration(min(n, uint64(maxLease/time.Second))) * time.Second
	}
	f := w.topicFeed(topic)
	h.mu.Lock()
	h.stats.Requests++
	if f == nil || f.hub != h {
		h.stats.Denied++
	}
	wait := time.Duration(100+h.rng.IntN(900)) * time.Millisecond
	h.mu.Unlock()
	rw.WriteHeader(http.StatusAccepted)

	ctx := w.ctx
	time.AfterFunc(wait, func() {
		if ctx.Err() != nil {
			return
		}
		if f == nil || f.hub != h {
			w.hubDeny(ctx, cb, topic, "this hub does not serve that topic")
			return
		}
		w.hubVerify(ctx, h, f, mode, cb, topic, secret, lease)
	})
}

// topicFeed finds the feed whose URL is topic.
func (w *World) topicFeed(topic string) *feed {
	u, err := url.Parse(topic)
	if err != nil {
		return nil
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 3 || parts[0] != "feeds" {
		return nil
	}
	f := w.feedAt(parts[1])
	if f == nil || f.url() != topic {
		return nil
	}
	return f
}

// hubVerify asks the callback to confirm the request and, when it echoes
// the challenge, records (or ends) the subscription.
func (w *World) hubVerify(ctx context.Context, h *hub, f *feed, mode string, cb *url.URL, topic, secret string, lease time.Duration) {
	challenge := rand.Text()
	q := cb.Query()
	q.Set("hub.mode", mode)
	q.Set("hub.topic", topic)
	q.Set("hub.challenge", challenge)
	if mode == websub.ModeSubscribe {
		q.Set("hub.lease_seconds", strconv.FormatInt(int64(lease/time.Second), 10))
	}
	u := *cb
	u.RawQuery = q.Encode()
	ok := false
	if body, status, err := w.hubGet(ctx, u.String()); err == nil && status/100 == 2 && string(body) == challenge {
		ok = true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !ok {
		h.stats.Unconfirmed++
		return
	}
	h.stats.Verified++
	if mode == websub.ModeUnsubscribe {
		delete(h.subs[f], cb.String())
		return
	}
	if h.subs[f] == nil {
		h.subs[f] = map[string]*hubSub{}
	}
	h.subs[f][cb.String()] = &hubSub{secret: secret, until: time.Now().Add(lease)}
	go w.watchFeed(f)
}

// hubDeny tells the callback its request is refused.
func (w *World) hubDeny(ctx context.Context, cb *url.URL, topic, reason string) {
	q := cb.Query()
	q.Set("hub.mode", websub.ModeDenied)
	q.Set("hub.topic", topic)
	q.Set("hub.reason", reason)
	u := *cb
	u.RawQuery = q.Encode()
	w.hubGet(ctx, u.String())
}

func (w *World) hubGet(ctx context.Context, u string) ([]byte, int, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", "beatdesk-synth-hub/1")
	resp, err := w.hubClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return body, resp.StatusCode, err
}

// announce is the publisher's ping: f has new entries. After the hub's
// delay it delivers the feed as it then stands to every subscriber.
func (w *World) announce(f *feed) {
	h := f.hub
	h.mu.Lock()
	if len(h.subs[f]) == 0 {
		h.mu.Unlock()
		return
	}
	d := time.Duration(float64(hubDelayMed) * math.Exp(hubDelaySigma*h.rng.NormFloat64()))
	h.mu.Unlock()
	ctx := w.ctx
	time.AfterFunc(min(d, hubDelayMax), func() {
		if ctx.Err() == nil {
			w.fanOut(ctx, f)
		}
	})
}

// fanOut sends f's current content to each subscriber whose lease runs.
func (w *World) fanOut(ctx context.Context, f *feed) {
	body, ctype := w.feedBody(f)
	h := f.hub
	now := time.Now()
	type job struct{ callback, signature string }
	var jobs []job
	h.mu.Lock()
	for cb, s := range h.subs[f] {
		if !s.until.After(now) {
			delete(h.subs[f], cb) // the lease ran out
			continue
		}
		if h.rng.Float64() < h.loss {
			h.stats.Lost++
			continue
		}
		secret := s.secret
		if h.rng.Float64() < h.missign {
			h.stats.Missigned++
			secret = "not-" + secret
		}
		sig := ""
		if s.secret != "" {
			sig = websub.Sign(h.method, secret, body)
		}
		jobs = append(jobs, job{cb, sig})
	}
	h.mu.Unlock()
	links := "<" + h.url() + `>; rel="hub", <` + f.url() + `>; rel="self"`
	for _, j := range jobs {
		go w.deliver(ctx, h, j.callback, j.signature, ctype, links, body)
	}
}

// deliver POSTs one delivery, trying again after each of retries when the
// subscriber does not answer 2xx.
func (w *World) deliver(ctx context.Context, h *hub, callback, signature, ctype, links string, body []byte) {
	for attempt := 0; ; attempt++ {
		select {
		case w.hubSlots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		ok := w.post(ctx, callback, signature, ctype, links, body)
		<-w.hubSlots
		h.mu.Lock()
		switch {
		case ok:
			h.stats.Deliveries++
		case attempt == len(retries):
			h.stats.Failed++
		}
		h.mu.Unlock()
		if ok || attempt == len(retries) {
			return
		}
		select {
		case <-time.After(retries[attempt]):
		case <-ctx.Done():
			return
		}
	}
}

func (w *World) post(ctx context.Context, callback, signature, ctype, links string, body []byte) bool {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, callback, strings.NewReader(string(body)))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Link", links)
	req.Header.Set("User-Agent", "beatdesk-synth-hub/1")
	if signature != "" {
		req.Header.Set("X-Hub-Signature", signature)
	}
	resp, err := w.hubClient.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}

// pushLoop is the publishers' side of push: it wakes when a feed with
// subscribers publishes and pings the feed's hub. A feed joins when its
// hub gains a subscriber (watch) and leaves once it has none, so entries
// nobody is pushed are still made only when asked for. It runs from Begin
// until Close.
func (w *World) pushLoop() {
	defer w.wg.Done()
	select {
	case <-w.begunCh:
	case <-w.ctx.Done():
		return
	}
	var due dueHeap
	watched := map[*feed]bool{}
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		if len(due) > 0 {
			t.Reset(time.Until(due[0].at))
		}
		select {
		case <-w.ctx.Done():
			return
		case f := <-w.watch:
			if watched[f] {
				continue
			}
			watched[f] = true
			f.mu.Lock()
			w.upTo(f, time.Now())
			f.announced = len(f.entries) // a new subscriber gets what comes next
			at := f.next
			f.mu.Unlock()
			heap.Push(&due, dueFeed{at, f})
			continue
		case <-t.C:
		}
		now := time.Now()
		for len(due) > 0 && !due[0].at.After(now) {
			f := due[0].f
			h := f.hub
			h.mu.Lock()
			subscribed := len(h.subs[f]) > 0
			h.mu.Unlock()
			if !subscribed {
				heap.Pop(&due)
				delete(watched, f)
				continue
			}
			f.mu.Lock()
			w.upTo(f, now)
			fresh := false
			for _, e := range f.entries[f.announced:] {
				fresh = fresh || !e.history
			}
			f.announced = len(f.entries)
			due[0].at = f.next
			f.mu.Unlock()
			heap.Fix(&due, 0)
			if fresh {
				w.announce(f)
			}
		}
	}
}

// watchFeed has the push loop wake for f's publications; the caller has
// just given f's hub a subscriber.
func (w *World) watchFeed(f *feed) {
	select {
	case w.watch <- f:
	case <-w.ctx.Done():
	}
}

// dueHeap orders feeds by their next publication (container/heap).
type dueFeed struct {
	at time.Time
	f  *feed
}

type dueHeap []dueFeed

func (d dueHeap) Len() int           { return len(d) }
func (d dueHeap) Less(i, j int) bool { return d[i].at.Before(d[j].at) }
func (d dueHeap) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }
func (d *dueHeap) Push(x any)        { *d = append(*d, x.(dueFeed)) }
func (d *dueHeap) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}

// A FeedHub is a feed's hub and topic, as a poll of the feed finds them.
type FeedHub struct {
	Feed  int    `json:"feed"`
	Hub   string `json:"hub"`
	Topic string `json:"topic"`
}

// KnownHubs lists the hubs a polite newsroom that has been polling the
// feeds knows of: those of feeds on hosts that answer (not failing or
// slow) whose feed is a feed.
func (w *World) KnownHubs() []FeedHub {
	var out []FeedHub
	for _, f := range w.feeds {
		if f.hub != nil && !f.broken && (f.host.kind == hostNormal || f.host.kind == hostThrottling) {
			out = append(out, FeedHub{Feed: f.id, Hub: f.hub.url(), Topic: f.url()})
		}
	}
	return out
}

// A Standing subscription is one a subscriber made and the hub verified
// before the world started (bench ingest's warm start, like
// Config.History for entries).
type Standing struct {
	Topic        string `json:"topic"`
	Callback     string `json:"callback"`
	Secret       string `json:"secret"`
	LeaseSeconds int64  `json:"lease_seconds"`
}

// Stand records standing subscriptions at their topics' hubs, with the
// lease each would have been granted (as asked, up to maxLease), and
// returns those leases. It fails, naming it, on a topic no hub here serves.
func (w *World) Stand(subs []Standing) ([]time.Duration, error) {
	leases := make([]time.Duration, len(subs))
	for i, s := range subs {
		f := w.topicFeed(s.Topic)
		if f == nil || f.hub == nil {
			return nil, fmt.Errorf("synth.Stand: no hub here serves %q", s.Topic)
		}
		if s.LeaseSeconds <= 0 || len(s.Secret) >= 200 || s.Callback == "" {
			return nil, fmt.Errorf("synth.Stand: subscription %d needs a callback, a positive lease and a secret under 200 bytes", i)
		}
		leases[i] = time.Duration(min(s.LeaseSeconds, int64(maxLease/time.Second))) * time.Second
		h := f.hub
		h.mu.Lock()
		if h.subs[f] == nil {
			h.subs[f] = map[string]*hubSub{}
		}
		h.subs[f][s.Callback] = &hubSub{secret: s.Secret, until: time.Now().Add(leases[i])}
		h.mu.Unlock()
		go w.watchFeed(f)
	}
	return leases, nil
}
