// Package opml reads and writes OPML subscription lists, the file every feed
// reader imports and exports, so an operator can bring the sources they
// already follow into beatdesk (`beatdesk source import FILE.opml`) and take
// them out again (`beatdesk source export`).
//
// Parse accepts OPML 1.0 and 2.0 as real readers write them: outlines nested
// in categories to any sensible depth, attribute names in any letter case,
// HTML entities, a declared legacy charset, and even the raw quotes and
// pasted HTML inside attribute values that make many exports invalid XML
// (see scan.go). Every outline with an xmlUrl
// becomes a beatdesk.Source; outlines without one (categories, links) are
// skipped, and a feed listed twice is kept once. A language attribute is
// inherited from the enclosing outline, and a category named after a country
// in English ("Mexico", "Hong Kong SAR China") gives its feeds that country.
//
// OPML files come from strangers too: the file may be at most MaxSize bytes
// and nest at most MaxDepth elements deep, and an error names the line and
// the outline that is wrong.
//
// Write produces OPML 2.0 that Parse reads back to the same sources (name,
// feed and site URLs, language, country).
package opml

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/ingest/canon"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// MaxSize is the largest OPML file Parse reads. 5 MiB holds some 20,000
// outlines; a real subscription list is far smaller.
const MaxSize = 5 << 20

// MaxDepth is how deep elements may nest. opml/body/outline is three; real
// files with categories reach five or six.
const MaxDepth = 32

// maxName is how long a source's name may be, in characters; maxURL how
// long its addresses, in bytes (no real feed address comes near).
const (
	maxName = 200
	maxURL  = 2048
)

const parseOp = "opml.Parse"

func invalid(format string, args ...any) error {
	return beatdesk.Errorf(beatdesk.ErrInvalid, parseOp, format, args...)
}

// outlineScope is what an outline passes on to the outlines inside it.
type outlineScope struct {
	lang    string
	country string
}

// Parse reads an OPML document and returns its feeds as sources in document
// order. It returns an error of kind beatdesk.ErrInvalid, naming the line
// and outline, when the file is not OPML, is too large or too deep, cannot
// be read as markup (a tag or comment never closed), or lists a feed
// address that is not http(s).
func Parse(r io.Reader) ([]beatdesk.Source, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading the file: %w", parseOp, err)
	}
	if len(b) > MaxSize {
		return nil, invalid("the file is larger than %d MiB; split it into smaller files and import each", MaxSize>>20)
	}
	b, err = toUTF8(b)
	if err != nil {
		return nil, invalid("%v", err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, invalid("the file is empty")
	}

	var (
		out  []beatdesk.Source
		seen = map[string]bool{} // by feedKey
		root string
		// The open elements, each with what it passes on to outlines
		// inside it (zero for elements that are not outlines).
		open   []string
		scopes []outlineScope
	)
	sc := newScanner(b)
	for {
		t, ok, err := sc.next()
		if err != nil {
			return nil, invalid("%v; fix the file and import it again", err)
		}
		if !ok {
			break
		}
		if t.end {
			// An end tag closes everything opened since its match, so a
			// forgotten </outline> costs no more than that outline.
			for k := len(open) - 1; k >= 0; k-- {
				if open[k] == t.name {
					open, scopes = open[:k], scopes[:k]
					break
				}
			}
			continue
		}
		if root == "" {
			root = t.name
			if err := checkRoot(root); err != nil {
				return nil, err
			}
		}
		parent := outlineScope{}
		if len(scopes) > 0 {
			parent = scopes[len(scopes)-1]
		}
		scope := parent
		if t.name == "outline" {
			var src *beatdesk.Source
			scope, src, err = readOutline(t.attrs, parent, t.line)
			if err != nil {
				return nil, err
			}
			if src != nil && !seen[feedKey(src.FeedURL)] {
				seen[feedKey(src.FeedURL)] = true
				out = append(out, *src)
			}
		}
		if t.selfClosing {
			continue
		}
		open, scopes = append(open, t.name), append(scopes, scope)
		if len(open) > MaxDepth {
			return nil, invalid("line %d: elements are nested more than %d deep; an OPML file needs far fewer", t.line, MaxDepth)
		}
	}
	if root == "" {
		return nil, invalid("the file has no elements; an OPML file starts with <opml>")
	}
	return out, nil
}

func checkRoot(root string) error {
	switch root {
	case "opml":
		return nil
	case "html", "head", "body":
		return invalid("not an OPML file: it is an HTML page; export the subscription list from your feed reader as OPML")
	case "rss", "feed", "rdf":
		return invalid("not an OPML file: it is a feed; add it with `beatdesk source add URL` instead")
	}
	return invalid("not an OPML file: the root element is <%s>, want <opml>", root)
}

// readOutline turns one <outline>'s attributes into the scope it passes on
// and, when it names a feed, a source. The line is for error messages.
func readOutline(attrs []attribute, parent outlineScope, line int) (outlineScope, *beatdesk.Source, error) {
	attr := func(name string) string {
		for _, a := range attrs {
			if a.name == strings.ToLower(name) {
				return strings.TrimSpace(a.value)
			}
		}
		return ""
	}
	scope := parent
	if l := langCode(attr("language")); l != "" {
		scope.lang = l
	}
	if c := countryCode(attr("country")); c != "" {
		scope.country = c
	}
	name := clean(attr("text"))
	if name == "" {
		name = clean(attr("title"))
	}
	rawFeed := attr("xmlUrl")
	if rawFeed == "" {
		// A category: one named after a country gives its feeds that country.
		if c := countryByName(name); c != "" && scope.country == parent.country {
			scope.country = c
		}
		return scope, nil, nil
	}

	label := name
	if label == "" {
		label = "(no name)"
	}
	feedURL := feedAddress(rawFeed)
	if feedURL == "" {
		return scope, nil, invalid("line %d: outline %q: xmlUrl %q is not an http(s) address; correct it or delete the outline", line, clip(label, 80), clip(rawFeed, 200))
	}
	if len(feedURL) > maxURL {
		return scope, nil, invalid("line %d: outline %q: xmlUrl is longer than %d characters; delete the outline", line, clip(label, 80), maxURL)
	}
	siteURL := canon.Resolve("", attr("htmlUrl")) // optional: a bad one is dropped, not fatal
	if len(siteURL) > maxURL {
		siteURL = ""
	}
	if name == "" {
		name = clean(hostName(siteURL))
	}
	if name == "" {
		name = clean(hostName(feedURL))
	}
	if name == "" {
		name = feedURL
	}
	src := &beatdesk.Source{
		Name:    clip(name, maxName),
		FeedURL: feedURL,
		SiteURL: siteURL,
		Lang:    scope.lang,
		Country: scope.country,
	}
	if err := src.Validate(); err != nil {
		return scope, nil, invalid("line %d: outline %q: %s", line, clip(label, 80), beatdesk.Message(err))
	}
	return scope, src, nil
}

// feedAddress returns raw as an absolute http(s) URL, or "". The feed:
// pseudo-scheme some sites still use ("feed://host/rss", "feed:https://...")
// is unwrapped.
func feedAddress(raw string) string {
	if len(raw) > 5 && strings.EqualFold(raw[:5], "feed:") {
		rest := raw[5:]
		if strings.HasPrefix(rest, "//") {
			raw = "http:" + rest
		} else {
			raw = rest
		}
	}
	return canon.Resolve("", raw)
}

// feedKey is what two outlines must share to be the same feed.
func feedKey(feedURL string) string {
	if c, err := canon.URL(feedURL); err == nil {
		return c
	}
	return feedURL
}

// langCode turns a language attribute ("en-us", "EN", "spa") into the
// two-letter ISO 639-1 code a Source keeps, or "" when there is none.
func langCode(s string) string {
	if s == "" {
		return ""
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return ""
	}
	base, conf := tag.Base()
	if conf != language.Exact || len(base.String()) != 2 {
		return ""
	}
	return base.String()
}

// countryCode accepts an ISO 3166-1 alpha-2 code in any case.
func countryCode(s string) string {
	if len(s) != 2 {
		return ""
	}
	r, err := language.ParseRegion(s)
	if err != nil || !r.IsCountry() {
		return ""
	}
	return r.Canonicalize().String()
}

// countries maps the lower-case English name of every country to its code.
var countries = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.Canonicalize() != r {
				continue // FX and UK would shadow FR and GB
			}
			if n := names.Name(r); n != "" {
				m[strings.ToLower(n)] = r.String()
			}
		}
	}
	return m
})

func countryByName(name string) string {
	if name == "" || len(name) > 60 {
		return ""
	}
	return countries()[strings.ToLower(name)]
}

// hostName names a source by its host when the outline gives no name.
func hostName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// clean collapses white space and drops characters that have no place in
// a name (controls, U+FFFD from an upstream mis-encoding stays: it is
// information).
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// encodingDecl finds the charset an XML declaration names.
var encodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// toUTF8 returns the document as UTF-8. Valid UTF-8 is taken as UTF-8
// whatever the declaration says (a common lie); UTF-16 is converted by its
// byte-order mark; other bytes are decoded by the declared charset, or as
// Windows-1252 when none is declared.
func toUTF8(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		if d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	if utf8.Valid(b) {
		return b, nil
	}
	if m := encodingDecl.FindSubmatch(b); m != nil {
		label := string(m[1])
		enc, _ := charset.Lookup(label)
		if enc == nil {
			return nil, fmt.Errorf("the file declares the charset %q, which we do not know; save it as UTF-8 and import it again", clip(label, 40))
		}
		d, err := enc.NewDecoder().Bytes(b)
		if err == nil {
			return bytes.ToValidUTF8(d, []byte("\uFFFD")), nil
		}
	}
	if d, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
		return d, nil
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), nil
}
