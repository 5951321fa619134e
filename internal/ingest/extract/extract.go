// Package extract finds an article page's main text, title, author, date,
// language hint, canonical address and lead image.
//
// Extract works in this order:
//
//  1. Parse the page as a browser without scripts would (so <noscript>
//     holds markup, not text), and read what it says about itself
//     (hints.go).
//  2. Prune what no extractor reads: scripts, styles, drawings, form
//     controls, and the site's navigation and footers (prune.go).
//  3. go-trafilatura finds the main text. When it finds too little (fewer
//     than fallbackWords words), go-readability tries too and the longer
//     text wins: the two fail on different page shapes. Both are hidden
//     behind Extract, so either can be replaced without touching callers.
//  4. Drop the site furniture they let through: "read also" links, photo
//     credits, newsletter and comment prompts (boilerplate.go).
//  5. Put back the lead (dek) they drop as a teaser (lead.go).
//  6. Choose the publication time and day (date.go).
//
// The text is plain: paragraphs separated by a blank line ("\n\n"), a line
// break inside a paragraph kept as "\n", white space otherwise collapsed.
//
// Partial marks a page that is not the article: a paywall stub, a login
// wall or a bot check. See partial.go for the rule.
//
// Evaluate (evalset.go) scores all this on the trafilatura evaluation set.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"beatdesk/internal/ingest/canon"

	"github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// A Result is what Extract found on a page. Fields it could not find are
// empty.
type Result struct {
	Title     string
	Text      string // paragraphs separated by "\n\n"
	Author    string
	Lang      string    // ISO 639-1 code from the page's own hints (<html lang>, meta); "" if none
	Canonical string    // the page's declared canonical URL, canonicalised; else the page URL's canonical form
	Image     string    // absolute URL of the lead image
	Published time.Time // UTC; see date.go for how it is chosen
	// PublishedDay is the calendar day of Published as the page itself
	// gave it ("2006-01-02"), in the page's own time zone: an evening
	// story in Mexico City is dated that day, not the next UTC one.
	PublishedDay string
	Partial      bool // a paywall stub, login wall or bot check rather than the article
}

const (
	// fallbackWords: below this, the fallback extractor is tried too.
	fallbackWords = 120
	// minWords: below this, and with no sign of a paywall or block page,
	// there is no article here.
	minWords = 15
)

// Extract reads an HTML page fetched from pageURL (which may be "", when
// links cannot be resolved). It returns an error when no main text is found,
// except on a recognised paywall or block page, which comes back with
// Partial set and whatever text it showed.
func Extract(page []byte, pageURL string) (*Result, error) {
	const op = "extract.Extract"
	where := pageURL
	if where == "" {
		where = "the page"
	}
	doc, err := html.ParseWithOptions(bytes.NewReader(toUTF8(page)), html.ParseOptionEnableScripting(false))
	if err != nil { // x/net/html reports only reader errors
		return nil, fmt.Errorf("%s: cannot read %s as HTML: %w", op, where, err)
	}
	hints := readHints(doc) // before pruning: it counts the whole page's words and paywall marks
	prune(doc)
	base, _ := url.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}

	text, meta := mainText(doc, base)
	res := &Result{
		Title:     meta.title,
		Author:    meta.author,
		Lang:      hints.lang,
		Canonical: canonical(pageURL, hints.canonical),
		Image:     canon.Resolve(pageURL, meta.image),
	}
	if res.Title == "" {
		res.Title = hints.title
	}
	res.Text = dropLeadingTitle(dropBoilerplate(text), res.Title)
	if lead := findLead(doc, meta.description, res.Text); lead != "" {
		res.Text = strings.TrimSpace(lead + "\n\n" + res.Text)
	}
	if t := publicationTime(meta.published, hints.published, doc, pageURL); !t.IsZero() {
		res.Published, res.PublishedDay = t.UTC(), t.Format(time.DateOnly)
	}

	// A paywall stub is recognised by the very lines dropBoilerplate
	// removes ("Subscribe to continue reading"), so the rule reads the
	// text as extracted.
	res.Partial = isPartial(countWords(text), text, hints)
	words := countWords(res.Text)
	if words < minWords && !res.Partial {
		return nil, fmt.Errorf("%s: no main text found in %s: the page has %d words (%d in the best block)",
			op, where, hints.words, words)
	}
	return res, nil
}

type found struct {
	title, author, image string
	description          string // the page's summary of itself, from its meta tags
	published            time.Time
}

// mainText runs go-trafilatura and, when it finds little, go-readability,
// and keeps the longer text.
func mainText(doc *html.Node, base *url.URL) (text string, meta found) {
	tr, err := safely(func() (*trafilatura.ExtractResult, error) {
		return trafilatura.ExtractDocument(doc, trafilatura.Options{
			OriginalURL:     base,
			ExcludeComments: true,
			HtmlDateMode:    trafilatura.Fast, // date.go searches further when this finds nothing
		})
	})
	if err == nil && tr != nil {
		text = paragraphs(tr.ContentNode)
		meta = found{
			title:       strings.TrimSpace(tr.Metadata.Title),
			author:      strings.TrimSpace(tr.Metadata.Author),
			image:       tr.Metadata.Image,
			description: tr.Metadata.Description,
			published:   tr.Metadata.Date,
		}
	}
	if countWords(text) >= fallbackWords {
		return text, meta
	}
	ra, err := safely(func() (readability.Article, error) { return readability.FromDocument(doc, base) })
	if err != nil {
		return text, meta
	}
	if rt := paragraphs(ra.Node); countWords(rt) > countWords(text) {
		text = rt
	}
	if meta.title == "" {
		meta.title = strings.TrimSpace(ra.Title)
	}
	if meta.author == "" {
		meta.author = strings.TrimSpace(ra.Byline)
	}
	if meta.image == "" {
		meta.image = ra.Image
	}
	if meta.published.IsZero() && ra.PublishedTime != nil {
		meta.published = *ra.PublishedTime
	}
	return text, meta
}

// dropLeadingTitle removes a first paragraph that repeats the headline:
// Title holds it already.
func dropLeadingTitle(text, title string) string {
	first, rest, ok := strings.Cut(text, "\n\n")
	if ok && title != "" && strings.EqualFold(strings.Join(strings.Fields(first), " "), strings.Join(strings.Fields(title), " ")) {
		return rest
	}
	return text
}

// safely runs an extractor, turning a panic into an error: a bug in a
// third-party extractor, met on one stranger's page, must not take the
// worker down.
func safely[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor panicked: %v", r)
		}
	}()
	return f()
}

// canonical picks the canonical address: the page's declaration, unless it
// points at a site's home page from a deeper page (a common template
// mistake that would fold every article into one), else the page URL.
func canonical(pageURL, declared string) string {
	if declared = canon.Resolve(pageURL, declared); declared != "" {
		d, _ := url.Parse(declared)
		p, _ := url.Parse(pageURL)
		homeForDeepPage := d != nil && (d.Path == "" || d.Path == "/") && p != nil && p.Path != "" && p.Path != "/"
		if c, err := canon.URL(declared); err == nil && !homeForDeepPage {
			return c
		}
	}
	c, _ := canon.URL(pageURL)
	return c
}

// toUTF8 decodes a page to UTF-8. Valid UTF-8 is taken as it is, whatever
// the page declares (the declaration is often wrong); otherwise the
// page's <meta charset> decides, and Windows-1252 when it names none.
// The declaration is looked for in the first charsetScan bytes, not only
// the first 1024 the HTML standard's prescan reads: archived copies and
// some CMSs put scripts and styles ahead of it.
func toUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	enc, _, _ := charset.DetermineEncoding(b, "text/html")
	if m := metaCharsetRE.FindSubmatch(b[:min(len(b), charsetScan)]); m != nil {
		if e, _ := charset.Lookup(string(m[1])); e != nil {
			enc = e
		}
	}
	if d, err := enc.NewDecoder().Bytes(b); err == nil {
		return d
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

const charsetScan = 64 << 10

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([a-z0-9_.:-]+)`)
