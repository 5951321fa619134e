package opml

import (
	"bytes"
	"fmt"
	"html"
	"strings"
)

// OPML files in the wild are often not XML: exporters paste descriptions
// with raw quotes and HTML into attributes (text="Газета "Коммерсантъ"",
// description="at <a href="https://...">Square</a>"), which a strict XML
// parser rejects, losing the whole file. So Parse reads tags with this small
// scanner instead. It understands elements, attributes, comments, CDATA,
// processing instructions and DOCTYPE, and it decides where a quoted value
// ends by what follows the quote (see closesValue).

// A tag is one start or end tag.
type tag struct {
	end         bool // </name>
	name        string
	attrs       []attribute
	selfClosing bool
	line        int
}

type attribute struct{ name, value string }

type scanner struct {
	b        []byte
	i        int
	line     int // the line of position counted
	counted  int // bytes before this have had their newlines counted
	recovery int // bytes the quote heuristic may still look through
}

// maxLookahead bounds how far one attribute value may be searched for its
// closing quote; recovery bounds the whole document's search so hostile
// input cannot make the scan quadratic.
const maxLookahead = 16 << 10

func newScanner(b []byte) *scanner {
	return &scanner{b: b, line: 1, recovery: 4*len(b) + maxLookahead}
}

// lineAt returns the line of position pos, which must not be before the
// last position asked about.
func (s *scanner) lineAt(pos int) int {
	if pos > len(s.b) {
		pos = len(s.b)
	}
	if pos > s.counted {
		s.line += bytes.Count(s.b[s.counted:pos], []byte("\n"))
		s.counted = pos
	}
	return s.line
}

// next returns the next tag, or ok false at the end of the document.
func (s *scanner) next() (t tag, ok bool, err error) {
	b := s.b
	for {
		j := bytes.IndexByte(b[s.i:], '<')
		if j < 0 {
			s.i = len(b)
			return tag{}, false, nil
		}
		s.i += j
		start := s.i
		rest := b[s.i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := s.skipPast(start+4, "-->", "a comment"); err != nil {
				return tag{}, false, err
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			if err := s.skipPast(start+9, "]]>", "a CDATA section"); err != nil {
				return tag{}, false, err
			}
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := s.skipPast(start+2, "?>", "a processing instruction"); err != nil {
				return tag{}, false, err
			}
		case bytes.HasPrefix(rest, []byte("<!")):
			s.skipDeclaration(start + 2)
		case bytes.HasPrefix(rest, []byte("</")):
			name, end := readName(b, start+2)
			k := bytes.IndexByte(b[end:], '>')
			if k < 0 {
				return tag{}, false, fmt.Errorf("line %d: the end tag </%s> is not closed with '>'", s.lineAt(start), clip(name, 40))
			}
			s.i = end + k + 1
			if name != "" {
				return tag{end: true, name: localName(name), line: s.lineAt(start)}, true, nil
			}
		default:
			name, end := readName(b, start+1)
			if name == "" { // a stray '<' in text
				s.i++
				continue
			}
			t := tag{name: localName(name), line: s.lineAt(start)}
			s.i = end
			if err := s.readAttributes(&t); err != nil {
				return tag{}, false, err
			}
			return t, true, nil
		}
	}
}

// readAttributes reads up to and including the '>' that ends a start tag.
func (s *scanner) readAttributes(t *tag) error {
	b := s.b
	for {
		for s.i < len(b) && isSpace(b[s.i]) {
			s.i++
		}
		if s.i >= len(b) {
			return fmt.Errorf("line %d: the <%s> tag is not closed with '>'", t.line, clip(t.name, 40))
		}
		switch c := b[s.i]; {
		case c == '>':
			s.i++
			return nil
		case c == '/' && s.i+1 < len(b) && b[s.i+1] == '>':
			t.selfClosing = true
			s.i += 2
			return nil
		}
		name, end := readName(b, s.i)
		if name == "" {
			s.i++ // junk between attributes
			continue
		}
		s.i = end
		for s.i < len(b) && isSpace(b[s.i]) {
			s.i++
		}
		if s.i >= len(b) || b[s.i] != '=' {
			continue // an attribute without a value
		}
		s.i++
		for s.i < len(b) && isSpace(b[s.i]) {
			s.i++
		}
		if s.i >= len(b) {
			continue
		}
		var value string
		if q := b[s.i]; q == '"' || q == '\'' {
			v, err := s.quoted(q)
			if err != nil {
				return fmt.Errorf("line %d: in <%s>, the value of %s never ends: %w", t.line, clip(t.name, 40), clip(name, 40), err)
			}
			value = v
		} else { // unquoted, as in HTML
			k := s.i
			for k < len(b) && !isSpace(b[k]) && b[k] != '>' && !(b[k] == '/' && k+1 < len(b) && b[k+1] == '>') {
				k++
			}
			value = string(b[s.i:k])
			s.i = k
		}
		t.attrs = append(t.attrs, attribute{name: localName(name), value: unescape(value)})
	}
}

// quoted reads the value that starts with the quote q at s.i. The closing
// quote is the first one that is followed by what may follow a value: the
// end of the tag or another attribute (see closesValue), skipping quotes
// inside HTML markup pasted into the value. When no quote qualifies, the
// first one ends the value, as in XML.
func (s *scanner) quoted(q byte) (string, error) {
	b := s.b
	start := s.i + 1
	limit := min(len(b), start+maxLookahead, start+s.recovery)
	inMarkup := false
	for k := start; k < limit; k++ {
		switch c := b[k]; {
		case c == '<' && k+1 < len(b) && (isLetter(b[k+1]) || b[k+1] == '/' || b[k+1] == '!'):
			inMarkup = true
		case c == '>' && inMarkup:
			inMarkup = false
		case c == q && !inMarkup && closesValue(b, k+1):
			s.recovery -= k - start
			s.i = k + 1
			return string(b[start:k]), nil
		}
	}
	s.recovery -= limit - start
	k := bytes.IndexByte(b[start:], q)
	if k < 0 {
		return "", fmt.Errorf("no closing %c", q)
	}
	s.i = start + k + 1
	return string(b[start : start+k]), nil
}

// closesValue reports whether a quote followed by b[i:] can be the end of
// an attribute value: what follows is the end of the tag or of the
// document, or an attribute name and '='.
func closesValue(b []byte, i int) bool {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] == '>' {
		return true
	}
	if i+1 < len(b) && (b[i] == '/' || b[i] == '?') && b[i+1] == '>' {
		return true
	}
	_, end := readName(b, i)
	if end == i {
		return false
	}
	for end < len(b) && isSpace(b[end]) {
		end++
	}
	return end < len(b) && b[end] == '='
}

// skipPast moves past the end marker of a construct begun at from.
func (s *scanner) skipPast(from int, marker, what string) error {
	k := bytes.Index(s.b[from:], []byte(marker))
	if k < 0 {
		return fmt.Errorf("line %d: %s is never closed with %q", s.lineAt(from), what, marker)
	}
	s.i = from + k + len(marker)
	return nil
}

// skipDeclaration skips <!DOCTYPE ...>, internal subset included.
func (s *scanner) skipDeclaration(i int) {
	depth := 0
	for ; i < len(s.b); i++ {
		switch s.b[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				s.i = i + 1
				return
			}
		}
	}
	s.i = len(s.b)
}

// readName reads an XML name (ASCII: what tag and attribute names are in
// practice) starting at i and returns it and the index after it.
func readName(b []byte, i int) (string, int) {
	start := i
	if i < len(b) && !isLetter(b[i]) && b[i] != '_' && b[i] != ':' {
		return "", i
	}
	for i < len(b) && isNameByte(b[i]) {
		i++
	}
	return string(b[start:i]), i
}

// localName drops a namespace prefix and folds case: OPML's names are
// matched case-insensitively, as readers do.
func localName(name string) string {
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	return strings.ToLower(name)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isNameByte(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// unescape decodes character and entity references that end with ';'
// (XML's five, numeric ones, and HTML's named ones, which exporters use).
// An '&' that starts no such reference is kept: "?a=1&section=2" in a URL
// must not become "?a=1§ion=2".
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		k := strings.IndexByte(s, '&')
		if k < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:k])
		s = s[k:]
		end := strings.IndexByte(s, ';')
		if end < 2 || end > 33 || strings.ContainsAny(s[1:end], " &<\"'") {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		ref := s[:end+1]
		if dec := html.UnescapeString(ref); dec != ref {
			b.WriteString(dec)
		} else {
			b.WriteString(ref)
		}
		s = s[end+1:]
	}
}
