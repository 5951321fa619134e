package feed

import (
	"strings"

	"github.com/mmcdole/gofeed"
)

// How the direct reader reads RSS 0.9x, 1.0 (RDF) and 2.0, field by field
// as gofeed does.

// rssNative reports whether an element in namespace space belongs to RSS
// itself rather than to an extension.
func rssNative(space, rootSpace string) bool {
	switch space = strings.TrimSpace(space); space {
	case "", "rss", "rdf", nsRDF, nsRSS10, nsRSS09, nsRSS09b:
		return true
	}
	return space == rootSpace
}

func (d *directReader) rss(root *element) (*gofeed.Feed, head, error) {
	// Some feeds give <rss> a made-up default namespace that every
	// unprefixed element inherits; gofeed then counts it as RSS's own.
	rootSpace := strings.TrimSpace(root.space)
	if _, ok := conventionalPrefixes[rootSpace]; ok {
		rootSpace = ""
	}
	var (
		ch        *gofeed.Feed
		h         head
		rootItems []*gofeed.Item
	)
	err := d.children(root, func(c *element) error {
		if !rssNative(c.space, rootSpace) {
			return d.skip(c)
		}
		switch {
		case asciiIs(c.local, "channel"):
			var err error
			ch, h, err = d.channel(c, rootSpace)
			return err
		case asciiIs(c.local, "item"):
			it, err := d.item(c, rootSpace)
			rootItems = append(rootItems, it)
			return err
		}
		return d.skip(c)
	})
	if err != nil {
		return nil, head{}, err
	}
	if ch == nil {
		ch = &gofeed.Feed{}
	}
	ch.Items = append(ch.Items, rootItems...)
	return ch, h, nil
}

func (d *directReader) channel(e *element, rootSpace string) (*gofeed.Feed, head, error) {
	f := &gofeed.Feed{}
	var (
		ttl string
		xs  exts
	)
	err := d.children(e, func(c *element) error {
		var err error
		if !rssNative(c.space, rootSpace) {
			var x ext
			x, err = d.extension(c)
			xs = append(xs, x)
			return err
		}
		switch {
		case asciiIs(c.local, "title"):
			f.Title, err = d.text(c)
		case asciiIs(c.local, "link"):
			f.Link, err = d.link(c)
		case asciiIs(c.local, "language"):
			f.Language, err = d.text(c)
		case asciiIs(c.local, "ttl"):
			ttl, err = d.text(c)
		case asciiIs(c.local, "item"):
			var it *gofeed.Item
			it, err = d.item(c, rootSpace)
			f.Items = append(f.Items, it)
		default:
			err = d.skip(c)
		}
		return err
	})
	if f.Title == "" {
		f.Title = xs.value("dc", "title")
	}
	if f.Language == "" {
		f.Language = xs.value("dc", "language")
	}
	if f.Link == "" {
		f.Link = xs.atomSiteLink()
	}
	h := head{ttl: parseTTL(ttl)}
	xs.webSubLinks(&h)
	return f, h, err
}

// atomSiteLink returns the first embedded Atom link to the site.
func (xs exts) atomSiteLink() string {
	for _, k := range atomKeys {
		for _, x := range xs {
			if x.key == k && x.name == "link" {
				if rel := x.attrs.lastAttr("rel"); rel == "" || rel == "alternate" {
					return x.attrs.lastHref()
				}
			}
		}
	}
	return ""
}

// lastAttr is an attribute as gofeed's extension elements keep them: by
// local name, the last one written winning.
func (e *element) lastAttr(local string) string {
	for i := len(e.attrs) - 1; i >= 0; i-- {
		if string(e.attrs[i].local) == local {
			return charData(e.attrs[i].raw)
		}
	}
	return ""
}

func (e *element) lastHref() string {
	for i := len(e.attrs) - 1; i >= 0; i-- {
		if string(e.attrs[i].local) == "href" {
			return resolveAgainst(e.base, charData(e.attrs[i].raw))
		}
	}
	return ""
}

// link reads an RSS <link>: its text, or its href when it has no text,
// resolved against the xml:base in scope.
func (d *directReader) link(e *element) (string, error) {
	href := e.href()
	s, err := d.text(e)
	if s == "" {
		s = href
	}
	if e.base != nil && s != "" {
		s = resolveAgainst(e.base, s)
	}
	return s, err
}

func (d *directReader) item(e *element, rootSpace string) (*gofeed.Item, error) {
	it := &gofeed.Item{}
	var (
		author, guid string
		xs           exts
	)
	err := d.children(e, func(c *element) error {
		var err error
		if asciiIs(c.local, "encoded") && d.extensionKey(c) == "content" {
			it.Content, err = d.text(c)
			return err
		}
		if !rssNative(c.space, rootSpace) {
			var x ext
			x, err = d.extension(c)
			xs = append(xs, x)
			return err
		}
		switch {
		case asciiIs(c.local, "title"):
			it.Title, err = d.text(c)
		case asciiIs(c.local, "description"):
			it.Description, err = d.text(c)
		case asciiIs(c.local, "link"):
			it.Link, err = d.link(c)
		case asciiIs(c.local, "author"):
			author, err = d.text(c)
		case asciiIs(c.local, "guid"):
			guid, err = d.text(c)
		case asciiIs(c.local, "pubdate"):
			var s string
			if s, err = d.text(c); err == nil {
				if t := parseDate(s); t != nil {
					it.PublishedParsed = t
				}
			}
		default:
			err = d.skip(c)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	it.GUID = guid

	if it.Title == "" {
		it.Title = xs.value("dc", "title")
	}
	if it.Description == "" {
		if x, ok := xs.first("dc", "description"); ok {
			it.Description = x.value
		} else {
			it.Description = xs.value("itunes", "summary")
		}
		if it.Description == "" {
			it.Description = xs.atomValue("summary")
		}
	}
	if it.Content == "" {
		it.Content = xs.atomValue("content")
	}
	if it.PublishedParsed == nil {
		date := xs.value("dc", "date")
		if date == "" {
			date = xs.atomValue("published")
		}
		if it.PublishedParsed = parseDate(date); it.PublishedParsed == nil {
			date = xs.value("dc", "date")
			if date == "" {
				date = xs.atomValue("updated")
			}
			it.UpdatedParsed = parseDate(date)
		}
	}

	name, found := "", true
	switch {
	case author != "":
		name = personName(author)
	case hasExt(xs, "dc", "author"):
		name = personName(xs.value("dc", "author"))
	case hasExt(xs, "dc", "creator"):
		name = personName(xs.value("dc", "creator"))
	case xs.value("itunes", "author") != "":
		name = personName(xs.value("itunes", "author"))
	default:
		name = xs.atomAuthorName()
		found = name != ""
	}
	if found {
		it.Author = &gofeed.Person{Name: name}
		it.Authors = []*gofeed.Person{it.Author}
	}
	return it, nil
}

func hasExt(xs exts, key, name string) bool {
	_, ok := xs.first(key, name)
	return ok
}
