package synth

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Stats is what the world saw of its client.
type Stats struct {
	Started       time.Time `json:"started"`
	Now           time.Time `json:"now"`
	FeedRequests  int       `json:"feed_requests"`
	PageRequests  int       `json:"page_requests"`
	OtherRequests int       `json:"other_requests"`
	// RepeatPolls are feed requests after the feed had served a 200
	// with validators; ConditionalRepeats those of them that carried
	// If-None-Match or If-Modified-Since.
	RepeatPolls        int            `json:"repeat_polls"`
	ConditionalRepeats int            `json:"conditional_repeats"`
	NotModified        int            `json:"not_modified"` // 304s served to feed requests
	ByStatus           map[string]int `json:"by_status"`
	BytesSent          int64          `json:"bytes_sent"`
	Published          int            `json:"published"` // entries published since the start
	Violations         Violations     `json:"violations"`
	ViolatingHosts     map[string]int `json:"violating_hosts"` // by host kind
	MaxInFlight        int            `json:"max_in_flight"`   // most requests in flight to one host
	MaxPerSecond       int            `json:"max_per_second"`  // most requests to one host within one second
	Examples           []string       `json:"examples,omitempty"`
	HostsByKind        map[string]int `json:"hosts_by_kind"`
	// Hubs is what the WebSub hubs did (hub.go). Their deliveries are
	// not requests to a host: the referee and the counts above leave
	// them out, and a shared hub service's own address is refereed
	// like any host.
	Hubs HubStats `json:"hubs"`
}

// Stats adds up every host's and feed's counters now.
func (w *World) Stats() Stats {
	now := time.Now()
	st := Stats{Started: w.start, Now: now.UTC(), ByStatus: map[string]int{}, HostsByKind: map[string]int{}, ViolatingHosts: map[string]int{}}
	for _, h := range w.hosts {
		st.HostsByKind[h.kind.String()]++
		h.mu.Lock()
		st.FeedRequests += h.counts.feeds
		st.PageRequests += h.counts.pages
		st.OtherRequests += h.counts.other
		st.BytesSent += h.counts.bytes
		for code, n := range h.counts.byStatus {
			st.ByStatus[strconv.Itoa(code)] += n
		}
		h.mu.Unlock()
		rf := h.ref
		rf.mu.Lock()
		st.Violations.Concurrency += rf.violations.Concurrency
		st.Violations.Rate += rf.violations.Rate
		st.Violations.RetryAfter += rf.violations.RetryAfter
		if rf.violations.Total() > 0 {
			st.ViolatingHosts[h.kind.String()]++
		}
		st.MaxInFlight = max(st.MaxInFlight, rf.maxInflight)
		st.MaxPerSecond = max(st.MaxPerSecond, rf.maxWindow)
		if len(st.Examples) < 10 {
			for _, ex := range rf.examples {
				st.Examples = append(st.Examples, h.addr+" ("+h.kind.String()+") "+ex)
			}
		}
		rf.mu.Unlock()
	}
	for _, h := range w.hubs {
		h.mu.Lock()
		st.Hubs.add(h.stats)
		st.Hubs.Hubs++
		for _, subs := range h.subs {
			for _, s := range subs {
				if s.until.After(now) {
					st.Hubs.Subscriptions++
				}
			}
		}
		h.mu.Unlock()
		if !h.shared {
			continue // its host's referee is counted above
		}
		rf := h.ref
		rf.mu.Lock()
		st.Violations.Concurrency += rf.violations.Concurrency
		st.Violations.Rate += rf.violations.Rate
		st.Violations.RetryAfter += rf.violations.RetryAfter
		if rf.violations.Total() > 0 {
			st.ViolatingHosts["hub service"]++
		}
		st.MaxInFlight = max(st.MaxInFlight, rf.maxInflight)
		st.MaxPerSecond = max(st.MaxPerSecond, rf.maxWindow)
		for _, ex := range rf.examples {
			if len(st.Examples) < 10 {
				st.Examples = append(st.Examples, h.addr+" (hub service) "+ex)
			}
		}
		rf.mu.Unlock()
	}
	for _, f := range w.feeds {
		f.mu.Lock()
		w.upTo(f, now)
		st.RepeatPolls += f.stats.repeats
		st.ConditionalRepeats += f.stats.conditional
		st.NotModified += f.stats.notModified
		if f.hub != nil {
			st.Hubs.Feeds++
		}
		for i := len(f.entries) - 1; i >= 0 && !f.entries[i].history; i-- {
			st.Published++
		}
		f.mu.Unlock()
	}
	return st
}

// A Published entry is one article the world published, as the bench
// matches it against what the newsroom made searchable.
type Published struct {
	GUID string    `json:"guid"`
	URL  string    `json:"url"`
	Feed int       `json:"feed"`
	At   time.Time `json:"at"`
	// History: published before the world started (only with
	// Config.History).
	History bool `json:"history,omitempty"`
	// Reachable: a polite, working client can fetch its feed and page
	// (not on a failing or slow host, not in a feed that is not XML, not
	// a 6 MB page or a gzip bomb).
	Reachable bool `json:"reachable"`
	Wire      bool `json:"wire,omitempty"`
	Hub       bool `json:"hub,omitempty"` // its feed names a WebSub hub
	Story     int  `json:"story"`         // -1 for local news
}

// Published lists every entry published so far, oldest feed first.
func (w *World) Published() []Published {
	now := time.Now()
	var out []Published
	for _, f := range w.feeds {
		f.mu.Lock()
		w.upTo(f, now)
		for _, e := range f.entries {
			p := Published{GUID: e.guid(), URL: e.url(), Feed: f.id, At: e.published, History: e.history, Wire: e.wire, Story: -1, Hub: f.hub != nil,
				Reachable: !f.broken && e.kind == pageNormal && (f.host.kind == hostNormal || f.host.kind == hostThrottling)}
			if e.story != nil {
				p.Story = e.story.id
			}
			out = append(out, p)
		}
		f.mu.Unlock()
	}
	return out
}

// AdminHandler serves the world's bookkeeping as JSON:
//
//	GET /sources    the feeds, as beatdesk sources
//	GET /stats      Stats
//	GET /published  every entry published so far ([]Published)
//	GET /hubs       the hubs a newsroom polling the feeds knows of ([]FeedHub)
//	POST /subscriptions  standing subscriptions ([]Standing) to record at
//	                the hubs; answers the lease granted to each, in seconds
func (w *World) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sources", func(rw http.ResponseWriter, r *http.Request) { writeJSON(rw, w.Sources()) })
	mux.HandleFunc("GET /stats", func(rw http.ResponseWriter, r *http.Request) { writeJSON(rw, w.Stats()) })
	mux.HandleFunc("GET /published", func(rw http.ResponseWriter, r *http.Request) { writeJSON(rw, w.Published()) })
	mux.HandleFunc("GET /hubs", func(rw http.ResponseWriter, r *http.Request) { writeJSON(rw, w.KnownHubs()) })
	mux.HandleFunc("POST /subscriptions", func(rw http.ResponseWriter, r *http.Request) {
		var subs []Standing
		if err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, 64<<20)).Decode(&subs); err != nil {
			http.Error(rw, "want a JSON list of subscriptions: "+err.Error(), http.StatusBadRequest)
			return
		}
		leases, err := w.Stand(subs)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		secs := make([]int64, len(leases))
		for i, l := range leases {
			secs[i] = int64(l / time.Second)
		}
		writeJSON(rw, secs)
	})
	return mux
}

func writeJSON(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json")
	json.NewEncoder(rw).Encode(v)
}
