package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"beatdesk"
	"beatdesk/internal/demo/synth"
	"beatdesk/internal/ingest/feed"
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
	"beatdesk/internal/web"
)

// pushCallback is bench ingest's WebSub callback: the real /websub/
// handler (package web/push) on a loopback address, the only part of the
// web server a worker needs to take deliveries. It notes which entries
// arrived by push, so the figures can tell push from polling.
type pushCallback struct {
	ln   net.Listener
	base string // http://127.0.0.1:port, the base URL hubs call back at
	srv  *http.Server
	once sync.Once

	mu     sync.Mutex
	pushed map[string]bool // GUIDs a delivery added
}

func listenCallback() (*pushCallback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: cannot listen on loopback for WebSub deliveries: %w", err)
	}
	return &pushCallback{ln: ln, base: "http://" + ln.Addr().String(), pushed: map[string]bool{}}, nil
}

// serve answers hubs at /websub/ with a's pipeline taking the deliveries.
func (c *pushCallback) serve(a *app) {
	deliver := func(ctx context.Context, sub store.WebSub, body []byte) (int, error) {
		guids, known := c.known(ctx, a.store, sub, body)
		n, err := a.queue.Deliver(ctx, sub, body)
		// The delivery added the entries unknown before it, unless a
		// poll of the same feed added some meanwhile (then n is short,
		// and which were whose cannot be told: none is credited to push).
		var fresh []string
		for _, g := range guids {
			if !known[g] {
				fresh = append(fresh, g)
			}
		}
		if err == nil && n > 0 && n == len(fresh) {
			c.mu.Lock()
			for _, g := range fresh {
				c.pushed[g] = true
			}
			c.mu.Unlock()
		}
		return n, err
	}
	mux := http.NewServeMux()
	mux.Handle("/websub/", web.New(a.store, web.Options{Logger: a.log, Deliver: deliver}))
	c.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go c.srv.Serve(c.ln)
}

// known reads a delivery's entries and which of them the source had
// already. It is the bench's bookkeeping, not the pipeline's: a body that
// is no feed is left to Deliver to refuse.
func (c *pushCallback) known(ctx context.Context, s *store.Store, sub store.WebSub, body []byte) ([]string, map[string]bool) {
	f, err := feed.Parse(body, sub.Topic)
	if err != nil {
		return nil, nil
	}
	guids := make([]string, len(f.Entries))
	for i, e := range f.Entries {
		guids[i] = e.GUID
	}
	var known map[string]bool
	if err := s.View(ctx, func(tx *store.Tx) (err error) { known, err = tx.KnownGUIDs(ctx, sub.SourceID, guids); return err }); err != nil {
		return nil, nil
	}
	return guids, known
}

func (c *pushCallback) pushedGUIDs() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]bool, len(c.pushed))
	for g := range c.pushed {
		out[g] = true
	}
	return out
}

// close stops answering hubs (their later deliveries fail, as to any
// subscriber that went away).
func (c *pushCallback) close() {
	c.once.Do(func() {
		if c.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c.srv.Shutdown(ctx)
			return
		}
		c.ln.Close()
	})
}

// subscriptionFigures are the newsroom's subscriptions at the end.
type subscriptionFigures struct {
	active, pending, denied int
	delivered, ignored      int // deliveries processed, and refused (signature)
}

func webSubFigures(ctx context.Context, s *store.Store) (subscriptionFigures, error) {
	var out subscriptionFigures
	err := s.View(ctx, func(tx *store.Tx) error {
		subs, err := tx.WebSubsBySource(ctx)
		for _, w := range subs {
			switch w.State {
			case store.WebSubActive:
				out.active++
			case store.WebSubPending:
				out.pending++
			case store.WebSubDenied:
				out.denied++
			}
			out.delivered += w.Deliveries
			out.ignored += w.Ignored
		}
		return err
	})
	return out, err
}

// pushFigures split the window's entries by how they reached the newsroom.
type pushFigures struct {
	pushedShare float64 // of the entries made searchable, those a delivery brought
	pushedP95   float64 // publication to searchable, p95, of those
	polledP95   float64 // and of the others
	hubShare    float64 // of the reachable entries published, those of feeds naming a hub
}

// measurePush splits the window's entries made searchable (as measure
// counts them) into those a delivery brought and those a poll found.
func measurePush(published []synth.Published, ingested []store.Ingested, pushed map[string]bool, t0, t1 time.Time) pushFigures {
	at := make(map[string]time.Time, len(published))
	reachable, hub := 0, 0
	for _, p := range published {
		if !p.At.Before(t0) && !p.At.After(t1) {
			at[p.GUID] = p.At
			if p.Reachable {
				reachable++
				if p.Hub {
					hub++
				}
			}
		}
	}
	var viaPush, viaPoll []float64
	for _, in := range ingested {
		pub, ok := at[in.GUID]
		if !ok || in.IndexedAt.After(t1) {
			continue
		}
		d := in.IndexedAt.Sub(pub).Seconds()
		if pushed[in.GUID] {
			viaPush = append(viaPush, d)
		} else {
			viaPoll = append(viaPoll, d)
		}
	}
	return pushFigures{pushedShare: round(share(len(viaPush), len(viaPush)+len(viaPoll)), 4),
		pushedP95: round(percentile(viaPush, 0.95), 1), polledP95: round(percentile(viaPoll, 0.95), 1),
		hubShare: round(share(hub, reachable), 4)}
}

// seedSubscriptions gives a warm start the subscriptions a newsroom that
// has been polling the feeds would hold: one for each hub its polls found,
// verified by the hub with the lease beatdesk asks for, recorded in the
// store and at the hub (through the world's admin, as the history is).
// Without them a warm start would spend its first minutes subscribing,
// at one request a second to each shared hub service, and measure that
// instead of steady state; cold starts, and the tests of packages jobs
// and synth, go through discovery and verification.
func seedSubscriptions(ctx context.Context, world *worldProcess, s *store.Store, ids []int64, sources []beatdesk.Source, base string) (int, error) {
	var hubs []synth.FeedHub
	if err := world.get(ctx, "/hubs", &hubs); err != nil {
		return 0, err
	}
	standing := make([]synth.Standing, 0, len(hubs))
	err := s.Update(ctx, func(tx *store.Tx) error {
		for _, fh := range hubs {
			if fh.Feed < 0 || fh.Feed >= len(ids) {
				return fmt.Errorf("bench: the world names a hub for feed %d of %d", fh.Feed, len(ids))
			}
			// The hub and topic as a poll reads them, so that polls find
			// the subscription they would have made.
			hub, topic := websub.Discover(nil, fh.Hub, fh.Topic, sources[fh.Feed].FeedURL)
			w, err := tx.AddWebSub(ctx, store.WebSub{SourceID: ids[fh.Feed], Hub: hub, Topic: topic, Token: websub.NewToken(), Secret: websub.NewSecret()})
			if err != nil {
				return err
			}
			if err := tx.WebSubRequested(ctx, w.ID, ""); err != nil {
				return err
			}
			if err := tx.ActivateWebSub(ctx, w.ID, websub.Lease); err != nil {
				return err
			}
			standing = append(standing, synth.Standing{Topic: fh.Topic, Callback: strings.TrimRight(base, "/") + "/websub/" + w.Token,
				Secret: w.Secret, LeaseSeconds: int64(websub.Lease / time.Second)})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var leases []int64
	if err := world.post(ctx, "/subscriptions", standing, &leases); err != nil {
		return 0, err
	}
	for _, l := range leases {
		if time.Duration(l)*time.Second != websub.Lease {
			return 0, fmt.Errorf("bench: a hub granted a lease of %ds, not the %s asked for; the store assumed it would", l, websub.Lease)
		}
	}
	return len(standing), nil
}

// post sends v as JSON to the world's admin and reads its answer into out.
func (wp *worldProcess) post(ctx context.Context, path string, v, out any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, wp.hello.Admin+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("bench: telling the world %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("bench: the world answered %s for %s: %s", resp.Status, path, bytes.TrimSpace(msg))
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
