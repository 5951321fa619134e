package synth

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A feed is one outlet section's feed on a host. Its entries appear as a
// Poisson process of rate `rate`, generated when first asked for.
type feed struct {
	id         int
	host       *host
	lang       string
	rate       float64 // entries a second
	atom       bool
	validators bool          // gives ETag and Last-Modified, answers 304
	maxAge     time.Duration // Cache-Control max-age, 0 for none
	ttl        int           // RSS ttl in minutes, 0 for none
	broken     bool          // answers with something that is not a feed
	hub        *hub          // the WebSub hub it names; nil for none
	hubHeader  bool          // names it in a Link header as well as in the feed

	mu        sync.Mutex
	arrivals  *rand.Rand
	next      time.Time // publication time of the next entry not yet made
	nextAt    time.Time // its exact arrival time; next is that rounded up to a second
	made      int       // entries made so far, shown or not
	entries   []*entry  // shown entries, oldest first
	rendered  []byte    // the feed as of len(entries), nil when stale
	stats     feedStats
	announced int // entries the hub has been told of (hub.go)
}

type feedStats struct {
	requests, repeats, conditional, notModified int
	validated                                   bool // a 200 with validators was served
}

// pageKind is what an entry's link serves.
type pageKind int

const (
	pageNormal pageKind = iota
	pageHuge
	pageBomb
)

// An entry is one published article.
type entry struct {
	feed      *feed
	n         int
	published time.Time
	history   bool   // published before the world started
	story     *story // nil for local news
	wire      bool   // runs its story's current dispatch word for word
	seed      uint64 // of its text (shared by every run of one dispatch)
	words     int
	size      int // target page size in bytes
	kind      pageKind
	title     string
	summary   string
}

func (f *feed) section() string {
	return vocabs[f.lang].nav[f.id%len(vocabs[f.lang].nav)]
}

func (f *feed) path() string {
	if f.atom {
		return fmt.Sprintf("/feeds/%d/atom.xml", f.id)
	}
	return fmt.Sprintf("/feeds/%d/rss.xml", f.id)
}

func (f *feed) url() string { return "http://" + f.host.addr + f.path() }

// advance draws the next arrival time. It is published at the next whole
// second, so the feed's pubDate (to the second) is exact.
func (f *feed) advance() {
	gap := time.Duration(f.arrivals.ExpFloat64() / f.rate * float64(time.Second))
	f.nextAt = f.nextAt.Add(gap)
	f.next = f.nextAt.Truncate(time.Second)
	if f.next.Before(f.nextAt) {
		f.next = f.next.Add(time.Second)
	}
}

// upTo makes every entry published by now. The caller holds f.mu.
func (w *World) upTo(f *feed, now time.Time) {
	if !w.begun.Load() {
		return // nothing is published before Begin
	}
	for !f.next.After(now) {
		e := w.makeEntry(f, f.made, f.next)
		f.made++
		f.advance()
		if e.history && !w.cfg.History {
			continue
		}
		f.entries = append(f.entries, e)
		f.rendered = nil
	}
}

// makeEntry decides everything about the n'th entry of f, from f's stream.
func (w *World) makeEntry(f *feed, n int, at time.Time) *entry {
	r := f.arrivals
	e := &entry{feed: f, n: n, published: at, history: at.Before(w.start)}
	u, v := r.Float64(), r.Float64()
	if u < storyShare {
		e.story = w.stories.pick(at, v)
	}
	e.wire = e.story != nil && r.Float64() < wireShare
	e.words = 300 + r.IntN(601)
	e.size = 30<<10 + r.IntN(70<<10)
	switch x := r.Float64(); {
	case w.cfg.Calm:
	case x < hugeShare:
		e.kind = pageHuge
	case x < hugeShare+bombShare:
		e.kind = pageBomb
	}
	e.seed = mix(w.cfg.Seed, tagSingle, uint64(f.id), uint64(n))
	if e.wire {
		// Every feed in this language running the story's current
		// dispatch prints the same text, headline and length.
		j := uint64(at.Sub(e.story.born) / wireEvery)
		e.seed = mix(w.cfg.Seed, tagWire, uint64(e.story.id), j, uint64(langIndex(f.lang)))
		e.words = 300 + int(e.seed%601)
	}
	t := article(vocabs[f.lang], e.seed, e.story, 1)
	e.title = t.title
	e.summary, _, _ = strings.Cut(t.paras[0], ". ")
	return e
}

func langIndex(lang string) int {
	for i, s := range langShares {
		if s.lang == lang {
			return i
		}
	}
	return 0
}

func (e *entry) guid() string {
	return fmt.Sprintf("urn:beatdesk-synth:f%d:e%d", e.feed.id, e.n)
}

func (e *entry) path() string {
	return fmt.Sprintf("/news/%d/%d/%s.html", e.feed.id, e.n, slugOf(e.title))
}

func (e *entry) url() string { return "http://" + e.feed.host.addr + e.path() }

// latest returns the feed's newest entries, newest first.
func (f *feed) latest() []*entry {
	n := min(len(f.entries), feedLen)
	out := make([]*entry, n)
	for i := range n {
		out[i] = f.entries[len(f.entries)-1-i]
	}
	return out
}

// validatorsOf returns the feed's ETag and Last-Modified now.
func (w *World) validatorsOf(f *feed) (etag string, modified time.Time) {
	modified = w.start
	if len(f.entries) > 0 {
		modified = f.entries[len(f.entries)-1].published
	}
	return fmt.Sprintf(`"f%d-%d"`, f.id, len(f.entries)), modified
}

// serveFeed answers a poll, conditionally when the feed gives validators,
// and counts it for the referee's conditional-request figures.
func (w *World) serveFeed(rw http.ResponseWriter, r *http.Request, f *feed) {
	f.mu.Lock()
	w.upTo(f, time.Now())
	f.stats.requests++
	conditional := r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""
	if f.stats.validated {
		f.stats.repeats++
		if conditional {
			f.stats.conditional++
		}
	}
	if f.broken {
		f.stats.validated = f.stats.validated || f.validators
		f.mu.Unlock()
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.WriteHeader(http.StatusOK)
		fmt.Fprint(rw, "<!DOCTYPE html><html><body><h1>We have moved!</h1><p>Our feeds are now on our app.</p></body></html>")
		return
	}
	h := rw.Header()
	if f.hub != nil && f.hubHeader {
		h.Set("Link", "<"+f.hub.url()+`>; rel="hub", <`+f.url()+`>; rel="self"`)
	}
	if f.validators {
		etag, modified := w.validatorsOf(f)
		h.Set("ETag", etag)
		h.Set("Last-Modified", modified.Format(http.TimeFormat))
		if f.maxAge > 0 {
			h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(f.maxAge/time.Second)))
		}
		if notModified(r, etag, modified) {
			f.stats.notModified++
			f.mu.Unlock()
			rw.WriteHeader(http.StatusNotModified)
			return
		}
		f.stats.validated = true
	}
	body := w.rendered(f)
	f.mu.Unlock()
	h.Set("Content-Type", f.contentType())
	writeBody(rw, r, body)
}

// rendered returns the feed's document as it stands. The caller holds
// f.mu and has called upTo.
func (w *World) rendered(f *feed) []byte {
	if f.rendered == nil {
		var modified time.Time
		if f.validators {
			_, modified = w.validatorsOf(f)
		}
		f.rendered = w.renderFeed(f, modified)
	}
	return f.rendered
}

func (f *feed) contentType() string {
	if f.atom {
		return "application/atom+xml; charset=utf-8"
	}
	return "application/rss+xml; charset=utf-8"
}

// feedBody is the feed as a hub fetches it: not a request, so neither
// counted nor refereed.
func (w *World) feedBody(f *feed) (body []byte, contentType string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.upTo(f, time.Now())
	return w.rendered(f), f.contentType()
}

// notModified applies RFC 9110's precedence: If-None-Match when present,
// otherwise If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if strings.TrimPrefix(strings.TrimSpace(t), "W/") == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.After(t)
	}
	return false
}

// renderFeed writes the feed's latest entries as RSS 2.0 or Atom.
func (w *World) renderFeed(f *feed, modified time.Time) []byte {
	var b strings.Builder
	site := "http://" + f.host.addr + "/"
	title := html.EscapeString(f.host.name + ": " + f.section())
	if f.atom {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">
<title>%s</title><id>%s</id><link href="%s"/><link rel="self" href="%s"/><updated>%s</updated>
`, f.lang, title, f.url(), site, f.url(), modified.Format(time.RFC3339))
		if f.hub != nil {
			fmt.Fprintf(&b, "<link rel=\"hub\" href=\"%s\"/>\n", f.hub.url())
		}
		for _, e := range f.latest() {
			fmt.Fprintf(&b, `<entry><title>%s</title><id>%s</id><link href="%s"/><published>%s</published><updated>%s</updated><author><name>%s</name></author><summary>%s</summary></entry>
`, html.EscapeString(e.title), e.guid(), e.url(), e.published.Format(time.RFC3339), e.published.Format(time.RFC3339),
				html.EscapeString(e.author()), html.EscapeString(e.summary))
		}
		b.WriteString("</feed>\n")
		return []byte(b.String())
	}
	ns, links := "", ""
	if f.hub != nil {
		// RSS borrows Atom's link element for WebSub discovery.
		ns = ` xmlns:atom="http://www.w3.org/2005/Atom"`
		links = fmt.Sprintf("<atom:link rel=\"hub\" href=\"%s\"/><atom:link rel=\"self\" href=\"%s\" type=\"application/rss+xml\"/>\n", f.hub.url(), f.url())
	}
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"%s><channel><title>%s</title><link>%s</link><description>%s</description><language>%s</language><lastBuildDate>%s</lastBuildDate>
%s`, ns, title, site, html.EscapeString(vocabs[f.lang].labels.Fictional), f.lang, modified.Format(time.RFC1123Z), links)
	if f.ttl > 0 {
		fmt.Fprintf(&b, "<ttl>%d</ttl>\n", f.ttl)
	}
	for _, e := range f.latest() {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><pubDate>%s</pubDate><description>%s</description></item>
`, html.EscapeString(e.title), e.url(), e.guid(), e.published.Format(time.RFC1123Z), html.EscapeString(e.summary))
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// author is the byline: a wire dispatch is the agency's.
func (e *entry) author() string {
	if e.wire {
		return "Synthetic Wire Service"
	}
	r := newRand(e.seed, 7)
	return inventName(r, 2) + " " + inventName(r, 3)
}
