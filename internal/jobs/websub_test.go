package jobs

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// The WebSub tests play the outside world on loopback: a publisher whose
// feed names a hub, and the hub itself, which verifies intent against our
// real callback (web.New over httptest) and then delivers, signed. Steps
// are called directly, as in the other tests here, so every job they
// queue can be looked at.

// A publisher serves one Atom feed, naming its hub in a Link header or in
// the document.
type publisher struct {
	srv *httptest.Server
	mu  sync.Mutex
	// What the feed says; changed by the test between polls.
	headerHub, docHub string
	entries           []int
}

func newPublisher(t *testing.T) *publisher {
	p := &publisher{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.headerHub != "" {
			w.Header().Add("Link", "<"+p.headerHub+`>; rel="hub"`)
		}
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(p.feed(p.docHub, p.entries...))
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *publisher) topic() string { return p.srv.URL + "/pushed/feed.atom" }

func (p *publisher) set(headerHub, docHub string, entries ...int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.headerHub, p.docHub, p.entries = headerHub, docHub, entries
}

// feed writes an Atom feed with the numbered entries, ten minutes apart.
func (p *publisher) feed(hub string, entries ...int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Pushed Wire</title><id>urn:pushed</id>
<link rel="self" href="%s"/>`, p.topic())
	if hub != "" {
		fmt.Fprintf(&b, `<link rel="hub" href="%s"/>`, hub)
	}
	now := time.Now().UTC()
	for i, n := range entries {
		fmt.Fprintf(&b, `<entry><title>Story %d</title><id>urn:story:%d</id><link href="%s/pushed/%d.html"/><updated>%s</updated><summary>Entry %d.</summary></entry>`,
			n, n, p.srv.URL, n, now.Add(-time.Duration(i)*10*time.Minute).Format(time.RFC3339), n)
	}
	b.WriteString(`</feed>`)
	return []byte(b.String())
}

// A fakeHub records subscription requests and acts as a hub towards our
// callback.
type fakeHub struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	requests []url.Values
}

func newFakeHub(t *testing.T) *fakeHub {
	h := &fakeHub{t: t}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.ParseForm() != nil {
			http.Error(w, "send a form", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.requests = append(h.requests, r.PostForm)
		h.mu.Unlock()
		w.WriteHeader(http.StatusAccepted) // verification follows, when the test says
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *fakeHub) url() string { return h.srv.URL + "/hub" }

// request returns the i-th subscription request the hub received.
func (h *fakeHub) request(i int) url.Values {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if i >= len(h.requests) {
		h.t.Fatalf("the hub received %d requests, want at least %d", len(h.requests), i+1)
	}
	return h.requests[i]
}

func (h *fakeHub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.requests)
}

// verify GETs callback as a hub verifying intent (or denying) does.
func (h *fakeHub) verify(callback string, q url.Values) (int, string) {
	h.t.Helper()
	resp, err := http.Get(callback + "?" + q.Encode())
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// deliver POSTs body to callback with the given X-Hub-Signature ("" for
// none).
func (h *fakeHub) deliver(callback, signature string, body []byte) int {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, callback, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/atom+xml")
	req.Header.Set("Link", "<"+h.url()+`>; rel="hub"`)
	if signature != "" {
		req.Header.Set("X-Hub-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A pushWorld is the harness with WebSub on, our real web server as the
// callback, a publisher and its hub.
type pushWorld struct {
	*harness
	site *httptest.Server
	pub  *publisher
	hub  *fakeHub
	src  beatdesk.Source
}

func newPushWorld(t *testing.T, s *store.Store) *pushWorld {
	var handler http.Handler
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(site.Close)
	cfg := testConfig()
	cfg.WebSubBase = site.URL
	h := newHarness(t, s, cfg)
	handler = web.New(s, web.Options{BaseURL: site.URL, Deliver: h.q.Deliver, Logger: slog.New(slog.DiscardHandler)})
	pw := &pushWorld{harness: h, site: site, pub: newPublisher(t), hub: newFakeHub(t)}
	pw.src = h.addSource(beatdesk.Source{Name: "Pushed Wire", FeedURL: pw.pub.topic()})
	return pw
}

// sub returns the source's current subscription.
func (w *pushWorld) sub() store.WebSub {
	w.t.Helper()
	var out store.WebSub
	if err := w.s.View(w.ctx, func(tx *store.Tx) (err error) { out, err = tx.WebSubOfSource(w.ctx, w.src.ID); return err }); err != nil {
		w.t.Fatalf("the source's subscription: %v", err)
	}
	return out
}

func (w *pushWorld) subByID(id int64) store.WebSub {
	w.t.Helper()
	var out store.WebSub
	if err := w.s.View(w.ctx, func(tx *store.Tx) (err error) { out, err = tx.WebSubByID(w.ctx, id); return err }); err != nil {
		w.t.Fatal(err)
	}
	return out
}

// done removes the queued jobs of a kind, as if the queue had worked
// them (the steps were called directly), so the same job can be queued
// again.
func (w *pushWorld) done(kind string) {
	w.t.Helper()
	if _, err := w.s.DB().ExecContext(w.ctx, `DELETE FROM river_job WHERE kind = $1`, kind); err != nil {
		w.t.Fatal(err)
	}
}

func (w *pushWorld) items() []int64 {
	return w.ids(`SELECT id FROM items WHERE source_id = $1`, w.src.ID)
}

// subscribe polls, runs the subscribe job and has the hub verify it with
// a lease of lease; it returns the callback URL.
func (w *pushWorld) subscribe(lease time.Duration) string {
	w.t.Helper()
	w.poll(w.src.ID)
	n := w.hub.count()
	if err := w.p.Subscribe(w.ctx, w.src.ID); err != nil {
		w.t.Fatalf("Subscribe: %v", err)
	}
	w.done("websub_subscribe")
	req := w.hub.request(n)
	status, body := w.hub.verify(req.Get("hub.callback"), url.Values{"hub.mode": {"subscribe"}, "hub.topic": {req.Get("hub.topic")},
		"hub.challenge": {"challenge-" + fmt.Sprint(n)}, "hub.lease_seconds": {fmt.Sprint(int(lease / time.Second))}})
	if status != http.StatusOK || body != "challenge-"+fmt.Sprint(n) {
		w.t.Fatalf("verification of our own request: %d %q, want 200 and the challenge echoed", status, body)
	}
	return req.Get("hub.callback")
}

// TestWebSubSubscribeVerifyDeliver follows a subscription from discovery
// to deliveries: the poll finds the hub and queues one subscribe job; the
// hub receives the request; verification of a topic we did not ask for
// is refused; ours is echoed; a good signed delivery adds its new entries
// as items with fetch jobs; bad, missing and wrongly made signatures and
// a replay to an unknown token add nothing; and polling slows to a
// fallback while pushed.
func TestWebSubSubscribeVerifyDeliver(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newPushWorld(t, s)
		w.pub.set(w.hub.url(), "", 1, 2, 101, 102, 103) // the hub in a Link header, the topic in the feed

		w.poll(w.src.ID)
		sub := w.sub()
		if sub.Hub != w.hub.url() || sub.Topic != w.pub.topic() || sub.State != store.WebSubPending || len(sub.Token) < 26 || len(sub.Secret) < 52 {
			t.Fatalf("after discovery: %+v", sub)
		}
		if got := w.jobArgs("websub_subscribe", "source_id"); !slices.Equal(got, []int64{w.src.ID}) {
			t.Fatalf("subscribe jobs %v, want one for source %d", got, w.src.ID)
		}
		if iv := w.source(w.src.ID).PollInterval; iv >= time.Hour {
			t.Fatalf("before any push the feed is polled at its pace, got %s", iv)
		}
		w.poll(w.src.ID) // a second poll queues nothing more
		if n := len(w.jobs("websub_subscribe")); n != 1 {
			t.Errorf("a second poll: %d subscribe jobs, want still 1", n)
		}

		if err := w.p.Subscribe(w.ctx, w.src.ID); err != nil {
			t.Fatal(err)
		}
		req := w.hub.request(0)
		callback := w.site.URL + "/websub/" + sub.Token
		if req.Get("hub.mode") != "subscribe" || req.Get("hub.topic") != w.pub.topic() || req.Get("hub.callback") != callback ||
			req.Get("hub.secret") != sub.Secret || req.Get("hub.lease_seconds") != "604800" {
			t.Fatalf("the hub received %v", req)
		}
		if w.sub().RequestedAt.IsZero() {
			t.Error("the request's time was not recorded")
		}
		if err := w.p.Subscribe(w.ctx, w.src.ID); err != nil || w.hub.count() != 1 {
			t.Errorf("the job run twice: %v, hub saw %d requests, want 1", err, w.hub.count())
		}

		// Verification of intent: only our topic, only at our token.
		verify := func(callback, topic string) (int, string) {
			return w.hub.verify(callback, url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic},
				"hub.challenge": {"c-4f9a<script>"}, "hub.lease_seconds": {"864000"}})
		}
		if status, body := verify(callback, "https://elsewhere.example/feed"); status != http.StatusNotFound || strings.Contains(body, "c-4f9a") {
			t.Errorf("verification for a topic we did not ask for: %d, challenge echoed %v; want 404 without it", status, strings.Contains(body, "c-4f9a"))
		}
		if status, _ := verify(w.site.URL+"/websub/"+websub.NewToken(), w.pub.topic()); status != http.StatusNotFound {
			t.Errorf("verification at an unknown token: %d, want 404", status)
		}
		if w.sub().State != store.WebSubPending {
			t.Fatalf("refused verifications changed the state to %s", w.sub().State)
		}
		status, body := verify(callback, w.pub.topic())
		if status != http.StatusOK || body != "c-4f9a<script>" {
			t.Fatalf("our verification: %d %q, want 200 and the challenge", status, body)
		}
		sub = w.sub()
		if sub.State != store.WebSubActive || sub.LeaseUntil.Before(time.Now().Add(9*24*time.Hour)) || sub.LeaseUntil.After(time.Now().Add(11*24*time.Hour)) {
			t.Fatalf("after verification: state %s, lease until %s (want about 10 days)", sub.State, sub.LeaseUntil)
		}

		// A good delivery: entries 3 and 4 are new, 2 is not.
		before := w.items()
		fetchesBefore := len(w.jobs("fetch"))
		good := w.pub.feed("", 4, 3, 2)
		if status := w.hub.deliver(callback, websub.Sign("sha256", sub.Secret, good), good); status != http.StatusAccepted {
			t.Fatalf("good delivery: %d, want 202", status)
		}
		added := w.items()
		if len(added) != len(before)+2 {
			t.Fatalf("good delivery: %d items, want %d", len(added), len(before)+2)
		}
		if got := w.jobArgs("fetch", "item_id"); len(got) != fetchesBefore+2 || !slices.Equal(got, added) {
			t.Errorf("fetch jobs %v, want one for each item %v", got, added)
		}
		if sub := w.sub(); sub.Deliveries != 1 || sub.LastDelivery.IsZero() || w.source(w.src.ID).ItemCount != len(added) {
			t.Errorf("delivery not recorded: %+v, source item count %d", sub, w.source(w.src.ID).ItemCount)
		}

		// Deliveries that are not authentic are answered alike and add nothing.
		forged := w.pub.feed("", 6, 5)
		_, goodHex, _ := strings.Cut(websub.Sign("sha256", sub.Secret, forged), "=")
		for _, c := range []struct {
			name, signature string
			body            []byte
		}{
			{"wrong secret", websub.Sign("sha256", "not-the-secret", forged), forged},
			{"missing signature", "", forged},
			{"unknown algorithm", "md5=" + goodHex, forged},
			{"signature of another body", websub.Sign("sha256", sub.Secret, good), forged},
			{"truncated signature", "sha256=" + goodHex[:32], forged},
		} {
			if status := w.hub.deliver(callback, c.signature, c.body); status != http.StatusAccepted {
				t.Errorf("%s: %d, want the same 202 as a good delivery", c.name, status)
			}
		}
		if status := w.hub.deliver(w.site.URL+"/websub/"+websub.NewToken(), websub.Sign("sha256", sub.Secret, forged), forged); status != http.StatusNotFound {
			t.Errorf("replay to an unknown token: %d, want 404", status)
		}
		if got := w.items(); !slices.Equal(got, added) {
			t.Errorf("rejected deliveries added items: %v, want %v", got, added)
		}
		if n := len(w.jobs("fetch")); n != len(added) {
			t.Errorf("rejected deliveries queued fetch jobs: %d, want %d", n, len(added))
		}
		if sub := w.sub(); sub.Ignored != 5 || sub.Deliveries != 1 || !strings.Contains(sub.LastError, "signature") {
			t.Errorf("refusals not counted: ignored %d, deliveries %d, last error %q", sub.Ignored, sub.Deliveries, sub.LastError)
		}
		// Any of the specification's algorithms will do.
		if status := w.hub.deliver(callback, websub.Sign("sha512", sub.Secret, forged), forged); status != http.StatusAccepted || len(w.items()) != len(added)+2 {
			t.Errorf("sha512 delivery: %d, %d items; want 202 and two more", status, len(w.items()))
		}
		// A body that is too large is refused before it is read in full.
		if status := w.hub.deliver(callback, "sha256=00", make([]byte, websub.MaxBody+1)); status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized delivery: %d, want 413", status)
		}

		// Pushed: polling is now the fallback, at least hourly.
		w.poll(w.src.ID)
		if src := w.source(w.src.ID); src.PollInterval != time.Hour || !strings.Contains(src.ScheduleNote, "WebSub") {
			t.Errorf("pushed source: interval %s (%q), want 1h as a fallback", src.PollInterval, src.ScheduleNote)
		}
		// The lease lapses: the feed's own pace returns.
		if _, err := s.DB().ExecContext(w.ctx, `UPDATE websub_subscriptions SET lease_until = $1 WHERE id = $2`, time.Now().Add(-time.Minute).UTC(), sub.ID); err != nil {
			t.Fatal(err)
		}
		w.poll(w.src.ID)
		if src := w.source(w.src.ID); src.PollInterval >= time.Hour {
			t.Errorf("lease lapsed: interval %s (%q), want the feed's pace again", src.PollInterval, src.ScheduleNote)
		}
	})
}

// TestWebSubRenewal: a lease is renewed a day before it ends, not before,
// and a hub granting short leases is not asked more than hourly.
func TestWebSubRenewal(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newPushWorld(t, s)
		w.pub.set("", w.hub.url(), 1, 2) // the hub in the document this time
		w.subscribe(10 * 24 * time.Hour)
		sub := w.sub()

		if n, err := w.p.RenewWebSub(w.ctx); err != nil || n != 0 {
			t.Fatalf("10 days of lease left: renewal queued %d (%v), want 0", n, err)
		}
		w.poll(w.src.ID)
		if n := len(w.jobs("websub_subscribe")); n != 0 {
			t.Errorf("a poll with 10 days of lease left queued %d subscriptions", n)
		}

		// 20 hours left, last asked 10 days ago.
		set := func(lease, requested time.Duration) {
			t.Helper()
			now := time.Now()
			if _, err := s.DB().ExecContext(w.ctx, `UPDATE websub_subscriptions SET lease_until = $1, requested_at = $2 WHERE id = $3`,
				now.Add(lease).UTC(), now.Add(requested).UTC(), sub.ID); err != nil {
				t.Fatal(err)
			}
		}
		set(20*time.Hour, -10*24*time.Hour)
		if n, err := w.p.RenewWebSub(w.ctx); err != nil || n != 1 {
			t.Fatalf("20 hours of lease left: renewal queued %d (%v), want 1", n, err)
		}
		if n, _ := w.p.RenewWebSub(w.ctx); n != 0 {
			t.Errorf("renewal already queued: queued %d more", n)
		}
		if err := w.p.Subscribe(w.ctx, w.src.ID); err != nil {
			t.Fatal(err)
		}
		w.done("websub_subscribe")
		if req := w.hub.request(1); req.Get("hub.mode") != "subscribe" || req.Get("hub.callback") != w.site.URL+"/websub/"+sub.Token {
			t.Errorf("renewal request %v, want a subscribe at the same callback", req)
		}
		if got := w.sub(); got.State != store.WebSubActive {
			t.Errorf("while renewing: %s, want still active", got.State)
		}

		// A hub granting one-hour leases is asked at most hourly.
		set(30*time.Minute, -10*time.Minute)
		if n, _ := w.p.RenewWebSub(w.ctx); n != 0 {
			t.Errorf("asked 10 minutes ago: renewal queued %d, want 0", n)
		}
	})
}

// TestWebSubDeniedAndMoved: a hub's denial marks the subscription denied,
// deliveries after it are ignored, polling goes on at the feed's pace and
// no new request is sent for a week; a feed that moves to another hub
// gets a new subscription, and the old hub is told, its unsubscription
// verified at the old callback.
func TestWebSubDeniedAndMoved(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newPushWorld(t, s)
		w.pub.set(w.hub.url(), "", 1, 2)
		oldCallback := w.subscribe(24 * time.Hour)
		old := w.sub()

		// The feed moves to another hub.
		hub2 := newFakeHub(t)
		w.pub.set(hub2.url(), "", 1, 2, 3)
		w.poll(w.src.ID)
		if got := w.subByID(old.ID); got.State != store.WebSubUnsubscribed {
			t.Fatalf("old subscription after the move: %s, want unsubscribed", got.State)
		}
		cur := w.sub()
		if cur.ID == old.ID || cur.Hub != hub2.url() || cur.Token == old.Token || cur.Secret == old.Secret {
			t.Fatalf("new subscription %+v, want a fresh one at %s", cur, hub2.url())
		}
		if got := w.jobArgs("websub_unsubscribe", "subscription_id"); !slices.Equal(got, []int64{old.ID}) {
			t.Fatalf("unsubscribe jobs %v, want one for %d", got, old.ID)
		}
		if err := w.p.Unsubscribe(w.ctx, old.ID); err != nil {
			t.Fatal(err)
		}
		if req := w.hub.request(1); req.Get("hub.mode") != "unsubscribe" || req.Get("hub.callback") != oldCallback {
			t.Fatalf("the old hub received %v, want an unsubscribe for %s", req, oldCallback)
		}
		q := url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {old.Topic}, "hub.challenge": {"bye"}}
		if status, body := w.hub.verify(oldCallback, q); status != http.StatusOK || body != "bye" {
			t.Errorf("unsubscription verified: %d %q, want 200 bye", status, body)
		}
		q.Set("hub.mode", "subscribe")
		if status, _ := w.hub.verify(oldCallback, q); status != http.StatusNotFound {
			t.Errorf("re-subscription at the old callback: %d, want 404", status)
		}
		items := w.items()
		stale := w.pub.feed("", 9)
		w.hub.deliver(oldCallback, websub.Sign("sha256", old.Secret, stale), stale)
		if got := w.items(); !slices.Equal(got, items) {
			t.Errorf("a delivery to the unsubscribed callback added items")
		}

		// The new hub verifies, then denies.
		if got := w.jobArgs("websub_subscribe", "source_id"); !slices.Equal(got, []int64{w.src.ID}) {
			t.Fatalf("subscribe jobs after the move %v, want one for the new hub", got)
		}
		if err := w.p.Subscribe(w.ctx, w.src.ID); err != nil {
			t.Fatal(err)
		}
		w.done("websub_subscribe")
		callback := hub2.request(0).Get("hub.callback")
		if status, _ := hub2.verify(callback, url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {cur.Topic}, "hub.challenge": {"x"}}); status != http.StatusNotFound {
			t.Errorf("unsubscribe verification we did not ask for: %d, want 404", status)
		}
		if status, _ := hub2.verify(callback, url.Values{"hub.mode": {"denied"}, "hub.topic": {cur.Topic}, "hub.reason": {"<b>quota</b> exceeded"}}); status != http.StatusOK {
			t.Fatalf("denial: %d, want 200", status)
		}
		denied := w.sub()
		if denied.State != store.WebSubDenied || !strings.Contains(denied.LastError, "quota") {
			t.Fatalf("after the denial: %s %q", denied.State, denied.LastError)
		}
		if status := hub2.deliver(callback, websub.Sign("sha256", denied.Secret, stale), stale); status != http.StatusAccepted || !slices.Equal(w.items(), items) {
			t.Errorf("a delivery after the denial: %d, items changed %v", status, !slices.Equal(w.items(), items))
		}
		w.pub.set(hub2.url(), "", 1, 2, 3, 4)
		w.poll(w.src.ID)
		src := w.source(w.src.ID)
		if src.ErrorCount != 0 || src.PollInterval >= time.Hour || len(w.items()) != len(items)+1 {
			t.Errorf("polling after the denial: errors %d, interval %s, %d items (want %d)", src.ErrorCount, src.PollInterval, len(w.items()), len(items)+1)
		}
		if n := len(w.jobs("websub_subscribe")); n != 0 {
			t.Errorf("a poll right after a denial queued %d subscriptions", n)
		}
		if n, _ := w.p.RenewWebSub(w.ctx); n != 0 {
			t.Errorf("renewal right after a denial queued %d", n)
		}

		// A week later the hub is asked again, and may verify this time.
		if _, err := s.DB().ExecContext(w.ctx, `UPDATE websub_subscriptions SET state_at = $1 WHERE id = $2`,
			time.Now().Add(-8*24*time.Hour).UTC(), denied.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.p.RenewWebSub(w.ctx); n != 1 {
			t.Fatalf("a week after the denial: renewal queued %d, want 1", n)
		}
		if err := w.p.Subscribe(w.ctx, w.src.ID); err != nil {
			t.Fatal(err)
		}
		if req := hub2.request(1); req.Get("hub.mode") != "subscribe" || w.sub().State != store.WebSubPending {
			t.Fatalf("asking again: hub received %v, state %s; want a subscribe and pending", req, w.sub().State)
		}
		q = url.Values{"hub.mode": {"subscribe"}, "hub.topic": {cur.Topic}, "hub.challenge": {"again"}, "hub.lease_seconds": {"3600"}}
		if status, body := hub2.verify(callback, q); status != http.StatusOK || body != "again" || w.sub().State != store.WebSubActive {
			t.Errorf("verification after asking again: %d %q, state %s", status, body, w.sub().State)
		}
	})
}
