package discover

import (
	"bytes"
	"mime"
	"net/url"
	"slices"
	"strings"

	"beatdesk/internal/ingest/canon"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/net/publicsuffix"
)

// A link is an address found in a page, with the name the page gives it.
type link struct {
	url   string // absolute http(s)
	title string
}

// page is what discovery needs from an HTML page.
type page struct {
	linkTags []link // <link rel="alternate"> feeds, in document order
	anchors  []link // <a href> that look like feeds, in document order
}

// feedTypes are the media types of <link rel="alternate"> that name feeds.
// application/json is also what WordPress's REST API and oEmbed links use;
// parsing tells them apart.
var feedTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/rdf+xml": true,
	"application/feed+json": true, "application/json": true, "application/x.atom+xml": true,
	"application/x-rss+xml": true, "application/x-atom+xml": true,
}

// Limits on what one page may contribute.
const (
	maxLinkTags   = 12
	maxAnchors    = 200
	maxAnchorText = 200
)

// readPage reads the feed links of an HTML page fetched from pageURL,
// decoding its charset from the Content-Type or the page's own
// declaration.
func readPage(body []byte, contentType, pageURL string) page {
	var p page
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		r = bytes.NewReader(body)
	}
	base := pageURL
	baseSet := false
	site := siteOf(pageURL)
	z := html.NewTokenizer(r)
	var (
		inAnchor bool
		href     string
		text     strings.Builder
		seen     = map[string]bool{}
	)
	addAnchor := func() {
		inAnchor = false
		u := canon.Resolve(base, href)
		if u == "" || seen[u] || len(p.anchors) >= maxAnchors {
			return
		}
		t := strings.Join(strings.Fields(text.String()), " ")
		if looksLikeFeed(u, t) && sameSite(u, site) {
			seen[u] = true
			p.anchors = append(p.anchors, link{url: u, title: t})
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if inAnchor {
				addAnchor()
			}
			return p
		case html.TextToken:
			if inAnchor && text.Len() < maxAnchorText {
				text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a != atom.Base && a != atom.Link && a != atom.A {
				continue
			}
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, dup := attrs[string(k)]; !dup {
					attrs[string(k)] = string(v)
				}
			}
			switch a {
			case atom.Base:
				if !baseSet {
					if u := canon.Resolve(pageURL, attrs["href"]); u != "" {
						base = u
					}
					baseSet = true
				}
			case atom.Link:
				if isFeedLinkTag(attrs) && len(p.linkTags) < maxLinkTags {
					if u := canon.Resolve(base, attrs["href"]); u != "" && !seen[u] {
						seen[u] = true
						p.linkTags = append(p.linkTags, link{url: u, title: strings.Join(strings.Fields(attrs["title"]), " ")})
					}
				}
			case atom.A:
				if inAnchor {
					addAnchor()
				}
				if h, ok := attrs["href"]; ok && tt == html.StartTagToken {
					inAnchor, href = true, h
					text.Reset()
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); inAnchor && atom.Lookup(name) == atom.A {
				addAnchor()
			}
		}
	}
}

// isFeedLinkTag reports whether a <link> names a feed: rel "alternate"
// with a feed media type, or the rel "feed" some sites use.
func isFeedLinkTag(attrs map[string]string) bool {
	rels := strings.Fields(strings.ToLower(attrs["rel"]))
	if slices.Contains(rels, "feed") {
		return true
	}
	if !slices.Contains(rels, "alternate") {
		return false
	}
	mt, _, err := mime.ParseMediaType(attrs["type"])
	return err == nil && feedTypes[mt]
}

// looksLikeFeed reports whether a link, by its address or its text, may
// lead to a feed or to a page listing feeds.
func looksLikeFeed(u, text string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	path := strings.ToLower(pu.Path)
	if strings.Contains(path, "sitemap") || strings.Contains(path, "comment") {
		return false
	}
	if feedFileLike(pu) {
		return true
	}
	t := strings.ToLower(text)
	return len(t) <= 40 && (strings.Contains(t, "rss") || strings.Contains(t, "atom") || strings.Contains(t, "feed"))
}

// feedFileLike reports whether an address looks like a feed document
// rather than a page about feeds.
func feedFileLike(u *url.URL) bool {
	path := strings.ToLower(strings.TrimSuffix(u.Path, "/"))
	last := path[strings.LastIndexByte(path, '/')+1:]
	switch {
	case strings.HasSuffix(last, ".rss"), strings.HasSuffix(last, ".rdf"), strings.HasSuffix(last, ".atom"):
		return true
	case last == "feed" || last == "rss" || last == "atom" || last == "rss2":
		return true
	case strings.HasSuffix(last, ".xml") || strings.HasSuffix(last, ".json"):
		return strings.Contains(path, "rss") || strings.Contains(path, "feed") || strings.Contains(path, "atom")
	}
	q := strings.ToLower(u.RawQuery)
	return strings.Contains(q, "feed=") || strings.Contains(q, "format=rss") || strings.Contains(q, "format=atom") || strings.Contains(q, "output=rss")
}

// byLikelihood orders feed-looking links for trying: feed documents before
// pages about feeds, then site-wide before sections.
func byLikelihood(ls []link) []link {
	type ranked struct {
		link
		file  bool
		score int
	}
	rs := make([]ranked, 0, len(ls))
	for _, l := range ls {
		u, err := url.Parse(l.url)
		if err != nil {
			continue
		}
		rs = append(rs, ranked{l, feedFileLike(u), pathScore(u)})
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if a.file != b.file {
			return boolRank(b.file) - boolRank(a.file)
		}
		return b.score - a.score
	})
	out := make([]link, len(rs))
	for i, r := range rs {
		out[i] = r.link
	}
	return out
}

// siteOf returns the registrable domain of an address ("example.co.uk" for
// https://www.example.co.uk/), or its host when there is none.
func siteOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	host := strings.ToLower(pu.Hostname())
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// sameSite reports whether u belongs to site, or to the feed hosts sites
// delegate to. Links to feed readers ("follow us on Feedly") are not the
// site's feeds.
func sameSite(u, site string) bool {
	s := siteOf(u)
	return s == site || s == "feedburner.com" || s == "feedproxy.google.com"
}
