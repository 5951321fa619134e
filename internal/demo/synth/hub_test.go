package synth

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"beatdesk"
	feedparse "beatdesk/internal/ingest/feed"
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// callbackSite is a subscriber's callback as a test sees it: it echoes
// every challenge and records what the hubs sent.
type callbackSite struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []*http.Request // verifications (GET) and deliveries (POST), bodies in bodies
	bod map[*http.Request][]byte
	ch  chan *http.Request
}

func newCallbackSite(t *testing.T) *callbackSite {
	c := &callbackSite{bod: map[*http.Request][]byte{}, ch: make(chan *http.Request, 100)}
	c.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.got = append(c.got, r)
		c.bod[r] = body
		c.mu.Unlock()
		if r.Method == http.MethodGet {
			io.WriteString(rw, r.URL.Query().Get("hub.challenge"))
		} else {
			rw.WriteHeader(http.StatusAccepted)
		}
		select {
		case c.ch <- r:
		default: // nobody is waiting for so many
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// next waits for the next request to path with method.
func (c *callbackSite) next(t *testing.T, method, path string, within time.Duration) (*http.Request, []byte) {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case r := <-c.ch:
			if r.Method == method && r.URL.Path == path {
				c.mu.Lock()
				defer c.mu.Unlock()
				return r, c.bod[r]
			}
		case <-timeout:
			t.Fatalf("no %s to %s within %s", method, path, within)
		}
	}
}

func subscribe(t *testing.T, hubURL string, form url.Values) int {
	t.Helper()
	resp, err := http.PostForm(hubURL, form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// busiestHubFeeds returns, of the feeds naming an outlet's own hub and of
// those naming a shared service, the busiest of each.
func busiestHubFeeds(w *World) (own, shared *feed) {
	for _, f := range w.feeds {
		switch {
		case f.hub == nil:
		case f.hub.shared && (shared == nil || f.rate > shared.rate):
			shared = f
		case !f.hub.shared && (own == nil || f.rate > own.rate):
			own = f
		}
	}
	return own, shared
}

// TestHub plays a subscriber against the world's hubs, an outlet's own and
// a shared service: the feed names its hub (discoverable as beatdesk
// discovers it), a subscription request is answered 202 and verified at
// the callback with a challenge and the lease granted (the one asked for,
// capped), a topic the hub does not serve is denied, a malformed request
// is refused, and when the feed publishes the hub POSTs the feed signed
// under the subscriber's secret, and under no other. Deliveries are not
// polls: the referee sees only the subscription requests.
func TestHub(t *testing.T) {
	w := startWorld(t, Config{Feeds: 60, Hosts: 8, Rate: 30, Seed: 5, Calm: true})
	own, shared := busiestHubFeeds(w)
	if own == nil || shared == nil {
		t.Fatalf("want feeds naming an own hub and a shared one among 60 (own %v, shared %v)", own != nil, shared != nil)
	}
	cb := newCallbackSite(t)
	for _, f := range []*feed{own, shared} {
		t.Run(map[bool]string{true: "shared", false: "own"}[f.hub.shared], func(t *testing.T) {
			resp := get(t, f.url())
			body, _ := io.ReadAll(resp.Body)
			parsed, err := feedparse.Parse(body, f.url())
			if err != nil {
				t.Fatal(err)
			}
			hubURL, topic := websub.Discover(resp.Header.Values("Link"), parsed.Hub, parsed.Self, f.url())
			if hubURL != f.hub.url() || topic != f.url() {
				t.Fatalf("discovered hub %q topic %q; want %q and %q", hubURL, topic, f.hub.url(), f.url())
			}
			if f.hubHeader != strings.Contains(resp.Header.Get("Link"), `rel="hub"`) {
				t.Errorf("Link header %q; the feed names its hub there: %v", resp.Header.Get("Link"), f.hubHeader)
			}

			path := "/cb/" + f.hub.name
			secret := websub.NewSecret()
			if st := subscribe(t, hubURL, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {cb.srv.URL + path},
				"hub.secret": {secret}, "hub.lease_seconds": {"600"}}); st != http.StatusAccepted {
				t.Fatalf("subscribe: %d; want 202", st)
			}
			v, _ := cb.next(t, http.MethodGet, path, 10*time.Second)
			q := v.URL.Query()
			if q.Get("hub.mode") != "subscribe" || q.Get("hub.topic") != topic || q.Get("hub.lease_seconds") != "600" || len(q.Get("hub.challenge")) < 16 {
				t.Fatalf("verification %v; want mode subscribe, the topic, lease 600 and a challenge", q)
			}

			// A lease longer than the hub grants is capped; none asked for
			// gets the hub's default.
			for _, c := range []struct{ ask, want string }{{"1000000000", "864000"}, {"", "432000"}} {
				p := path + "-lease" + c.ask
				form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {cb.srv.URL + p}}
				if c.ask != "" {
					form.Set("hub.lease_seconds", c.ask)
				}
				subscribe(t, hubURL, form)
				if v, _ := cb.next(t, http.MethodGet, p, 10*time.Second); v.URL.Query().Get("hub.lease_seconds") != c.want {
					t.Errorf("lease asked %q: granted %q; want %s", c.ask, v.URL.Query().Get("hub.lease_seconds"), c.want)
				}
			}
			// A topic this hub does not serve is denied at the callback.
			other := w.feeds[(f.id+1)%len(w.feeds)].url()
			subscribe(t, hubURL, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {other + "x"}, "hub.callback": {cb.srv.URL + path + "-other"}})
			if v, _ := cb.next(t, http.MethodGet, path+"-other", 10*time.Second); v.URL.Query().Get("hub.mode") != "denied" {
				t.Errorf("a topic the hub does not serve: verification %v; want hub.mode=denied", v.URL.Query())
			}
			if st := subscribe(t, hubURL, url.Values{"hub.topic": {topic}, "hub.callback": {cb.srv.URL + path}}); st != http.StatusBadRequest {
				t.Errorf("a request without hub.mode: %d; want 400", st)
			}

			d, got := cb.next(t, http.MethodPost, path, 45*time.Second)
			sig := d.Header.Get("X-Hub-Signature")
			if !strings.HasPrefix(sig, f.hub.method+"=") || !websub.VerifySignature(secret, sig, got) {
				t.Errorf("delivery signed %q; want a %s HMAC of the body under our secret", sig, f.hub.method)
			}
			if websub.VerifySignature(websub.NewSecret(), sig, got) {
				t.Error("the delivery's signature also verifies under another secret")
			}
			if d.Header.Get("Content-Type") != f.contentType() || !strings.Contains(d.Header.Get("Link"), "<"+f.hub.url()+`>; rel="hub"`) {
				t.Errorf("delivery Content-Type %q, Link %q", d.Header.Get("Content-Type"), d.Header.Get("Link"))
			}
			if pf, err := feedparse.Parse(got, topic); err != nil || len(pf.Entries) == 0 {
				t.Errorf("the delivery is not the feed with its entries: %v", err)
			}
		})
	}
	st := w.Stats()
	if st.FeedRequests != 2 {
		t.Errorf("%d feed requests counted; want our 2 polls (deliveries are not polls)", st.FeedRequests)
	}
	if st.Violations.Total() != 0 || st.Hubs.Verified < 6 || st.Hubs.Denied != 2 || st.Hubs.Deliveries < 2 || st.Hubs.Lost != 0 {
		t.Errorf("stats %+v, violations %+v; want none, 6 verified, 2 denied, deliveries made and none lost", st.Hubs, st.Violations)
	}
}

// TestHubToCallback points a hub at beatdesk's own WebSub callback
// (package web/push, on a real store): the hub's verification makes the
// subscription active with the lease granted, its signed deliveries are
// passed on, and deliveries to a subscription whose secret the hub does
// not have (as a forger, or a hub holding a stale secret) are refused on
// our side and counted as ignored.
func TestHubToCallback(t *testing.T) {
	w := startWorld(t, Config{Feeds: 60, Hosts: 8, Rate: 30, Seed: 5, Calm: true})
	f, _ := busiestHubFeeds(w)
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	var mu sync.Mutex
	delivered := map[int64]int{}
	deliver := func(ctx context.Context, sub store.WebSub, body []byte) (int, error) {
		pf, err := feedparse.Parse(body, sub.Topic)
		if err != nil {
			return 0, err
		}
		mu.Lock()
		delivered[sub.ID]++
		mu.Unlock()
		return len(pf.Entries), s.Update(ctx, func(tx *store.Tx) error { return tx.RecordWebSubDelivery(ctx, sub, 0) })
	}
	srv := httptest.NewServer(web.New(s, web.Options{Logger: slog.New(slog.DiscardHandler), Deliver: deliver}))
	defer srv.Close()

	var good, stale store.WebSub
	err := s.Update(ctx, func(tx *store.Tx) error {
		for i, sub := range []*store.WebSub{&good, &stale} {
			src, err := tx.AddSource(ctx, beatdesk.Source{Name: "synthetic " + string(rune('a'+i)), FeedURL: f.url() + "?copy=" + string(rune('a'+i))})
			if err != nil {
				return err
			}
			*sub, err = tx.AddWebSub(ctx, store.WebSub{SourceID: src.ID, Hub: f.hub.url(), Topic: f.url(), Token: websub.NewToken(), Secret: websub.NewSecret()})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sub    store.WebSub
		secret string // the one the hub is given
	}{{good, good.Secret}, {stale, websub.NewSecret()}} {
		if st := subscribe(t, f.hub.url(), url.Values{"hub.mode": {"subscribe"}, "hub.topic": {f.url()}, "hub.callback": {srv.URL + "/websub/" + c.sub.Token},
			"hub.secret": {c.secret}, "hub.lease_seconds": {"3600"}}); st != http.StatusAccepted {
			t.Fatalf("subscribe: %d; want 202", st)
		}
	}
	load := func(id int64) store.WebSub {
		var sub store.WebSub
		if err := s.View(ctx, func(tx *store.Tx) (err error) { sub, err = tx.WebSubByID(ctx, id); return err }); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	deadline := time.Now().Add(45 * time.Second)
	for {
		g, st := load(good.ID), load(stale.ID)
		if g.Deliveries > 0 && st.Ignored > 0 {
			if g.State != store.WebSubActive || g.LeaseUntil.Sub(g.StateAt) < 59*time.Minute || g.LeaseUntil.Sub(g.StateAt) > 61*time.Minute {
				t.Errorf("verified subscription: %s until %s (activated %s); want active for the hour granted", g.State, g.LeaseUntil, g.StateAt)
			}
			if g.Ignored != 0 {
				t.Errorf("%d deliveries signed with the right secret were ignored (%s)", g.Ignored, g.LastError)
			}
			if st.Deliveries != 0 || !strings.Contains(st.LastError, "wrong signature") {
				t.Errorf("subscription whose secret the hub lacks: %d deliveries processed, last error %q; want none, refused for a wrong signature",
					st.Deliveries, st.LastError)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 45s: right secret %d delivered, %d ignored; stale secret %d delivered, %d ignored", g.Deliveries, g.Ignored, st.Deliveries, st.Ignored)
		}
		time.Sleep(200 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if delivered[good.ID] == 0 || delivered[stale.ID] != 0 {
		t.Errorf("passed on: %v; want deliveries for %d only", delivered, good.ID)
	}
}

// TestStand: a warm start's standing subscriptions are the hubs a polling
// newsroom would know (none on failing or slow hosts), get the lease asked
// for up to the hub's limit, receive signed deliveries, and a topic no hub
// serves is refused.
func TestStand(t *testing.T) {
	w := startWorld(t, Config{Feeds: 60, Hosts: 8, Rate: 30, Seed: 5})
	known := w.KnownHubs()
	for _, fh := range known {
		if k := w.feeds[fh.Feed].host.kind; k == hostFailing || k == hostSlow {
			t.Errorf("feed %d on a %s host listed as a known hub", fh.Feed, k)
		}
	}
	if len(known) == 0 {
		t.Fatal("no known hubs among 60 feeds")
	}
	if _, err := w.Stand([]Standing{{Topic: "http://127.77.0.1:1/feeds/0/none.xml", Callback: "http://127.0.0.1:1/", Secret: "s", LeaseSeconds: 60}}); err == nil {
		t.Error("a topic no hub serves was accepted")
	}
	own, _ := busiestHubFeeds(w)
	cb := newCallbackSite(t)
	secret := websub.NewSecret()
	leases, err := w.Stand([]Standing{{Topic: own.url(), Callback: cb.srv.URL + "/standing", Secret: secret, LeaseSeconds: 1 << 40}})
	if err != nil || len(leases) != 1 || leases[0] != maxLease {
		t.Fatalf("Stand: %v, leases %v; want one of %s", err, leases, maxLease)
	}
	d, body := cb.next(t, http.MethodPost, "/standing", 45*time.Second)
	if !websub.VerifySignature(secret, d.Header.Get("X-Hub-Signature"), body) {
		t.Errorf("delivery to a standing subscription signed %q; want our secret's HMAC", d.Header.Get("X-Hub-Signature"))
	}
}
