package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// paragraphs renders an extracted tree as plain text: each block element's
// text is a paragraph, paragraphs are separated by a blank line, <br> is a
// line break, and source white space collapses as a browser would show it.
func paragraphs(root *html.Node) string {
	if root == nil {
		return ""
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		// A paragraph of punctuation alone ("·" left from a byline, "***")
		// is layout, not text.
		if p := tidyParagraph(cur.String()); strings.IndexFunc(p, isWordRune) >= 0 {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if hidden[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br || n.Data == "lb" {
				cur.WriteByte('\n')
				return
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		block := n.Type == html.ElementNode && !inline[n.DataAtom] && !strings.Contains(n.Data, "-")
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		switch {
		case block:
			flush()
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			cur.WriteByte(' ') // cells of a row stay one paragraph, apart
		}
	}
	walk(root)
	flush()
	return strings.Join(paras, "\n\n")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tidyParagraph collapses white space within each line of p and drops
// empty lines.
func tidyParagraph(p string) string {
	var lines []string
	for _, line := range strings.Split(p, "\n") {
		if l := strings.Join(strings.Fields(line), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// hidden elements never hold article text.
var hidden = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
}

// inline elements run on with their neighbours; table cells are handled
// apart. Everything else, including unknown elements, starts a paragraph.
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true,
	atom.Em: true, atom.Font: true, atom.I: true, atom.Img: true, atom.Ins: true,
	atom.Kbd: true, atom.Label: true, atom.Mark: true, atom.Q: true, atom.Rp: true,
	atom.Rt: true, atom.Ruby: true, atom.S: true, atom.Samp: true, atom.Small: true,
	atom.Span: true, atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true,
	atom.Time: true, atom.Tt: true, atom.U: true, atom.Var: true, atom.Wbr: true,
	atom.Td: true, atom.Th: true,
}

// countWords counts words as strings.Fields does, runs of characters
// between spaces, except that each Chinese or Japanese character counts
// as a word of its own, since those scripts put no spaces between words.
func countWords(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			inWord = false
		case isCJK(r):
			n++
			inWord = false
		case !inWord:
			n++
			inWord = true
		}
	}
	return n
}

func isCJK(r rune) bool {
	// Below U+2E80 (the CJK radicals) no rune is Han or kana: a quick
	// answer for the Latin, Cyrillic and Arabic text of most pages.
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}
