package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// prune removes what no extractor reads before they copy and walk the
// tree (go-trafilatura copies it three times, then drops these itself):
// scripts other than JSON data (JSON-LD, and the state blobs where
// htmldate finds some pages' dates), style sheets, drawings, embedded
// media, form controls, table column markup, HTML comments, and the
// page's navigation, footers and side bars outside its <article> or
// <main>. A footer or aside inside the article stays: some put the byline
// and date there. On the evaluation set this cuts the time per page by
// about 15% and leaves the scores as they were.
func prune(doc *html.Node) {
	pruneIn(doc, false)
}

func pruneIn(n *html.Node, inArticle bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode:
			n.RemoveChild(c)
		case c.Type != html.ElementNode:
		case prunable[c.DataAtom],
			c.DataAtom == atom.Script && !strings.Contains(strings.ToLower(attr(c, "type")), "json"),
			!inArticle && siteFurniture[c.DataAtom]:
			n.RemoveChild(c)
		default:
			pruneIn(c, inArticle || c.DataAtom == atom.Article || c.DataAtom == atom.Main)
		}
		c = next
	}
}

// prunable elements never hold article text.
var prunable = map[atom.Atom]bool{
	atom.Style: true, atom.Svg: true, atom.Template: true, atom.Math: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Applet: true, atom.Audio: true,
	atom.Video: true, atom.Canvas: true, atom.Map: true, atom.Area: true,
	atom.Select: true, atom.Option: true, atom.Optgroup: true, atom.Datalist: true,
	atom.Textarea: true, atom.Input: true, atom.Button: true, atom.Col: true, atom.Colgroup: true,
}

// siteFurniture elements hold the site's, not the article's, text when
// they stand outside the article.
var siteFurniture = map[atom.Atom]bool{atom.Nav: true, atom.Footer: true, atom.Aside: true}
