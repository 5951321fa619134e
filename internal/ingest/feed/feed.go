// Package feed reads RSS (0.9x, 1.0/RDF, 2.0), Atom and JSON Feed documents
// into one shape: a Feed with its Entries, every text plain and every link
// absolute.
//
// Feeds come from strangers. Elements may nest at most MaxDepth deep; a
// document declaring its own XML entities (the stuff of "billion laughs"
// and external-entity attacks) is refused; at most MaxEntries entries are
// kept; an HTML page or an arbitrary JSON object is refused with an error
// that says what it is. A declared legacy charset is ignored when the
// bytes are valid UTF-8 (a common lie); other bytes are decoded from the
// declared charset, or from Windows-1252 when none is declared.
//
// gofeed is the parser of record. Well-formed RSS and Atom, nearly every
// real feed, are read by a direct reader that applies gofeed's rules to
// the fields kept here, several times faster (see direct.go); anything
// else goes to gofeed itself.
//
// Texts are reduced to plain text: tags stripped (with the contents of
// script and style), entities decoded, white space collapsed. They are not
// escaped: escaping is the job of whatever renders them.
package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"slices"
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
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
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
	// Hub and Self are the feed's WebSub links, absolute http(s): the hub
	// that pushes its updates and the feed's own canonical address (Atom
	// <link rel="hub">/<link rel="self">, RSS <atom:link>). "" when the
	// feed names none.
	Hub, Self string
	Entries   []Entry
}

// head is what Parse keeps of a feed beyond gofeed.Feed's fields.
type head struct {
	ttl       time.Duration
	hub, self string // as written (xml:base applied), not yet resolved against the feed's URL
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

// MaxEntries is how many entries Parse keeps from one document, the first
// in document order (feeds list the newest first). Real feeds carry 10 to
// a few hundred; a document with many thousands is an archive dump or an
// attack, and its tail would only flood the pipeline.
const MaxEntries = 1000

// Parse reads a feed document fetched from baseURL (which relative links
// are resolved against). Entries without a usable link are skipped, and so
// are later entries repeating an earlier GUID; at most MaxEntries are kept.
// It returns an error of kind beatdesk.ErrInvalid that says what the
// document is when it is not a feed, or why it was refused.
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
		f *gofeed.Feed
		h head
	)
	switch b[0] {
	case '{':
		f, err = parseJSON(b)
	case '<':
		f, h, err = readDirectSafely(b)
		if errors.Is(err, errUncommon) {
			f, h, err = parseXML(b)
		}
	default:
		return nil, invalid("not a feed: the document is neither XML nor JSON (it starts with %q)", prefix(b, 20))
	}
	if err != nil {
		return nil, err
	}
	return convert(f, h, baseURL), nil
}

// readDirectSafely runs the direct reader, turning a failure of its own
// into a hand-over to gofeed.
func readDirectSafely(b []byte) (f *gofeed.Feed, h head, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, h, err = nil, head{}, errUncommon
		}
	}()
	return readDirect(b)
}

// parseXML reads an XML document with gofeed, after a cheap check of its
// shape: nesting depth, entity declarations, and a root element that
// makes it a feed.
func parseXML(b []byte) (*gofeed.Feed, head, error) {
	root, err := scanMarkup(b, MaxDepth)
	if err != nil {
		return nil, head{}, invalid("not a feed: %v", err)
	}
	b = declareUTF8(b)
	switch strings.ToLower(root) {
	case "rss", "rdf":
		return parseRSS(b)
	case "feed":
		return parseAtom(b)
	case "html", "head", "body":
		return nil, head{}, invalid("not a feed: the document is HTML; give the feed's address, not the homepage")
	case "":
		return nil, head{}, invalid("not a feed: the document has no elements")
	}
	return nil, head{}, invalid("not a feed: the root element is <%s>; a feed starts with <rss>, <feed> or <rdf:RDF>", root)
}

func parseRSS(b []byte) (*gofeed.Feed, head, error) {
	rf, err := (&rss.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		return nil, head{}, invalid("the RSS feed is malformed: %v", err)
	}
	h := head{ttl: parseTTL(rf.TTL)}
	h.hub, h.self = rssWebSubLinks(rf)
	// The image scan parses every item's HTML for a picture Parse does not keep.
	f, err := (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(rf)
	if err != nil {
		return nil, head{}, invalid("the RSS feed is malformed: %v", err)
	}
	return f, h, nil
}

// parseTTL reads RSS <ttl>, minutes; 0 when absent, unreadable or beyond
// a week.
func parseTTL(s string) time.Duration {
	if m, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && m > 0 && m <= 7*24*60 {
		return time.Duration(m) * time.Minute
	}
	return 0
}

func parseAtom(b []byte) (*gofeed.Feed, head, error) {
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		return nil, head{}, invalid("the Atom feed is malformed: %v", err)
	}
	var h head
	for _, l := range af.Links {
		h.noteLink(l.Rel, l.Href)
	}
	f, err := (&gofeed.DefaultAtomTranslator{}).Translate(af)
	if err != nil {
		return nil, head{}, invalid("the Atom feed is malformed: %v", err)
	}
	return f, h, nil
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

func convert(f *gofeed.Feed, h head, baseURL string) *Feed {
	out := &Feed{
		Title:   clip(titleText(f.Title), maxTitle),
		SiteURL: canon.Resolve(baseURL, f.Link),
		Lang:    strings.TrimSpace(f.Language),
		TTL:     h.ttl,
		Hub:     canon.Resolve(baseURL, h.hub),
		Self:    canon.Resolve(baseURL, h.self),
	}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if len(out.Entries) == MaxEntries {
			break
		}
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
		e.Summary = clip(plainTextPrefix(summary, maxSummary), maxSummary)
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
	// The XML declaration's encoding attribute. It belongs at the very
	// start, but some generators put a comment or stray text first, and
	// encoding/xml honours it anyway.
	encodingDecl = regexp.MustCompile(`(<\?xml\s[^>]*?encoding\s*=\s*)(?:"([^"]*)"|'([^']*)')`)
)

// toUTF8 returns the document as UTF-8. UTF-16 (by byte-order mark) is
// converted. Bytes that are valid UTF-8 are UTF-8, whatever the document
// declares (a common lie); other bytes are decoded from the declared
// charset, or from Windows-1252 when none is declared or it is unknown.
// The declaration itself is left as it is (see declareUTF8).
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
		return b
	}
	var enc encoding.Encoding = charmap.Windows1252
	if m := encodingDecl.FindSubmatch(prolog(b)); m != nil {
		if e, _ := charset.Lookup(string(m[2]) + string(m[3])); e != nil {
			enc = e
		}
	}
	if d, err := enc.NewDecoder().Bytes(b); err == nil {
		return bytes.ToValidUTF8(d, []byte("\uFFFD"))
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// declareUTF8 makes every XML declaration of a document toUTF8 has
// converted say UTF-8, so gofeed does not decode it a second time. It finds
// them as encoding/xml does, anywhere in the document: a processing
// instruction whose target is exactly "xml", holding encoding= followed by
// a quote.
func declareUTF8(b []byte) []byte {
	out := b
	for from := 0; ; {
		i := bytes.Index(out[from:], []byte("<?xml"))
		if i < 0 {
			return out
		}
		i += from
		from = i + len("<?xml")
		if from < len(out) && isNameByte(out[from]) {
			continue // <?xml-stylesheet ...?>
		}
		end := bytes.Index(out[from:], []byte("?>"))
		if end < 0 {
			return out
		}
		start, stop, ok := declaredValue(out[from:from+end], "encoding")
		if !ok || bytes.EqualFold(out[from+start:from+stop], []byte("utf-8")) {
			continue
		}
		if &out[0] == &b[0] {
			out = bytes.Clone(b)
		}
		out = slices.Replace(out, from+start, from+stop, []byte("UTF-8")...)
	}
}

// declaredValue finds name="value" in the content of an XML declaration
// the way encoding/xml does, returning the bounds of value.
func declaredValue(decl []byte, name string) (start, end int, ok bool) {
	param := []byte(name + "=")
	for i := 0; ; {
		k := bytes.Index(decl[i:], param)
		if k < 0 || i+k+len(param) >= len(decl) {
			return 0, 0, false
		}
		i += k + len(param)
		if q := decl[i]; q == '"' || q == '\'' {
			j := bytes.IndexByte(decl[i+1:], q)
			if j < 0 {
				return 0, 0, false
			}
			return i + 1, i + 1 + j, true
		}
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-' || c >= 0x80
}

// prolog is where an XML declaration can be found.
func prolog(b []byte) []byte { return b[:min(len(b), 1024)] }

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
