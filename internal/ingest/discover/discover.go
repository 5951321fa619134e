// Package discover finds the feeds of a site from whatever address a person
// pastes: the feed itself, the homepage, a section page, or a bare host
// name. It backs `beatdesk source add URL`.
//
// Feeds looks, in order, and stops as soon as a step finds a main feed (one
// that is not a comments feed), so a site is asked as little as possible:
//
//  1. the address itself, when it is a feed or a sitemap;
//  2. the page's <link rel="alternate"> feeds (RSS, Atom, RDF, JSON Feed);
//  3. links in the page that look like feeds ("RSS", /feed, *.rss, ...),
//     following one of them a level down when it is a page listing the
//     site's feeds, as many news sites have;
//  4. the usual addresses of feed software at the site's root (CommonPaths);
//  5. news sitemaps: the Sitemap: lines of robots.txt, then
//     /sitemap_news.xml and /news-sitemap.xml.
//
// Every candidate is fetched and parsed before it is offered, and Feeds
// makes at most MaxRequests requests. Candidates come best first: feeds
// before sitemaps, a site-wide feed before section, category and tag
// feeds, and comments feeds dropped when a main feed exists.
//
// Discover fetches nothing itself: the caller passes a getter, so that the
// safe fetcher (address checks, caps, politeness) is the only way out.
package discover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"beatdesk"
	"beatdesk/internal/ingest/canon"
	"beatdesk/internal/ingest/feed"
	"beatdesk/internal/ingest/sitemap"
)

// The kinds of Candidate.
const (
	KindRSS     = "rss" // RSS 0.9x, 1.0 (RDF) or 2.0
	KindAtom    = "atom"
	KindJSON    = "json" // JSON Feed
	KindSitemap = "sitemap"
)

// A Candidate is a feed or news sitemap found for a site, checked by
// fetching and parsing it.
type Candidate struct {
	URL   string // the address to poll (after redirects)
	Title string // the feed's own title, else the page's name for it; "" if neither
	Kind  string // KindRSS, KindAtom, KindJSON or KindSitemap
}

// A GetFunc fetches url and returns the address it ended at after
// redirects, the Content-Type and the (decompressed, capped) body. It must
// return an error for any answer that is not a success.
type GetFunc func(ctx context.Context, url string) (finalURL, contentType string, body []byte, err error)

// MaxRequests caps the requests one call of Feeds makes.
const MaxRequests = 20

// CommonPaths are where feed software puts a site's main feed (WordPress,
// Ghost, Jekyll, Hugo, Blogger, ...), tried at the site's root.
var CommonPaths = []string{"/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/feeds/posts/default"}

// newsSitemapPaths are tried when robots.txt names no news sitemap.
var newsSitemapPaths = []string{"/sitemap_news.xml", "/news-sitemap.xml"}

const op = "discover.Feeds"

// Steps, in the order they are tried; they also order candidates.
const (
	stepPage = iota
	stepLinkTags
	stepAnchors
	stepCommonPaths
	stepSitemaps
)

// found is a candidate with what ranks it.
type found struct {
	Candidate
	step     int
	order    int
	score    int
	comments bool
}

// finder is one run of Feeds.
type finder struct {
	ctx      context.Context
	get      GetFunc
	requests int
	asked    map[string]bool // URLs requested, by canonical form
	have     map[string]bool // candidate URLs, by canonical form
	found    []found
}

// Feeds finds the feeds of the site at pageURL ("example.com" means
// https://example.com/). It returns the candidates best first, or an error:
// of kind beatdesk.ErrInvalid when pageURL is not a web address or is a
// feed or sitemap that cannot be read; of kind beatdesk.ErrNotFound when
// the site offers no feed; the getter's error, wrapped, when the page
// itself cannot be fetched; the context's error when it ends.
func Feeds(ctx context.Context, get GetFunc, pageURL string) ([]Candidate, error) {
	raw := strings.TrimSpace(pageURL)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	page := canon.Resolve("", raw)
	if page == "" {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "%q is not a web address; give one such as https://example.com/", clip(pageURL, 200))
	}
	f := &finder{ctx: ctx, get: get, asked: map[string]bool{}, have: map[string]bool{}}

	final, ctype, body, err := f.fetch(page)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	kind := sniff(body)
	if kind == "" && strings.Contains(strings.ToLower(ctype), "html") {
		kind = kindHTML
	}
	switch kind {
	case KindJSON:
		// Any JSON answer sniffs so; only a JSON Feed counts.
		if fd, err := feed.Parse(body, final); err == nil {
			return []Candidate{{URL: final, Title: fd.Title, Kind: kind}}, nil
		}
	case KindRSS, KindAtom:
		fd, err := feed.Parse(body, final)
		if err != nil {
			return nil, fmt.Errorf("%s: %s is a feed, but it cannot be read: %w", op, final, err)
		}
		return []Candidate{{URL: final, Title: fd.Title, Kind: kind}}, nil
	case KindSitemap:
		sm, err := sitemap.Parse(body, final)
		if err != nil {
			return nil, fmt.Errorf("%s: %s is a sitemap, but it cannot be read: %w", op, final, err)
		}
		return []Candidate{{URL: final, Title: sm.Publication(), Kind: KindSitemap}}, nil
	case kindHTML:
		p := readPage(body, ctype, final)
		f.tryAll(p.linkTags, stepLinkTags, len(p.linkTags))
		if !f.hasMain() {
			f.tryAnchors(p.anchors)
		}
	}
	if !f.hasMain() {
		f.tryCommonPaths(final)
	}
	if !f.hasMain() {
		f.trySitemaps(final)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if len(f.found) == 0 {
		return nil, beatdesk.Errorf(beatdesk.ErrNotFound, op,
			"found no feed for %s: the page declares none, none of its links or of %s at the site's root is a feed, and it has no news sitemap; give the feed's address directly",
			final, strings.Join(CommonPaths, ", "))
	}
	return f.ranked(), nil
}

// fetch gets u, counting the request and remembering it was asked.
func (f *finder) fetch(u string) (final, ctype string, body []byte, err error) {
	if err := f.ctx.Err(); err != nil {
		return "", "", nil, err
	}
	if f.requests >= MaxRequests {
		return "", "", nil, errors.New("discover: request budget spent")
	}
	f.requests++
	f.asked[key(u)] = true
	final, ctype, body, err = f.get(f.ctx, u)
	if err != nil {
		return "", "", nil, err
	}
	if final == "" {
		final = u
	}
	return final, ctype, body, nil
}

// try fetches u and keeps it when it is a feed (or, for the sitemap step, a
// news sitemap). It returns the body when u turned out to be an HTML page.
func (f *finder) try(l link, step int) (html []byte, ctype, final string) {
	if l.url == "" || f.asked[key(l.url)] || f.requests >= MaxRequests || f.ctx.Err() != nil {
		return nil, "", ""
	}
	final, ctype, body, err := f.fetch(l.url)
	if err != nil {
		return nil, "", ""
	}
	c := Candidate{URL: final}
	switch c.Kind = sniff(body); c.Kind {
	case KindRSS, KindAtom, KindJSON:
		fd, err := feed.Parse(body, final)
		if err != nil {
			return nil, "", ""
		}
		c.Title = fd.Title
	case KindSitemap:
		sm, err := sitemap.Parse(body, final)
		if err != nil || step != stepSitemaps {
			return nil, "", ""
		}
		if !sm.News {
			if sm.Index {
				f.tryNewsChild(sm)
			}
			return nil, "", ""
		}
		c.Title = sm.Publication()
	case kindHTML:
		return body, ctype, final
	default:
		return nil, "", ""
	}
	if c.Title == "" {
		c.Title = l.title
	}
	f.add(c, step, l.title)
	return nil, "", ""
}

// tryAll tries up to n of links.
func (f *finder) tryAll(links []link, step, n int) {
	for i, l := range links {
		if i >= n {
			return
		}
		f.try(l, step)
	}
}

// tryAnchors tries the page's feed-looking links, the likeliest first. The
// first that leads to an HTML page (a list of the site's feeds, typically
// the target of an "RSS" link) is read too, and its feeds tried.
func (f *finder) tryAnchors(anchors []link) {
	const maxAnchors = 8
	directoryRead := false
	for i, l := range byLikelihood(anchors) {
		if i >= maxAnchors || f.hasMain() {
			return
		}
		body, ctype, final := f.try(l, stepAnchors)
		if body == nil || directoryRead {
			continue
		}
		directoryRead = true
		p := readPage(body, ctype, final)
		f.tryAll(p.linkTags, stepAnchors, maxAnchors)
		f.tryAll(byLikelihood(p.anchors), stepAnchors, maxAnchors)
	}
}

// tryCommonPaths tries CommonPaths at the site's root until one is a feed.
func (f *finder) tryCommonPaths(page string) {
	for _, p := range CommonPaths {
		if f.hasMain() {
			return
		}
		f.try(link{url: canon.Resolve(page, p)}, stepCommonPaths)
	}
}

// trySitemaps looks for a news sitemap: those robots.txt names (news ones
// first, at most three), then the usual addresses.
func (f *finder) trySitemaps(page string) {
	var listed []string
	if _, _, body, err := f.fetch(canon.Resolve(page, "/robots.txt")); err == nil {
		listed = robotsSitemaps(body, page)
	}
	slices.SortStableFunc(listed, func(a, b string) int {
		return boolRank(isNewsy(b)) - boolRank(isNewsy(a))
	})
	for i, u := range listed {
		if i >= 3 || f.hasSitemap() {
			break
		}
		f.try(link{url: u}, stepSitemaps)
	}
	for _, p := range newsSitemapPaths {
		if f.hasSitemap() {
			return
		}
		f.try(link{url: canon.Resolve(page, p)}, stepSitemaps)
	}
}

// tryNewsChild follows a sitemap index to its first child named for news.
func (f *finder) tryNewsChild(sm *sitemap.Sitemap) {
	for _, c := range sm.Sitemaps {
		if isNewsy(c.Loc) {
			f.try(link{url: c.Loc}, stepSitemaps)
			return
		}
	}
}

func (f *finder) add(c Candidate, step int, linkTitle string) {
	k := key(c.URL)
	if f.have[k] {
		return
	}
	f.have[k] = true
	u, _ := url.Parse(c.URL)
	f.found = append(f.found, found{
		Candidate: c,
		step:      step,
		order:     len(f.found),
		score:     pathScore(u),
		comments:  isComments(u, c.Title) || isComments(u, linkTitle),
	})
}

func (f *finder) hasMain() bool {
	return slices.ContainsFunc(f.found, func(x found) bool { return x.Kind != KindSitemap && !x.comments })
}

func (f *finder) hasSitemap() bool {
	return slices.ContainsFunc(f.found, func(x found) bool { return x.Kind == KindSitemap })
}

// ranked orders the candidates best first and drops comments feeds when
// a main feed exists.
func (f *finder) ranked() []Candidate {
	main := f.hasMain()
	xs := slices.Clone(f.found)
	slices.SortStableFunc(xs, func(a, b found) int {
		if d := boolRank(a.Kind == KindSitemap) - boolRank(b.Kind == KindSitemap); d != 0 {
			return d
		}
		if d := boolRank(a.comments) - boolRank(b.comments); d != 0 {
			return d
		}
		if a.score != b.score {
			return b.score - a.score
		}
		if a.step != b.step {
			return a.step - b.step
		}
		return a.order - b.order
	})
	var out []Candidate
	for _, x := range xs {
		if main && x.comments {
			continue
		}
		out = append(out, x.Candidate)
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// key is what two addresses must share to be the same.
func key(u string) string {
	if c, err := canon.URL(u); err == nil {
		return c
	}
	return u
}

// robotsSitemaps returns the Sitemap: lines of a robots.txt.
func robotsSitemaps(body []byte, page string) []string {
	var out []string
	for line := range bytes.Lines(body) {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || !strings.EqualFold(string(bytes.TrimSpace(name)), "sitemap") {
			continue
		}
		if u := canon.Resolve(page, string(bytes.TrimSpace(value))); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
		if len(out) == 50 {
			break
		}
	}
	return out
}

func isNewsy(u string) bool { return strings.Contains(strings.ToLower(u), "news") }

var commentsWord = regexp.MustCompile(`(?i)\b(comments?|comentarios|commentaires|kommentare|commenti|comentários|reacties|komentarze)\b`)

// isComments reports whether a feed is a comments feed, by its title or
// path (WordPress: "Site » Comments Feed", /comments/feed/).
func isComments(u *url.URL, title string) bool {
	if commentsWord.MatchString(title) {
		return true
	}
	return u != nil && slices.ContainsFunc(segments(u), func(s string) bool { return commentsWord.MatchString(s) })
}

// Path segments that say nothing about a feed's scope.
var genericSegments = map[string]bool{
	"feed": true, "feeds": true, "rss": true, "rss2": true, "atom": true, "rdf": true, "xml": true,
	"index": true, "default": true, "posts": true, "all": true, "news": true, "outboundfeeds": true,
	"arc": true, "services": true, "syndication": true, "export": true,
}

// Segments that name the site-wide feed.
var mainSegments = map[string]bool{
	"home": true, "homepage": true, "frontpage": true, "front-page": true, "portada": true, "principal": true,
	"latest": true, "latest-news": true, "ultimas": true, "ultimas-noticias": true, "últimas-noticias": true,
	"lo-ultimo": true, "top": true, "topstories": true, "top-stories": true, "headlines": true, "main": true,
	"une": true, "a-la-une": true, "alaune": true, "startseite": true, "ultima-hora": true, "breaking": true,
	"newest": true, "recent": true, "everything": true, "todas": true, "tutte": true, "toutes": true,
}

// Segments that name a slice of the site.
var sliceSegments = map[string]bool{
	"category": true, "categories": true, "tag": true, "tags": true, "topic": true, "topics": true,
	"section": true, "sections": true, "seccion": true, "secciones": true, "categoria": true,
	"rubrique": true, "rubriques": true, "kategorie": true, "ressort": true, "author": true, "autor": true,
	"authors": true, "series": true, "label": true, "labels": true,
}

// pathScore ranks a feed by how site-wide its path looks: a main-feed word
// raises it, every other meaningful segment lowers it, and a category, tag
// or author segment lowers it more.
func pathScore(u *url.URL) int {
	if u == nil {
		return 0
	}
	score := 0
	for _, s := range segments(u) {
		switch {
		case genericSegments[s]:
		case mainSegments[s]:
			score += 15
		case sliceSegments[s]:
			score -= 20
		default:
			score -= 10
		}
	}
	return score
}

// segments returns u's path segments, lower case, without file extensions.
func segments(u *url.URL) []string {
	var out []string
	for _, s := range strings.Split(strings.ToLower(u.Path), "/") {
		if dot := strings.LastIndexByte(s, '.'); dot > 0 {
			s = s[:dot]
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
