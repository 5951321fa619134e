// Package feed reads RSS (0.9x, 1.0/RDF, 2.0), Atom and JSON Feed documents
// into one shape: a Feed with its Entries, every text plain and every link
// absolute.
//
// Feeds come from strangers, so before the real parser (gofeed) sees a
// document it is checked cheaply: it must look like a feed (an HTML page or
// an arbitrary JSON object is refused with an error that says so), and its
// elements may nest at most MaxDepth deep. A declared legacy charset is
// ignored when the bytes are valid UTF-8 (a common lie); invalid UTF-8 with
// no declaration is read as Windows-1252.
//
// Texts are reduced to plain text: tags stripped (with the contents of
// script and style), entities decoded, white space collapsed. They are not
// escaped: escaping is the job of whatever renders them.
package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/ingest/canon"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// An Entry is one item of a feed.
type Entry struct {
	GUID      string // the entry's id; its URL when it has none; hashed when longer than 512 bytes
	URL       string // absolute http(s)
	Title     string // plain text, at most 1,000 characters
	Summary   string // plain text, at most 10,000 characters
	Published time.Time
	Author    string
}

// A Feed is a parsed feed document.
type Feed struct {
	Title   string
	SiteURL string        // the site the feed belongs to, absolute; "" if it names none
	Lang    string        // as declared by the feed, e.g. "en-us"; "" if none
	TTL     time.Duration // RSS <ttl>: how long the publisher asks us to wait between polls; 0 if none
	Entries []Entry
}

// MaxDepth is how deep elements may nest in an XML feed. Real feeds need
// about 10; a deeper document is an attack or a mistake.
const MaxDepth = 64

const (
	maxTitle   = 1000
	maxSummary = 10000
	maxGUID    = 512
)

const op = "feed.Parse"

func invalid(format string, args ...any) error {
	return beatdesk.Errorf(beatdesk.ErrInvalid, op, format, args...)
}

// Parse reads a feed document fetched from baseURL (which relative links
// are resolved against). Entries without a usable link are skipped, and so
// are later entries repeating an earlier GUID. It returns an error of kind
// beatdesk.ErrInvalid that says what the document is when it is not a feed.
func Parse(body []byte, baseURL string) (_ *Feed, err error) {
	// A bug in the parser, met on one stranger's feed, must not take the
	// poller down.
	defer func() {
		if r := recover(); r != nil {
			err = invalid("the feed could not be parsed (parser failure: %v)", r)
		}
	}()
	b := toUTF8(body)
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return nil, invalid("not a feed: the document is empty")
	}

	var (
		f   *gofeed.Feed
		ttl time.Duration
	)
	switch b[0] {
	case '{':
		f, err = parseJSON(b)
	case '<':
		var root string
		root, err = scanMarkup(b, MaxDepth)
		if err != nil {
			return nil, invalid("not a feed: %v", err)
		}
		switch strings.ToLower(root) {
		case "rss", "rdf":
			f, ttl, err = parseRSS(b)
		case "feed":
			f, err = parseAtom(b)
		case "html", "head", "body":
			return nil, invalid("not a feed: the document is HTML; give the feed's address, not the homepage")
		case "":
			return nil, invalid("not a feed: the document has no elements")
		default:
			return nil, invalid("not a feed: the root element is <%s>; a feed starts with <rss>, <feed> or <rdf:RDF>", root)
		}
	default:
		return nil, invalid("not a feed: the document is neither XML nor JSON (it starts with %q)", prefix(b, 20))
	}
	if err != nil {
		return nil, err
	}
	return convert(f, ttl, baseURL), nil
}

func parseRSS(b []byte) (*gofeed.Feed, time.Duration, error) {
	rf, err := (&rss.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		return nil, 0, invalid("the RSS feed is malformed: %v", err)
	}
	var ttl time.Duration
	if m, err := strconv.Atoi(strings.TrimSpace(rf.TTL)); err == nil && m > 0 && m <= 7*24*60 {
		ttl = time.Duration(m) * time.Minute
	}
	f, err := (&gofeed.DefaultRSSTranslator{}).Translate(rf)
	if err != nil {
		return nil, 0, invalid("the RSS feed is malformed: %v", err)
	}
	return f, ttl, nil
}

func parseAtom(b []byte) (*gofeed.Feed, error) {
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		return nil, invalid("the Atom feed is malformed: %v", err)
	}
	f, err := (&gofeed.DefaultAtomTranslator{}).Translate(af)
	if err != nil {
		return nil, invalid("the Atom feed is malformed: %v", err)
	}
	return f, nil
}

func parseJSON(b []byte) (*gofeed.Feed, error) {
	jf, err := (&jsonfeed.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		return nil, invalid("not a feed: the JSON document is malformed or not a JSON Feed: %v", err)
	}
	if !strings.Contains(jf.Version, "jsonfeed.org/version/") {
		return nil, invalid("not a feed: the JSON document is not a JSON Feed (its \"version\" is %q, want https://jsonfeed.org/version/1.1)", prefix([]byte(jf.Version), 60))
	}
	f, err := (&gofeed.DefaultJSONTranslator{}).Translate(jf)
	if err != nil {
		return nil, invalid("the JSON Feed is malformed: %v", err)
	}
	return f, nil
}

func convert(f *gofeed.Feed, ttl time.Duration, baseURL string) *Feed {
	out := &Feed{
		Title:   clip(titleText(f.Title), maxTitle),
		SiteURL: canon.Resolve(baseURL, f.Link),
		Lang:    strings.TrimSpace(f.Language),
		TTL:     ttl,
	}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		e := Entry{
			URL:    canon.Resolve(baseURL, it.Link),
			GUID:   strings.TrimSpace(it.GUID),
			Title:  clip(titleText(it.Title), maxTitle),
			Author: clip(author(it), maxTitle),
		}
		if e.URL == "" {
			// Many feeds give only a permalink <guid>. Only an absolute
			// one counts: a relative id is a name, not an address.
			e.URL = canon.Resolve("", it.GUID)
		}
		if e.URL == "" {
			continue
		}
		if e.GUID == "" {
			e.GUID = e.URL
		}
		if len(e.GUID) > maxGUID {
			sum := sha256.Sum256([]byte(e.GUID))
			e.GUID = "sha256:" + hex.EncodeToString(sum[:])
		}
		if seen[e.GUID] {
			continue
		}
		seen[e.GUID] = true
		summary := it.Description
		if strings.TrimSpace(summary) == "" {
			summary = it.Content
		}
		e.Summary = clip(plainText(summary), maxSummary)
		switch {
		case it.PublishedParsed != nil:
			e.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			e.Published = it.UpdatedParsed.UTC()
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

func author(it *gofeed.Item) string {
	for _, a := range it.Authors {
		if a != nil {
			if s := plainText(a.Name); s != "" {
				return s
			}
		}
	}
	if it.Author != nil {
		return plainText(it.Author.Name)
	}
	return ""
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	// The XML declaration's encoding attribute, within the first line.
	encodingDecl = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*)(?:"[^"]*"|'[^']*')`)
)

// toUTF8 returns the document as UTF-8 with an XML declaration that says so,
// so the XML decoder never re-decodes it with a declared legacy charset.
// UTF-16 (by byte-order mark) is converted; invalid UTF-8 is left to a
// declared charset when there is one, and read as Windows-1252 otherwise.
func toUTF8(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err == nil {
			b = d
		}
	}
	if utf8.Valid(b) {
		if loc := encodingDecl.FindSubmatchIndex(b); loc != nil {
			out := make([]byte, 0, len(b))
			out = append(out, b[:loc[3]]...)
			out = append(out, `"UTF-8"`...)
			return append(out, b[loc[1]:]...)
		}
		return b
	}
	if encodingDecl.Match(b) {
		return b // the decoder converts from the declared charset
	}
	if d, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
		return d
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

func prefix(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "")
}

// clip shortens s to at most n characters, at a word boundary when one is
// near, marking the cut with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if cut == n-1 {
			s = s[:i]
			break
		}
		cut++
	}
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)*3/4 {
		s = s[:sp]
	}
	return s + "…"
}
