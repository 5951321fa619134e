package discover

import (
	"bytes"
	"strings"
)

// kindHTML is what sniff says of an HTML page.
const kindHTML = "html"

// sniff says what a fetched document is, from its first bytes: KindRSS,
// KindAtom, KindJSON, KindSitemap, kindHTML, or "" for anything else. The
// real parsers decide whether it is a good one.
func sniff(b []byte) string {
	if bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		return KindSitemap // a .xml.gz: only sitemaps are served so
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return ""
	}
	if b[0] == '{' {
		return KindJSON
	}
	if len(b) > 64<<10 {
		b = b[:64<<10] // the root element comes long before this
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			return ""
		}
		b = b[i:]
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			b = after(b, "-->")
		case bytes.HasPrefix(b, []byte("<?")):
			b = after(b, "?>")
		case bytes.HasPrefix(b, []byte("<!")):
			if len(b) >= 14 && strings.EqualFold(string(b[:14]), "<!doctype html") {
				return kindHTML
			}
			b = after(b, ">")
		default:
			end := 1
			for end < len(b) && !strings.ContainsRune(" \t\r\n/>", rune(b[end])) {
				end++
			}
			name := strings.ToLower(string(b[1:end]))
			if k := strings.LastIndexByte(name, ':'); k >= 0 {
				name = name[k+1:]
			}
			switch name {
			case "rss", "rdf":
				return KindRSS
			case "feed":
				return KindAtom
			case "urlset", "sitemapindex":
				return KindSitemap
			case "html", "head", "body":
				return kindHTML
			}
			return ""
		}
	}
	return ""
}

// after returns b after the first marker, or nothing.
func after(b []byte, marker string) []byte {
	if i := bytes.Index(b, []byte(marker)); i >= 0 {
		return b[i+len(marker):]
	}
	return nil
}
