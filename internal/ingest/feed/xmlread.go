package feed

import (
	"bytes"
	"errors"
)

// errUncommon says the direct reader met something outside the common case
// it handles (mismatched tags, an unquoted attribute, xhtml content, ...);
// the document then goes to gofeed, which is slower and more forgiving.
var errUncommon = errors.New("feed: outside the direct reader's common case")

// xmlReader walks a UTF-8 XML document as a sequence of tags, for the
// direct reader. It accepts only strictly nested elements with quoted
// attributes, nested at most MaxDepth deep. Text is not decoded here: the reader hands out raw
// element content, which is what gofeed's rules for feed text start from.
type xmlReader struct {
	b     []byte
	pos   int
	open  [][]byte // names of the elements open at pos, outermost first
	roots int      // root elements seen
}

type tagKind int

const (
	tagEOF tagKind = iota
	tagStart
	tagEnd
)

// A tag is one start or end tag. Its slices point into the document.
type tag struct {
	kind  tagKind
	name  []byte // qualified name, e.g. "dc:creator"
	attrs []byte // raw attribute text of a start tag
	empty bool   // <x/>
	start int    // offset of '<'
	end   int    // offset just past '>'
}

// next returns the next start or end tag, skipping text, comments,
// processing instructions and CDATA sections.
func (r *xmlReader) next() (tag, error) {
	b := r.b
	for {
		j := bytes.IndexByte(b[r.pos:], '<')
		if j < 0 {
			r.pos = len(b)
			return tag{kind: tagEOF, start: len(b), end: len(b)}, nil
		}
		r.pos += j
		rest := b[r.pos:]
		if len(rest) < 2 {
			return tag{}, errUncommon
		}
		switch rest[1] {
		case '!':
			var err error
			switch {
			case bytes.HasPrefix(rest, []byte("<!--")):
				err = r.skipTo(4, "-->")
			case bytes.HasPrefix(rest, []byte("<![CDATA[")):
				err = r.skipTo(9, "]]>")
			case len(r.open) == 0 && r.roots == 0:
				// A document type declaration, before the root.
				// scanMarkup refuses one that declares entities.
				end := skipDeclaration(b, r.pos+2)
				if checkDeclaration(b[r.pos:end]) != nil {
					return tag{}, errUncommon
				}
				r.pos = end
			default:
				err = errUncommon
			}
			if err != nil {
				return tag{}, err
			}
		case '?':
			if err := r.skipTo(2, "?>"); err != nil {
				return tag{}, err
			}
		case '/':
			return r.endTag()
		default:
			return r.startTag()
		}
	}
}

// skipTo moves pos past the first end after pos+from.
func (r *xmlReader) skipTo(from int, end string) error {
	k := bytes.Index(r.b[r.pos+from:], []byte(end))
	if k < 0 {
		return errUncommon
	}
	r.pos += from + k + len(end)
	return nil
}

func (r *xmlReader) startTag() (tag, error) {
	b := r.b
	t := tag{kind: tagStart, start: r.pos}
	i := r.pos + 1
	n := nameEnd(b, i)
	if n == i || !isNameStart(b[i]) {
		return tag{}, errUncommon
	}
	t.name = b[i:n]
	i = n
	attrStart := i
	// Attributes: name = "value" pairs up to '>' or '/>'.
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return tag{}, errUncommon
		}
		switch b[i] {
		case '>':
			t.attrs = b[attrStart:i]
			t.end = i + 1
			return r.opened(t)
		case '/':
			if i+1 >= len(b) || b[i+1] != '>' {
				return tag{}, errUncommon
			}
			t.attrs = b[attrStart:i]
			t.empty = true
			t.end = i + 2
			return r.opened(t)
		}
		if i == attrStart || !isSpace(b[i-1]) {
			return tag{}, errUncommon // attributes are separated by white space
		}
		k := nameEnd(b, i)
		if k == i {
			return tag{}, errUncommon
		}
		i = skipSpace(b, k)
		if i >= len(b) || b[i] != '=' {
			return tag{}, errUncommon
		}
		i = skipSpace(b, i+1)
		if i >= len(b) || (b[i] != '"' && b[i] != '\'') {
			return tag{}, errUncommon
		}
		q := bytes.IndexByte(b[i+1:], b[i])
		if q < 0 {
			return tag{}, errUncommon
		}
		i += q + 2
	}
}

// opened records a start tag and checks the nesting depth.
func (r *xmlReader) opened(t tag) (tag, error) {
	r.pos = t.end
	if len(r.open) == 0 {
		r.roots++
	}
	if t.empty {
		return t, nil
	}
	if len(r.open) >= MaxDepth {
		// Too deep, or sloppy HTML such as unclosed <br>s inside a
		// description: scanMarkup, which knows about the latter, decides.
		return tag{}, errUncommon
	}
	r.open = append(r.open, t.name)
	return t, nil
}

func (r *xmlReader) endTag() (tag, error) {
	b := r.b
	t := tag{kind: tagEnd, start: r.pos}
	i := r.pos + 2
	n := nameEnd(b, i)
	t.name = b[i:n]
	i = skipSpace(b, n)
	if i >= len(b) || b[i] != '>' {
		return tag{}, errUncommon
	}
	t.end = i + 1
	top := len(r.open) - 1
	if top < 0 || !bytes.Equal(r.open[top], t.name) {
		return tag{}, errUncommon // gofeed's lenient recovery decides what this means
	}
	r.open = r.open[:top]
	r.pos = t.end
	return t, nil
}

// child returns the next child element of the element whose content pos is
// in; or, when there is no more, that element's end tag (consumed) and ok
// false.
func (r *xmlReader) child() (t tag, ok bool, err error) {
	t, err = r.next()
	switch {
	case err != nil:
		return tag{}, false, err
	case t.kind == tagEOF:
		return tag{}, false, errUncommon // the document ended inside an element
	}
	return t, t.kind == tagStart, nil
}

// content consumes the element that start tag t opened, through its end
// tag, and returns the raw bytes between the two tags.
func (r *xmlReader) content(t tag) ([]byte, error) {
	if t.empty {
		return nil, nil
	}
	depth := len(r.open)
	for {
		u, err := r.next()
		if err != nil {
			return nil, err
		}
		switch {
		case u.kind == tagEOF:
			return nil, errUncommon
		case u.kind == tagEnd && len(r.open) == depth-1:
			return r.b[t.end:u.start], nil
		}
	}
}

func nameEnd(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n', '>', '/', '=', '<', '"', '\'':
			return i
		}
		i++
	}
	return i
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// An attr is one attribute of a start tag, its value still raw.
type attr struct {
	prefix, local []byte
	raw           []byte
}

// parseAttrs splits a start tag's attribute text, which startTag has checked,
// appending to dst.
func parseAttrs(dst []attr, s []byte) []attr {
	for i := 0; ; {
		i = skipSpace(s, i)
		if i >= len(s) {
			return dst
		}
		k := nameEnd(s, i)
		name := s[i:k]
		i = skipSpace(s, k)
		i = skipSpace(s, i+1) // '='
		q := s[i]
		end := i + 1 + bytes.IndexByte(s[i+1:], q)
		a := attr{raw: s[i+1 : end]}
		a.prefix, a.local = splitName(name)
		dst = append(dst, a)
		i = end + 1
	}
}

// splitName splits a qualified name the way encoding/xml does: at its only
// colon, when there is exactly one with something on both sides.
func splitName(name []byte) (prefix, local []byte) {
	k := bytes.IndexByte(name, ':')
	if k <= 0 || k == len(name)-1 || bytes.IndexByte(name[k+1:], ':') >= 0 {
		return nil, name
	}
	return name[:k], name[k+1:]
}

// checkDeclaration refuses a document type declaration that declares
// entities. Neither parser expands them, but a feed has no use for them and
// they are what entity-expansion attacks ("billion laughs", external
// entities) are built from, so such a document is refused outright.
func checkDeclaration(decl []byte) error {
	if bytes.Contains(decl, []byte("<!ENTITY")) {
		return errEntities
	}
	return nil
}

var errEntities = errors.New("the document declares XML entities (<!ENTITY ...>), which feeds never need; refusing it as a possible entity-expansion attack")
