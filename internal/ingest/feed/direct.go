package feed

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
)

// The direct reader.
//
// DESIGN.md chose gofeed for feeds, and gofeed remains the parser of record:
// readDirect reads only the fields Parse keeps, from well-formed RSS and
// Atom, by the rules gofeed applies, and hands anything else to gofeed. It
// exists for the speed target of issue 4, feed parse p95 <= 2 ms for feeds
// up to 100 KB. BenchmarkParseRealFeeds (best of 10 per feed, 2 shared
// cores) on the 117 such feeds of shared/data/real-feeds-fastfeedparser:
//
//	                     p50       p95     (all 200 feeds: p50, p95)
//	through gofeed       1.19 ms   3.23 ms  (2.42 ms, 24.2 ms)
//	direct reader        0.15 ms   0.77 ms  (0.25 ms,  4.6 ms)
//
// gofeed's RSS and Atom parsers alone took p95 2.1 ms: encoding/xml reads
// a byte at a time, gofeed re-reads every text through DecodeElement,
// parses each item's HTML for an image Parse does not keep, and tries ~130
// date layouts before RFC 1123 with "GMT". The direct reader walks the
// byte slice once as tags, decodes only the texts it keeps (an entry's
// content only when it has no summary), and tries the common date layouts
// first.
//
// TestDirectMatchesGofeed checks that both give the same Feed for every
// test document and every real feed; FuzzDirectMatchesGofeed looks for a
// document where they differ.

// readDirect reads an RSS (0.9x, 1.0, 2.0) or Atom document that is already
// UTF-8. It returns errUncommon for anything outside its common case,
// including documents Parse refuses (too deep, declaring entities): the
// slower path says why.
func readDirect(b []byte) (*gofeed.Feed, head, error) {
	r := &xmlReader{b: b}
	root, err := r.next()
	if err != nil {
		return nil, head{}, err
	}
	if root.kind != tagStart {
		return nil, head{}, errUncommon
	}
	d := &directReader{r: r}
	el := d.enter(root)
	switch {
	case asciiIs(el.local, "rss"), asciiIs(el.local, "rdf"):
		return d.rss(el)
	case asciiIs(el.local, "feed"):
		return d.atom(el)
	}
	return nil, head{}, errUncommon
}

// directReader carries what is in scope along the path from the root to
// the element being read: namespace declarations and xml:base.
type directReader struct {
	r     *xmlReader
	decls []nsDecl
	bases []*url.URL
}

type nsDecl struct{ prefix, uri string }

// An element is a start tag read with its scope.
type element struct {
	tag
	local    []byte
	space    string // namespace URI, or the prefix when it is undeclared
	declared bool   // the prefix (if any) had a declaration
	attrs    []attr
	base     *url.URL
	mark     int // len(decls) before the element's own declarations
}

// enter reads start tag t's attributes and brings its declarations into
// scope; leave takes them out again.
func (d *directReader) enter(t tag) *element {
	e := &element{tag: t, mark: len(d.decls)}
	if len(t.attrs) > 0 {
		e.attrs = parseAttrs(nil, t.attrs)
	}
	var base string
	hasBase := false
	for _, a := range e.attrs {
		switch {
		case string(a.prefix) == "xmlns":
			d.decls = append(d.decls, nsDecl{string(a.local), strings.TrimSpace(charData(a.raw))})
		case a.prefix == nil && string(a.local) == "xmlns":
			d.decls = append(d.decls, nsDecl{"", strings.TrimSpace(charData(a.raw))})
		case string(a.prefix) == "xml" && string(a.local) == "base" && !hasBase:
			base, hasBase = charData(a.raw), true
		}
	}
	var parent *url.URL
	if n := len(d.bases); n > 0 {
		parent = d.bases[n-1]
	}
	e.base = parent
	if hasBase && base != "" {
		if u, err := url.Parse(base); err == nil {
			if parent != nil {
				u = parent.ResolveReference(u)
			}
			e.base = u
		}
	}
	d.bases = append(d.bases, e.base)
	prefix, local := splitName(t.name)
	e.local = local
	e.space, e.declared = d.lookup(string(prefix))
	if prefix != nil && !e.declared {
		e.space = string(prefix)
	}
	return e
}

func (d *directReader) leave(e *element) {
	d.decls = d.decls[:e.mark]
	d.bases = d.bases[:len(d.bases)-1]
}

// lookup returns the namespace bound to prefix ("" for the default).
func (d *directReader) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return nsXML, true
	}
	for i := len(d.decls) - 1; i >= 0; i-- {
		if d.decls[i].prefix == prefix {
			return d.decls[i].uri, true
		}
	}
	return "", false
}

// extensionKey is the name gofeed files an extension element under: its
// namespace's conventional prefix, else the prefix the document declared
// for it, else the namespace (or undeclared prefix) itself.
func (d *directReader) extensionKey(e *element) string {
	space := strings.TrimSpace(e.space)
	if p, ok := conventionalPrefixes[space]; ok {
		return p
	}
	for i := len(d.decls) - 1; i >= 0; i-- {
		if p := d.decls[i].prefix; d.decls[i].uri == space && p != "" {
			if cur, _ := d.lookup(p); cur == space {
				return p
			}
		}
	}
	return space
}

// attr returns the value of the attribute with the given local name,
// preferring one without a prefix, as gofeed does.
func (e *element) attr(local string) string {
	var found *attr
	for i := range e.attrs {
		a := &e.attrs[i]
		if string(a.local) == local {
			if a.prefix == nil {
				return charData(a.raw)
			}
			if found == nil {
				found = a
			}
		}
	}
	if found != nil {
		return charData(found.raw)
	}
	return ""
}

func (e *element) has(local string) bool {
	for _, a := range e.attrs {
		if string(a.local) == local {
			return true
		}
	}
	return false
}

// href returns the element's href attribute resolved against its
// xml:base, as gofeed resolves the URI attributes of every element it
// visits.
func (e *element) href() string {
	if !e.has("href") {
		return ""
	}
	return resolveAgainst(e.base, e.attr("href"))
}

// children calls fn for each child element of e, then consumes e's end
// tag. fn must consume the child (text, skip, ...).
func (d *directReader) children(e *element, fn func(c *element) error) error {
	if e.empty {
		return nil
	}
	for {
		t, ok, err := d.r.child()
		if err != nil || !ok {
			return err
		}
		c := d.enter(t)
		err = fn(c)
		d.leave(c)
		if err != nil {
			return err
		}
	}
}

// text reads element e as feed text (see elementText).
func (d *directReader) text(e *element) (string, error) {
	raw, err := d.r.content(e.tag)
	return elementText(raw), err
}

func (d *directReader) skip(e *element) error {
	_, err := d.r.content(e.tag)
	return err
}

// extension reads an extension element as gofeed does: its own text
// (child elements left out) and, one level down, its children's texts.
func (d *directReader) extension(e *element) (ext, error) {
	x := ext{key: d.extensionKey(e), name: string(e.local), attrs: e}
	if e.empty {
		return x, nil
	}
	var own bytes.Buffer
	from := e.end
	for {
		t, ok, err := d.r.child()
		if err != nil {
			return x, err
		}
		if !ok {
			own.Write(d.r.b[from:t.start])
			break
		}
		own.Write(d.r.b[from:t.start])
		c := d.enter(t)
		v, err := d.extension(c)
		d.leave(c)
		if err != nil {
			return x, err
		}
		x.children = append(x.children, v)
		from = d.r.pos
	}
	x.value = strings.TrimSpace(charData(withoutMarkup(own.Bytes())))
	return x, nil
}

// withoutMarkup drops comments and processing instructions from the text
// between an element's children.
func withoutMarkup(b []byte) []byte {
	if !bytes.Contains(b, []byte("<!--")) && !bytes.Contains(b, []byte("<?")) {
		return b
	}
	var out []byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i]...)
		b = b[i:]
		var end string
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			end = "-->"
		case bytes.HasPrefix(b, []byte("<?")):
			end = "?>"
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			// Kept for charData to unwrap; it may hold "<!--".
			k := bytes.Index(b, []byte("]]>"))
			if k < 0 {
				return append(out, b...)
			}
			out = append(out, b[:k+len("]]>")]...)
			b = b[k+len("]]>"):]
			continue
		default:
			out = append(out, '<')
			b = b[1:]
			continue
		}
		k := bytes.Index(b, []byte(end))
		if k < 0 {
			return out
		}
		b = b[k+len(end):]
	}
	return out
}

// An ext is an extension element as gofeed keeps it.
type ext struct {
	key, name string
	value     string
	attrs     *element
	children  []ext
}

// exts holds an item's extension elements in document order.
type exts []ext

// first returns the first element key:name, if any.
func (xs exts) first(key, name string) (ext, bool) {
	for _, x := range xs {
		if x.key == key && x.name == name {
			return x, true
		}
	}
	return ext{}, false
}

// value returns the text of the first element key:name, "" if none.
func (xs exts) value(key, name string) string {
	x, _ := xs.first(key, name)
	return x.value
}

var atomKeys = []string{"atom", "atom10", "atom03"}

// atomValue returns the text of the first Atom element with the given name
// embedded in RSS, looking in the prefixes gofeed looks in, in its order.
func (xs exts) atomValue(name string) string {
	for _, k := range atomKeys {
		if x, ok := xs.first(k, name); ok {
			return x.value
		}
	}
	return ""
}

// atomAuthorName returns the name of the first embedded Atom author.
func (xs exts) atomAuthorName() string {
	for _, k := range atomKeys {
		if x, ok := xs.first(k, "author"); ok {
			for _, c := range x.children {
				if c.name == "name" {
					return c.value
				}
			}
		}
	}
	return ""
}

// asciiIs reports whether name is want (lower case ASCII) in any case.
func asciiIs(name []byte, want string) bool {
	if len(name) != len(want) {
		return false
	}
	for i := range len(name) {
		if name[i]|0x20 != want[i] && name[i] != want[i] {
			return false
		}
	}
	return true
}
