package feed

import (
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// How the direct reader reads Atom (1.0 and 0.3), field by field as gofeed
// does.

// atomNative reports whether an element in namespace space is Atom's own.
func atomNative(space string) bool {
	switch strings.TrimSpace(space) {
	case "", nsAtom10, nsAtom03:
		return true
	}
	return false
}

func (d *directReader) atom(root *element) (*gofeed.Feed, head, error) {
	f := &gofeed.Feed{Language: root.attr("lang")}
	var h head
	siteLink, linked := "", false
	err := d.children(root, func(c *element) error {
		if !atomNative(c.space) {
			return d.skip(c)
		}
		var err error
		switch {
		case asciiIs(c.local, "title"):
			f.Title, err = d.atomText(c)
		case asciiIs(c.local, "link"):
			if !linked && atomRel(c) == "alternate" {
				siteLink, linked = c.href(), true
			}
			h.noteLink(atomRel(c), c.href())
			err = d.skip(c)
		case asciiIs(c.local, "entry"):
			var it *gofeed.Item
			it, err = d.entry(c)
			f.Items = append(f.Items, it)
		default:
			err = d.skip(c)
		}
		return err
	})
	f.Link = siteLink
	return f, h, err
}

func atomRel(e *element) string {
	if rel := e.attr("rel"); rel != "" {
		return rel
	}
	return "alternate"
}

func (d *directReader) entry(e *element) (*gofeed.Item, error) {
	it := &gofeed.Item{}
	var (
		summary, content  atomText
		published, update *time.Time
		authors           []*gofeed.Person
		linked            bool
	)
	err := d.children(e, func(c *element) error {
		if !atomNative(c.space) {
			return d.skip(c)
		}
		var (
			s   string
			err error
		)
		switch {
		case asciiIs(c.local, "title"):
			it.Title, err = d.atomText(c)
		case asciiIs(c.local, "id"):
			if s, err = d.atomText(c); err == nil {
				it.GUID = resolveAgainst(c.base, s)
			}
		case asciiIs(c.local, "summary"):
			summary, err = d.atomTextLater(c)
		case asciiIs(c.local, "content"):
			content, err = d.atomTextLater(c)
		case asciiIs(c.local, "link"):
			if !linked && atomRel(c) == "alternate" {
				it.Link, linked = c.href(), true
			}
			err = d.skip(c)
		case asciiIs(c.local, "published"), asciiIs(c.local, "issued"):
			s, err = d.atomText(c)
			published = parseDate(s)
		case asciiIs(c.local, "updated"), asciiIs(c.local, "modified"):
			s, err = d.atomText(c)
			update = parseDate(s)
		case asciiIs(c.local, "author"):
			var p *gofeed.Person
			p, err = d.person(c)
			authors = append(authors, p)
		default:
			err = d.skip(c)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// Parse uses the content only when the summary is empty.
	if it.Description, err = summary.value(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(it.Description) == "" {
		if it.Content, err = content.value(); err != nil {
			return nil, err
		}
	}
	it.PublishedParsed, it.UpdatedParsed = published, update
	if published == nil {
		it.PublishedParsed = update
	}
	if len(authors) > 0 {
		it.Authors, it.Author = authors, authors[0]
	}
	return it, nil
}

func (d *directReader) person(e *element) (*gofeed.Person, error) {
	p := &gofeed.Person{}
	err := d.children(e, func(c *element) error {
		if asciiIs(c.local, "name") {
			var err error
			p.Name, err = d.atomText(c)
			return err
		}
		return d.skip(c)
	})
	return p, err
}

// atomText reads an Atom text construct as gofeed does.
func (d *directReader) atomText(e *element) (string, error) {
	t, err := d.atomTextLater(e)
	if err != nil {
		return "", err
	}
	return t.value()
}

// atomTextLater reads an Atom text construct, leaving the work of
// decoding it for when the value is wanted: a summary makes an entry's
// content unnecessary, and content is usually the bulk of a feed.
func (d *directReader) atomTextLater(e *element) (atomText, error) {
	raw, err := d.r.content(e.tag)
	return atomText{raw: raw, typ: strings.ToLower(e.attr("type")), mode: strings.ToLower(e.attr("mode")), base: e.base}, err
}

type atomText struct {
	raw       []byte
	typ, mode string
	base      *url.URL
}

// value decodes the text. Types gofeed reworks as markup (xhtml, or html
// holding elements) and base64 content go to gofeed.
func (t atomText) value() (string, error) {
	s := strings.TrimSpace(dropControls(t.raw))
	switch typ := t.typ; {
	case strings.Contains(s, "<![CDATA["):
		s = stripCDATA(s)
		if typ == "html" || strings.Contains(typ, "xhtml") {
			s = rebaseHTML(t.base, s)
		}
		return s, nil
	case typ == "text" || strings.HasPrefix(typ, "text/") || typ == "" && t.mode == "":
		return decodeEntities(s), nil
	case strings.Contains(typ, "xhtml"):
		return "", errUncommon
	case typ == "html":
		if strings.Contains(s, "<") {
			return "", errUncommon
		}
		return rebaseHTML(t.base, decodeEntities(s)), nil
	case t.mode == "base64" || typ != "" && !strings.Contains(typ, "xml"):
		return "", errUncommon
	}
	return s, nil
}
