package feed

import (
	stdhtml "html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// This file holds the rules by which gofeed turns raw XML into field
// values, restated for the direct reader so that both paths give the same
// Feed for the same document (TestDirectMatchesGofeed checks it on every
// test document and the real-feed corpus).

// elementText is the value of an element read as feed text: its raw
// content trimmed, then CDATA sections unwrapped and character references
// decoded outside them.
func elementText(raw []byte) string {
	s := strings.TrimSpace(dropControls(raw))
	if strings.Contains(s, "<![CDATA[") {
		return stripCDATA(s)
	}
	return decodeEntities(s)
}

// stripCDATA keeps the contents of CDATA sections as they are and decodes
// character references in the text around them.
func stripCDATA(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		start := strings.Index(s, "<![CDATA[")
		if start < 0 {
			b.WriteString(decodeEntities(s))
			break
		}
		b.WriteString(decodeEntities(s[:start]))
		body := s[start+len("<![CDATA["):]
		end := strings.Index(body, "]]>")
		if end < 0 { // unterminated: kept, marker and all
			b.WriteString(decodeEntities(s[start:]))
			break
		}
		b.WriteString(body[:end])
		s = body[end+len("]]>"):]
	}
	return b.String()
}

// decodeEntities decodes HTML character references, named or numeric, but
// only complete ones: an '&' counts only when a ';' follows within 64
// bytes with no white space between and the reference needs that ';'
// (so "?a=1&copy=2;" in a URL is left alone, unlike html.UnescapeString).
func decodeEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		b.WriteString(s[:i])
		s = s[i:]
		n := consumedReference(s)
		if n == 0 {
			b.WriteByte('&')
			s = s[1:]
		} else {
			b.WriteString(unescapeReference(s[:n]))
			s = s[n:]
		}
		if i = strings.IndexByte(s, '&'); i < 0 {
			b.WriteString(s)
			return b.String()
		}
	}
}

// consumedReference returns the length of the character reference that s
// (starting with '&') begins with, or 0 if it begins none.
func consumedReference(s string) int {
	w := s
	if len(w) > 64 {
		w = w[:64]
	}
	end := strings.IndexByte(w, ';')
	if end < 0 || strings.ContainsAny(s[1:end], " \t\r\n") {
		return 0
	}
	switch s[:end+1] { // the common ones, without the general test below
	case "&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&nbsp;":
		return end + 1
	}
	ref := s[:end+1]
	if unescapeReference(ref) == stdhtml.UnescapeString(ref[:end])+";" {
		return 0 // the ';' is not part of the reference
	}
	return end + 1
}

func unescapeReference(ref string) string {
	switch ref {
	case "&lt;":
		return "<"
	case "&gt;":
		return ">"
	case "&amp;":
		return "&"
	case "&quot;":
		return `"`
	case "&apos;":
		return "'"
	case "&nbsp;":
		return "\u00a0"
	}
	return stdhtml.UnescapeString(ref)
}

// charData decodes text the way encoding/xml does for the text of
// extension elements (dc:creator, ...) and attribute values: the five XML
// entities and numeric references are decoded and anything else that
// looks like a reference is kept as written; CDATA sections are
// unwrapped; line ends become "\n".
func charData(raw []byte) string {
	s := dropControls(raw)
	if !strings.ContainsAny(s, "&<\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			if strings.HasPrefix(s[i:], "<![CDATA[") {
				body := s[i+len("<![CDATA["):]
				end := strings.Index(body, "]]>")
				if end < 0 {
					end = len(body)
				}
				writeLines(&b, body[:end])
				i += len("<![CDATA[") + end + len("]]>")
				continue
			}
			b.WriteByte(c)
			i++
		case '\r':
			b.WriteByte('\n')
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case '&':
			text, n := xmlReference(s[i:])
			b.WriteString(text)
			i += n
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func writeLines(b *strings.Builder, s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	b.WriteString(strings.ReplaceAll(s, "\r", "\n"))
}

// xmlReference decodes the reference s starts with, as encoding/xml does
// in its lenient mode, returning the text and how many bytes it used.
func xmlReference(s string) (string, int) {
	end := 1
	if strings.HasPrefix(s, "&#") {
		base, digits := 10, 2
		if strings.HasPrefix(s, "&#x") {
			base, digits = 16, 3
		}
		end = digits
		for end < len(s) && (s[end] >= '0' && s[end] <= '9' || base == 16 && (s[end]|0x20 >= 'a' && s[end]|0x20 <= 'f')) {
			end++
		}
		if end < len(s) && s[end] == ';' {
			if n, err := strconv.ParseUint(s[digits:end], base, 64); err == nil && n <= utf8.MaxRune {
				return string(rune(n)), end + 1
			}
		}
		return s[:end], end
	}
	for end < len(s) && s[end] != ';' && s[end] != '&' && s[end] != '<' && !isSpace(s[end]) {
		end++
	}
	if end < len(s) && s[end] == ';' {
		switch s[1:end] {
		case "lt":
			return "<", end + 1
		case "gt":
			return ">", end + 1
		case "amp":
			return "&", end + 1
		case "apos":
			return "'", end + 1
		case "quot":
			return `"`, end + 1
		}
	}
	return s[:end], end
}

// dropControls returns raw as a string without the C0 control characters
// XML forbids (all below 0x20 but tab, line feed and carriage return),
// which gofeed removes from the whole document before parsing.
func dropControls(raw []byte) string {
	for i, c := range raw {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			out := make([]byte, i, len(raw))
			copy(out, raw)
			for _, c := range raw[i:] {
				if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
					out = append(out, c)
				}
			}
			return string(out)
		}
	}
	return string(raw)
}

// The forms gofeed recognises in an RSS author: "mail (Name)",
// "Name (mail)", a bare name, a bare address.
var (
	mailThenName = regexp.MustCompile(`^([^@]+@[^\s]+)\s+\(([^@]+)\)$`)
	nameThenMail = regexp.MustCompile(`^([^@]+)\s+\(([^@]+@[^)]+)\)$`)
)

// personName returns the name in an RSS author text such as
// "jane@example.com (Jane Doe)"; "" when it holds only an address or
// has a form gofeed does not recognise.
func personName(s string) string {
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "@()") {
		return s
	}
	if m := mailThenName.FindStringSubmatch(s); m != nil {
		return m[2]
	}
	if m := nameThenMail.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// resolveAgainst resolves ref against an xml:base the way gofeed does: a
// base path is taken as a directory, and with no base the reference is
// still passed through url.Parse (which normalises its escaping). A
// reference that does not parse is returned as it is.
func resolveAgainst(base *url.URL, ref string) string {
	u, err := url.Parse(strings.TrimLeft(ref, " "))
	if err != nil {
		return ref
	}
	if base == nil {
		return u.String()
	}
	b := *base
	if b.Path != "" && ref != "" && !strings.HasSuffix(b.Path, "/") {
		b.Path += "/"
	}
	return b.ResolveReference(u).String()
}

// rebaseHTML does to HTML in an Atom text construct under an xml:base
// what gofeed does: parse it, resolve its URI attributes against the base
// and render it again. That rarely changes the plain text Parse keeps of a
// summary, but a title keeps the markup it does not recognise as written,
// and the rendering shows there.
func rebaseHTML(base *url.URL, s string) string {
	if base == nil {
		return s
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for i, a := range n.Attr {
				if htmlURIAttributes[a.Key] {
					n.Attr[i].Val = resolveAgainst(base, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	var b strings.Builder
	if err := html.Render(&b, doc); err != nil {
		return s
	}
	out := strings.TrimPrefix(b.String(), "<html><head></head><body>")
	return strings.TrimSuffix(out, "</body></html>")
}

var htmlURIAttributes = map[string]bool{
	"action": true, "background": true, "cite": true, "codebase": true,
	"data": true, "href": true, "poster": true, "profile": true,
	"scheme": true, "src": true, "uri": true, "usemap": true,
}

// XML namespaces the readers need by name.
const (
	nsXML    = "http://www.w3.org/XML/1998/namespace"
	nsAtom10 = "http://www.w3.org/2005/Atom"
	nsAtom03 = "http://purl.org/atom/ns#"
	nsRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsRSS10  = "http://purl.org/rss/1.0/"
	nsRSS09  = "http://channel.netscape.com/rdf/simple/0.9/"
	nsRSS09b = "http://my.netscape.com/rdf/simple/0.9/"
)

// conventionalPrefixes are the usual prefixes of the namespaces feeds
// use. gofeed files an extension element under its namespace's usual
// prefix whatever prefix the document chose (so a Dublin Core element is
// "dc" even when declared as xmlns:purl), and the direct reader must file
// them the same way.
var conventionalPrefixes = map[string]string{
	nsAtom10: "atom",
	nsAtom03: "atom03",
	nsRDF:    "rdf",

	"http://webns.net/mvcb/":                                         "admin",
	"http://purl.org/rss/1.0/modules/aggregation/":                   "ag",
	"http://purl.org/rss/1.0/modules/annotate/":                      "annotate",
	"http://media.tangent.org/rss/1.0/":                              "audio",
	"http://backend.userland.com/blogChannelModule":                  "blogChannel",
	"http://creativecommons.org/ns#license":                          "cc",
	"http://web.resource.org/cc/":                                    "cc",
	"http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html": "creativeCommons",
	"http://backend.userland.com/creativeCommonsRssModule":           "creativeCommons",
	"http://purl.org/rss/1.0/modules/company":                        "co",
	"http://purl.org/rss/1.0/modules/content/":                       "content",
	"http://my.theinfo.org/changed/1.0/rss/":                         "cp",
	"http://purl.org/dc/elements/1.1/":                               "dc",
	"http://purl.org/dc/terms/":                                      "dcterms",
	"http://purl.org/rss/1.0/modules/email/":                         "email",
	"http://purl.org/rss/1.0/modules/event/":                         "ev",
	"http://rssnamespace.org/feedburner/ext/1.0":                     "feedburner",
	"http://freshmeat.net/rss/fm/":                                   "fm",
	"http://xmlns.com/foaf/0.1/":                                     "foaf",
	"http://www.w3.org/2003/01/geo/wgs84_pos#":                       "geo",
	"http://www.georss.org/georss":                                   "georss",
	"http://www.opengis.net/gml":                                     "gml",
	"http://postneo.com/icbm/":                                       "icbm",
	"http://purl.org/rss/1.0/modules/image/":                         "image",
	"http://www.itunes.com/DTDs/PodCast-1.0.dtd":                     "itunes",
	"http://example.com/DTDs/PodCast-1.0.dtd":                        "itunes",
	"http://purl.org/rss/1.0/modules/link/":                          "l",
	"http://search.yahoo.com/mrss":                                   "media",
	"http://search.yahoo.com/mrss/":                                  "media",
	"http://madskills.com/public/xml/rss/module/pingback/":           "pingback",
	"http://prismstandard.org/namespaces/1.2/basic/":                 "prism",
	"http://www.w3.org/2000/01/rdf-schema#":                          "rdfs",
	"http://purl.org/rss/1.0/modules/reference/":                     "ref",
	"http://purl.org/rss/1.0/modules/richequiv/":                     "reqv",
	"http://purl.org/rss/1.0/modules/search/":                        "search",
	"http://purl.org/rss/1.0/modules/slash/":                         "slash",
	"http://schemas.xmlsoap.org/soap/envelope/":                      "soap",
	"http://purl.org/rss/1.0/modules/servicestatus/":                 "ss",
	"http://hacks.benhammersley.com/rss/streaming/":                  "str",
	"http://purl.org/rss/1.0/modules/subscription/":                  "sub",
	"http://purl.org/rss/1.0/modules/syndication/":                   "sy",
	"http://schemas.pocketsoap.com/rss/myDescModule/":                "szf",
	"http://purl.org/rss/1.0/modules/taxonomy/":                      "taxo",
	"http://purl.org/rss/1.0/modules/threading/":                     "thr",
	"http://purl.org/rss/1.0/modules/textinput/":                     "ti",
	"http://madskills.com/public/xml/rss/module/trackback/":          "trackback",
	"http://wellformedweb.org/commentAPI/":                           "wfw",
	"http://purl.org/rss/1.0/modules/wiki/":                          "wiki",
	"http://www.w3.org/1999/xhtml":                                   "xhtml",
	"http://www.w3.org/1999/xlink":                                   "xlink",
	nsXML:                                                            "xml",
	"http://podlove.org/simple-chapters":                             "psc",
}
