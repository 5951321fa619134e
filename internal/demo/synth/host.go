package synth

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A host is one outlet's server on its own loopback address.
type host struct {
	id   int
	ip   string
	addr string // ip:port once listening
	name string
	kind hostKind
	ref  *referee
	hub  *hub // its own WebSub hub at /hub, when one of its feeds names it

	mu          sync.Mutex
	lastAllowed time.Time // a throttling host serves one request per throttleGap
	counts      counts
}

// A throttling host serves at most one request per throttleGap and
// answers any other with 429 and a Retry-After of throttleWait; a slow host
// answers after slowDelay, or trickles a byte per trickleEvery.
const (
	throttleGap  = 5 * time.Second
	throttleWait = 30 * time.Second
	slowDelay    = 30 * time.Second
	trickleEvery = 500 * time.Millisecond
	trickleFor   = 60 * time.Second
)

// counts are what a host answered.
type counts struct {
	feeds, pages, other int
	byStatus            map[int]int
	bytes               int64
}

// ServeHTTP answers a request on any host: the referee sees it first, then
// the host behaves as its kind says.
func (w *World) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	h := w.hostOf(r)
	if h == nil {
		http.NotFound(rw, r)
		return
	}
	now := time.Now()
	done := h.ref.arrive(now, r.URL.Path)
	defer func() { done(r.Context().Err() != nil) }()
	rec := &recorder{ResponseWriter: rw, status: http.StatusOK}
	defer h.count(r.URL.Path, rec)

	switch h.kind {
	case hostFailing:
		http.Error(rec, "internal server error", http.StatusInternalServerError)
		return
	case hostSlow:
		if h.id%2 == 0 {
			select {
			case <-time.After(slowDelay):
			case <-r.Context().Done():
				return
			}
		} else {
			trickle(rec, r)
			return
		}
	case hostThrottling:
		if wait, ok := h.throttle(now); !ok {
			rec.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
			http.Error(rec, "too many requests", http.StatusTooManyRequests)
			return
		}
	}
	w.route(rec, r, h)
}

func (w *World) route(rw http.ResponseWriter, r *http.Request, h *host) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.URL.Path == "/hub" && h.hub != nil:
		w.serveHub(rw, r, h.hub)
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
	case r.URL.Path == "/robots.txt":
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(rw, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/":
		w.serveHome(rw, r, h)
	case len(parts) == 3 && parts[0] == "feeds":
		f := w.feedAt(parts[1])
		if f == nil || f.host != h || f.path() != r.URL.Path {
			http.NotFound(rw, r)
			return
		}
		w.serveFeed(rw, r, f)
	case len(parts) == 4 && parts[0] == "news":
		f := w.feedAt(parts[1])
		n, err := strconv.Atoi(parts[2])
		if f == nil || f.host != h || err != nil {
			http.NotFound(rw, r)
			return
		}
		e := w.entryOf(f, n)
		if e == nil || e.path() != r.URL.Path {
			http.NotFound(rw, r)
			return
		}
		w.servePage(rw, r, e)
	default:
		http.NotFound(rw, r)
	}
}

// entryOf returns f's n'th entry if it is published and shown.
func (w *World) entryOf(f *feed, n int) *entry {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.upTo(f, time.Now())
	i := sort.Search(len(f.entries), func(i int) bool { return f.entries[i].n >= n })
	if i == len(f.entries) || f.entries[i].n != n {
		return nil
	}
	return f.entries[i]
}

// throttle reports whether the host serves a request now, or how long the
// client is asked to wait.
func (h *host) throttle(now time.Time) (time.Duration, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now.Sub(h.lastAllowed) >= throttleGap && !h.ref.blocked(now) {
		h.lastAllowed = now
		return 0, true
	}
	return h.ref.block(now, throttleWait), false
}

func (rf *referee) blocked(now time.Time) bool {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return now.Before(rf.blockedTill)
}

// trickle sends a feed-looking body one byte at a time until the client
// gives up or trickleFor has passed.
func trickle(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "application/rss+xml")
	rw.WriteHeader(http.StatusOK)
	fl, _ := rw.(http.Flusher)
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>`
	t := time.NewTicker(trickleEvery)
	defer t.Stop()
	stop := time.After(trickleFor)
	for i := 0; ; i++ {
		select {
		case <-r.Context().Done():
			return
		case <-stop:
			return
		case <-t.C:
		}
		rw.Write([]byte{body[i%len(body)]})
		if fl != nil {
			fl.Flush()
		}
	}
}

func (h *host) count(path string, rec *recorder) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case strings.HasPrefix(path, "/feeds/"):
		h.counts.feeds++
	case strings.HasPrefix(path, "/news/"):
		h.counts.pages++
	default:
		h.counts.other++
	}
	if h.counts.byStatus == nil {
		h.counts.byStatus = map[int]int{}
	}
	h.counts.byStatus[rec.status]++
	h.counts.bytes += rec.bytes
}

// recorder notes the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if fl, ok := r.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// writeBody sends body, gzipped when the client accepts it, as most news
// sites do.
func writeBody(rw http.ResponseWriter, r *http.Request, body []byte) {
	h := rw.Header()
	h.Set("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var buf strings.Builder
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		h.Set("Content-Encoding", "gzip")
		body = []byte(buf.String())
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rw.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		rw.Write(body)
	}
}

// serveHome lists the host's feeds, so a person can find their way.
func (w *World) serveHome(rw http.ResponseWriter, r *http.Request, h *host) {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1><ul>\n", h.name, h.name)
	for i := h.id; i < len(w.feeds); i += len(w.hosts) {
		f := w.feeds[i]
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", f.path(), f.section())
	}
	b.WriteString("</ul></body></html>\n")
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	writeBody(rw, r, []byte(b.String()))
}
