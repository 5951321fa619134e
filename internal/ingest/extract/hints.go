package extract

import (
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageHints is what the page says about itself, read in one walk.
type pageHints struct {
	lang      string    // ISO 639-1, from <html lang> or a language meta tag
	title     string    // <title>, or og:title when there is no <title>
	canonical string    // <link rel=canonical>, or og:url when there is none
	words     int       // visible words on the whole page
	paywalled bool      // markup says the article is behind a paywall
	published time.Time // publication time declared in JSON-LD or meta tags, in the page's zone
}

// readHints walks the document once.
func readHints(doc *html.Node) pageHints {
	var h pageHints
	var metaLang, ogLocale, ogTitle, ogURL string
	var ldDate, metaDate string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			h.words += countWords(n.Data)
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Html:
				if h.lang == "" {
					h.lang = langCode(attr(n, "lang"))
				}
				if h.lang == "" {
					h.lang = langCode(attr(n, "xml:lang"))
				}
			case atom.Title:
				if h.title == "" && n.FirstChild != nil {
					h.title = strings.Join(strings.Fields(n.FirstChild.Data), " ")
				}
				return
			case atom.Meta:
				content := attr(n, "content")
				switch strings.ToLower(attr(n, "http-equiv") + attr(n, "name") + attr(n, "property")) {
				case "content-language", "language", "dc.language", "dcterms.language":
					if metaLang == "" {
						metaLang = langCode(content)
					}
				case "og:locale":
					ogLocale = langCode(content)
				case "og:title":
					ogTitle = strings.TrimSpace(content)
				case "og:url":
					ogURL = strings.TrimSpace(content)
				case "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
					"publishdate", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
					"sailthru.date", "parsely-pub-date":
					if metaDate == "" {
						metaDate = content
					}
				}
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") && metaDate == "" {
					metaDate = content
				}
			case atom.Link:
				if h.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					h.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") && n.FirstChild != nil {
					h.paywalled = h.paywalled || notFreeLD(n.FirstChild.Data)
					if m := ldDateRE.FindStringSubmatch(n.FirstChild.Data); m != nil && ldDate == "" {
						ldDate = m[1]
					}
				}
				return
			case atom.Time:
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") && metaDate == "" {
					metaDate = attr(n, "datetime")
				}
			case atom.Style, atom.Noscript, atom.Template:
				return
			}
			for _, cls := range []string{attr(n, "class"), attr(n, "id")} {
				if cls != "" && paywallMarker(cls) {
					h.paywalled = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h.lang == "" {
		h.lang = metaLang
	}
	if h.lang == "" {
		h.lang = ogLocale
	}
	if h.title == "" {
		h.title = ogTitle
	}
	if h.canonical == "" {
		h.canonical = ogURL
	}
	if h.published = parseDate(ldDate); h.published.IsZero() {
		h.published = parseDate(metaDate)
	}
	return h
}

var ldDateRE = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{8,40})"`)

// langCode turns a language tag ("en-US", "pt_BR", "DE") into an ISO 639-1
// code, or "" when it names no single two-letter language.
func langCode(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_,; "); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 {
		return ""
	}
	tag = strings.ToLower(tag)
	if tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}
