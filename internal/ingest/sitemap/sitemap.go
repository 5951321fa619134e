// Package sitemap reads XML sitemaps (the sitemaps.org protocol, 0.9) and
// their Google News extension, so that a site which publishes a news
// sitemap but no feed can be watched like a feed.
//
// Parse reads one document: a <urlset> gives its URLs with their dates, and
// for news sitemaps their titles, languages and publication; a
// <sitemapindex> gives the addresses of its child sitemaps. Fetch does the
// same through an injected getter and, for an index, follows its newest
// children one level down (the protocol forbids an index of indexes, and we
// do not follow one).
//
// Feed turns a parsed sitemap into a *feed.Feed, so the poller handles both
// kinds the same way. Only entries dated within MaxAge count: a news
// sitemap's URLs by their publication date (Google asks publishers to list
// only the last two days), a plain sitemap's by lastmod.
//
// Sitemaps come from strangers: a document may be at most MaxSize bytes
// after decompression (the protocol allows 50 MiB; we read at most 10 MiB,
// which holds 50,000 URLs with room to spare), hold at most MaxURLs URLs
// (more are dropped and Truncated set), and nest at most MaxDepth elements.
// HTTP compression (Content-Encoding: gzip) is undone by the fetcher; a
// .xml.gz file served as application/gzip, which the fetcher leaves
// compressed, is recognised by its magic bytes and decompressed here under
// the same cap.
package sitemap

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/ingest/canon"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

const (
	// MaxSize is the largest sitemap read, after decompression.
	MaxSize = 10 << 20
	// MaxURLs is the protocol's limit of URLs in one sitemap.
	MaxURLs = 50000
	// MaxDepth is how deep elements may nest. A news entry with an image
	// needs five; 32 leaves room for extensions and refuses attacks.
	MaxDepth = 32
	// MaxAge is how old an entry may be and still be given to the poller.
	MaxAge = 48 * time.Hour
)

// A Sitemap is one parsed sitemap document.
type Sitemap struct {
	Index     bool    // a <sitemapindex>: Sitemaps is set, URLs is empty (but see Fetch)
	URLs      []URL   // a <urlset>'s entries with a usable address, in document order
	Sitemaps  []Child // an index's child sitemaps, in document order
	News      bool    // some entry carries Google News markup
	Truncated bool    // more than MaxURLs URLs (or children): only the first were kept
}

// A URL is one <url> entry.
type URL struct {
	Loc         string    // absolute http(s)
	LastMod     time.Time // <lastmod>; zero if absent or unreadable
	Title       string    // <news:title>, plain text
	Published   time.Time // <news:publication_date>
	Lang        string    // <news:language>, lower case as given, e.g. "es", "zh-cn"
	Publication string    // <news:publication><news:name>
}

// A Child is one sitemap listed in an index.
type Child struct {
	Loc     string
	LastMod time.Time
}

const op = "sitemap.Parse"

func invalid(format string, args ...any) error {
	return beatdesk.Errorf(beatdesk.ErrInvalid, op, format, args...)
}

// maxText caps the text kept from one element; no title or date needs more.
const maxText = 8 << 10

// Parse reads a sitemap or sitemap index fetched from baseURL, which
// relative addresses are resolved against (the protocol wants absolute
// ones; some sites do not comply). Entries without a usable http(s) address
// are skipped. It returns an error of kind beatdesk.ErrInvalid that says
// what is wrong when the document is not a sitemap, is too large or too
// deep, or is malformed.
func Parse(body []byte, baseURL string) (*Sitemap, error) {
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		var err error
		if body, err = gunzip(body); err != nil {
			return nil, err
		}
	}
	if len(body) > MaxSize {
		return nil, tooLarge()
	}
	body = toUTF8(body)
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, invalid("not a sitemap: the document is empty")
	}

	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false // bare '&' and HTML entities in titles are common
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // toUTF8 did it

	sm := &Sitemap{}
	var (
		root  string
		path  []string // local names of the open elements, lower case
		text  strings.Builder
		url   URL
		child Child
		news  bool // the current <url> has news markup
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, invalid("line %d: the sitemap is malformed: %s", se.Line, se.Msg)
			}
			return nil, invalid("line %d: the sitemap could not be read: %v", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root != "" && len(path) == 0 {
				return sm, nil // whatever follows the root element is not the sitemap
			}
			if root == "" {
				root = name
				switch name {
				case "urlset":
				case "sitemapindex":
					sm.Index = true
				default:
					return nil, notSitemap(name)
				}
			}
			path = append(path, name)
			if len(path) > MaxDepth {
				line, _ := dec.InputPos()
				return nil, invalid("line %d: elements are nested more than %d deep; refusing to parse", line, MaxDepth)
			}
			text.Reset()
			switch strings.Join(path[1:], "/") {
			case "url":
				url, news = URL{}, false
			case "sitemap":
				child = Child{}
			case "url/news":
				news = true
			}
		case xml.CharData:
			if text.Len() < maxText {
				text.Write(t[:min(len(t), maxText-text.Len())])
			}
		case xml.EndElement:
			if len(path) == 0 {
				continue
			}
			v := strings.TrimSpace(text.String())
			text.Reset()
			where := strings.Join(path[1:], "/")
			path = path[:len(path)-1]
			if sm.Index {
				switch where {
				case "sitemap/loc":
					child.Loc = canon.Resolve(baseURL, v)
				case "sitemap/lastmod":
					child.LastMod = parseDate(v)
				case "sitemap":
					if child.Loc == "" {
						continue
					}
					if len(sm.Sitemaps) == MaxURLs {
						sm.Truncated = true
						return sm, nil
					}
					sm.Sitemaps = append(sm.Sitemaps, child)
				}
				continue
			}
			switch where {
			case "url/loc":
				url.Loc = canon.Resolve(baseURL, v)
			case "url/lastmod":
				url.LastMod = parseDate(v)
			case "url/news/title":
				url.Title = plain(v, 1000)
			case "url/news/publication_date":
				url.Published = parseDate(v)
			case "url/news/publication/name":
				url.Publication = plain(v, 200)
			case "url/news/publication/language", "url/news/language":
				url.Lang = strings.ToLower(plain(v, 35))
			case "url":
				if url.Loc == "" {
					continue
				}
				if len(sm.URLs) == MaxURLs {
					sm.Truncated = true
					return sm, nil
				}
				sm.URLs = append(sm.URLs, url)
				sm.News = sm.News || news
			}
		}
	}
	if root == "" {
		return nil, invalid("not a sitemap: the document has no elements")
	}
	return sm, nil
}

func notSitemap(root string) error {
	switch root {
	case "html", "head", "body":
		return invalid("not a sitemap: the document is HTML; give the sitemap's address (often listed in /robots.txt)")
	case "rss", "rdf", "feed":
		return invalid("not a sitemap: the document is a feed (<%s>); add it as a feed", root)
	}
	return invalid("not a sitemap: the root element is <%s>; a sitemap starts with <urlset> or <sitemapindex>", root)
}

func tooLarge() error {
	return invalid("the sitemap is larger than %d MiB after decompression (the protocol allows 50 MiB, beatdesk reads at most %d MiB); give a smaller sitemap, such as the site's news sitemap", MaxSize>>20, MaxSize>>20)
}

// gunzip decompresses a gzip'd sitemap, stopping at MaxSize.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, invalid("the sitemap looks gzip-compressed but is not valid gzip: %v", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxSize+1))
	if len(out) > MaxSize {
		return nil, tooLarge()
	}
	if err != nil {
		return nil, invalid("the gzip-compressed sitemap is damaged: %v", err)
	}
	return out, nil
}

// plain decodes entities a publisher escaped twice ("&amp;quot;"), drops
// control characters, collapses white space and clips to n characters.
func plain(s string, n int) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

// dateLayouts are the W3C Datetime forms the protocol allows, then the
// near misses sites publish.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
	"2006",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate reads a sitemap date. A date without a zone is taken as UTC.
// Unreadable dates, and dates before 1995 (no sitemap is older), are zero.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1995 {
				return time.Time{}
			}
			return t.UTC()
		}
	}
	return time.Time{}
}

// encodingDecl finds the charset an XML declaration names.
var encodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// toUTF8 returns the document as UTF-8 for a decoder that is told never to
// convert. Valid UTF-8 is taken as UTF-8 whatever the declaration says (a
// common lie); other bytes are decoded by the declared charset, or as
// Windows-1252 when none is declared or it is unknown.
func toUTF8(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(b) {
		return b
	}
	if m := encodingDecl.FindSubmatch(b); m != nil {
		if enc, _ := charset.Lookup(string(m[1])); enc != nil {
			if d, err := enc.NewDecoder().Bytes(b); err == nil && utf8.Valid(d) {
				return d
			}
		}
	}
	if d, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
		return d
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}
