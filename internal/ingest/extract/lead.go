package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The lead (dek, standfirst, teaser) is the sentence or two under a news
// headline. Pages mark it up as a summary apart from the body, often in
// the article header and with a class such as "teaser" or "intro", and the
// main-text extractors drop it as boilerplate. The page's own description
// meta tag usually repeats it, which tells the lead from a real teaser for
// another article: a visible block whose text is the page's description is
// the lead.

// leadMinWords: shorter blocks are titles, kickers or bylines.
const leadMinWords = 6

// findLead returns the visible block of the page's body that matches the
// page's description, or "" when none does or the text holds it already.
func findLead(doc *html.Node, description, text string) string {
	desc := trimEllipsis(normaliseSpace(stripTags(description)))
	if len(strings.Fields(desc)) < leadMinWords {
		return ""
	}
	// Only a block opening with the description's first word can match;
	// checking that on the raw text spares normalising every block.
	first := strings.ToLower(strings.Fields(desc)[0])
	var lead string
	eachBlock(doc, leadSkip, func(raw string) bool {
		if !hasPrefixFold(strings.TrimLeftFunc(raw, unicode.IsSpace), first) {
			return true
		}
		if block := normaliseSpace(raw); leadMatches(block, desc) {
			lead = block
			return false
		}
		return true
	})
	if lead == "" || strings.Contains(normaliseSpace(text), lead) {
		return ""
	}
	return lead
}

// leadMatches reports whether a block's text and the description are the
// same passage. Descriptions are often the lead cut to a length, or
// lightly edited ("Nummer Eins" for "No. 1"), so it asks for the same
// opening words and most of the description's words in a block not much
// longer than it.
func leadMatches(block, desc string) bool {
	bw, dw := strings.Fields(strings.ToLower(block)), strings.Fields(strings.ToLower(desc))
	if len(bw) < leadMinWords || len(bw) > 3*len(dw)+10 {
		return false
	}
	for i := range leadSameStart {
		if bw[i] != dw[i] {
			return false
		}
	}
	inBlock := make(map[string]bool, len(bw))
	for _, w := range bw {
		inBlock[w] = true
	}
	shared := 0
	for _, w := range dw {
		if inBlock[w] {
			shared++
		}
	}
	return 10*shared >= 6*len(dw)
}

// leadSameStart is how many opening words a lead and the description
// must share.
const leadSameStart = 3

// stripTags removes markup that some sites leave in their description.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	return html.UnescapeString(tagRE.ReplaceAllString(s, " "))
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// hasPrefixFold reports whether s starts with the lower-case prefix,
// ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func trimEllipsis(s string) string {
	for _, suffix := range []string{"[...]", "[…]", "...", "…"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	return s
}

// eachBlock calls f with the text of each block of the page's visible
// body, as it stands in the page (white space not yet collapsed), in
// document order, leaving out the elements in skip, until f returns
// false.
func eachBlock(doc *html.Node, skip map[atom.Atom]bool, f func(string) bool) {
	var cur strings.Builder
	stop := false
	flush := func() {
		if stop {
			return
		}
		if cur.Len() > 0 && !f(cur.String()) {
			stop = true
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if stop {
			return
		}
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if hidden[n.DataAtom] || skip[n.DataAtom] {
				return
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		block := n.Type == html.ElementNode && !inline[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		} else if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			cur.WriteByte(' ')
		}
	}
	walk(doc)
	flush()
}

// leadSkip: a lead is never in the site's navigation, footers or side
// bars, nor the text of a link (a teaser for another article).
var leadSkip = map[atom.Atom]bool{
	atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.A: true, atom.Label: true,
}
