package feed

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText reduces a feed's text, which may be HTML, to plain text: tags
// dropped along with the contents of script, style and similar elements,
// entities decoded, white space collapsed to single spaces.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	hidden := 0 // inside script, style, ...
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if hidden == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object:
				hidden++
			}
			if !inline[a] {
				b.WriteByte(' ') // "<p>a</p><p>b</p>" reads "a b", not "ab"
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[atom.Lookup(name)] {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object:
				if hidden > 0 {
					hidden--
				}
			}
			if !inline[a] {
				b.WriteByte(' ')
			}
		}
	}
}

// inline elements run on with their neighbours: "Hel<b>lo</b>" is "Hello".
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true,
	atom.Font: true, atom.I: true, atom.Kbd: true, atom.Mark: true, atom.Q: true,
	atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strong: true,
	atom.Sub: true, atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true,
}

// titleText reduces a title to plain text more gently than plainText: a
// title is text by the specifications, so only inline formatting tags
// (<b>, <em>, ...) that publishers slip in are dropped; anything else that
// looks like markup, such as "<script>", is kept as the characters the
// publisher wrote. Pages escape it when they show it, so a reader sees
// what the feed said and nothing runs.
func titleText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[atom.Lookup(name)] {
				b.Write(z.Raw())
			}
		default:
			b.Write(z.Raw())
		}
	}
}
