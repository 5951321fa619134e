package desk

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"beatdesk"
)

// membersOnlyMark ends the title of a members-only section in the
// Markdown an editor edits: "## What to watch (members only)".
const membersOnlyMark = "(members only)"

// draftMarkdown writes a draft's text as one Markdown document: the
// headline as "# ", the dek as the first paragraph, each section as "## "
// with its paragraphs.
func draftMarkdown(headline, dek string, sections []beatdesk.Section) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", headline, dek)
	for _, s := range sections {
		title := s.Title
		if s.MembersOnly {
			title += " " + membersOnlyMark
		}
		fmt.Fprintf(&b, "\n## %s\n", title)
		for _, p := range s.Paragraphs {
			fmt.Fprintf(&b, "\n%s\n", p)
		}
	}
	return b.String()
}

// parseDraftMarkdown reads the document draftMarkdown writes, parsed as
// CommonMark by goldmark, back into headline, dek and sections. The site
// shows plain, cited text, so what Markdown would add is refused with a
// reason rather than dropped in silence: links and images (sources
// belong in the source list), raw HTML, lists, quotes, code and deeper
// headings. Emphasis is kept as its words.
func parseDraftMarkdown(src string) (headline, dek string, sections []beatdesk.Section, err error) {
	const op = "desk.parseDraftMarkdown"
	source := []byte(strings.ReplaceAll(src, "\r\n", "\n"))
	doc := goldmark.New().Parser().Parse(text.NewReader(source))
	var deks []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			title, err := inlineText(n, source)
			if err != nil {
				return "", "", nil, err
			}
			switch {
			case n.Level == 1 && headline == "" && len(sections) == 0:
				headline = title
			case n.Level == 2:
				sec := beatdesk.Section{Title: title}
				if t, ok := strings.CutSuffix(title, membersOnlyMark); ok {
					sec.Title, sec.MembersOnly = strings.TrimSpace(t), true
				}
				sections = append(sections, sec)
			default:
				return "", "", nil, beatdesk.Errorf(beatdesk.ErrInvalid, op,
					"“%s”: use one “# ” line for the headline and “## ” for section titles; other headings are not used", title)
			}
		case *ast.Paragraph:
			p, err := inlineText(n, source)
			if err != nil {
				return "", "", nil, err
			}
			if len(sections) == 0 {
				deks = append(deks, p)
			} else {
				last := &sections[len(sections)-1]
				last.Paragraphs = append(last.Paragraphs, p)
			}
		default:
			return "", "", nil, beatdesk.Errorf(beatdesk.ErrInvalid, op,
				"“%s”: a %s is not used in articles; write plain paragraphs separated by blank lines",
				firstLine(n, source), blockName(n))
		}
	}
	if len(deks) > 1 {
		return "", "", nil, beatdesk.Errorf(beatdesk.ErrInvalid, op,
			"the dek is one paragraph, but %d come before the first “## ” section title; join them or start a section", len(deks))
	}
	if len(deks) == 1 {
		dek = deks[0]
	}
	return headline, dek, sections, nil
}

// inlineText returns a block's words as plain text, or why it cannot.
func inlineText(block ast.Node, source []byte) (string, error) {
	const op = "desk.parseDraftMarkdown"
	var b bytes.Buffer
	err := ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image:
			return ast.WalkStop, beatdesk.Errorf(beatdesk.ErrInvalid, op,
				"“%s” has a link; sources are cited by number, like [1], and their links are in the source list", firstLine(block, source))
		case *ast.RawHTML:
			return ast.WalkStop, beatdesk.Errorf(beatdesk.ErrInvalid, op,
				"“%s” has HTML in it; write plain text (a literal < is fine with a space after it)", firstLine(block, source))
		case *ast.Text:
			b.Write(n.Segment.Value(source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " "), err
}

// firstLine is the start of a block's source, to point the editor at it.
func firstLine(n ast.Node, source []byte) string {
	lines := n.Lines()
	if lines == nil || lines.Len() == 0 {
		for c := n.FirstChild(); c != nil; c = c.FirstChild() {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				lines = l
				break
			}
		}
	}
	if lines == nil || lines.Len() == 0 {
		return "…"
	}
	first := lines.At(0)
	s := strings.TrimSpace(string(first.Value(source)))
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return s
}

func blockName(n ast.Node) string {
	switch n.(type) {
	case *ast.List:
		return "list"
	case *ast.Blockquote:
		return "quotation block"
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return "code block"
	case *ast.ThematicBreak:
		return "horizontal rule"
	case *ast.HTMLBlock:
		return "block of HTML"
	}
	return "block of this kind"
}
