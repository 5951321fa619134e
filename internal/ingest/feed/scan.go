package feed

import (
	"bytes"
	"fmt"
	"strings"
)

// scanMarkup walks an XML document without building it, before the real
// parser does, and returns the local name of its root element. It refuses
// a document whose elements nest deeper than maxDepth.
//
// It is lenient the way the parser is: an end tag closes every element
// opened since its match (so unclosed tags inside a sloppy feed's HTML do
// not pile up), an end tag with no match is ignored, and HTML void
// elements such as <br> never count as open.
func scanMarkup(b []byte, maxDepth int) (root string, err error) {
	var stack []string
	htmlDoctype := false
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(b, i+4, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(b, i+9, "]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(b, i+2, "?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			if root == "" && isHTMLDoctype(rest) {
				htmlDoctype = true
			}
			end := skipDeclaration(b, i+2)
			if err := checkDeclaration(b[i:end]); err != nil {
				return root, err
			}
			i = end
		case bytes.HasPrefix(rest, []byte("</")):
			name, end := tagName(b, i+2)
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k] == name {
					stack = stack[:k]
					break
				}
			}
			i = skipTag(b, end)
		default:
			name, end := tagName(b, i+1)
			if name == "" { // a stray '<' in text
				i++
				continue
			}
			i = skipTag(b, end)
			if root == "" {
				root = localName(name)
			}
			selfClosing := i-2 >= end && b[i-1] == '>' && b[i-2] == '/'
			if selfClosing || isVoid(name) {
				continue
			}
			stack = append(stack, name)
			if len(stack) > maxDepth {
				return root, fmt.Errorf("elements are nested more than %d deep; refusing to parse", maxDepth)
			}
		}
		if i >= len(b) {
			break
		}
	}
	// Some generators put <!DOCTYPE html> before a real feed: the root
	// element decides.
	if htmlDoctype && root == "" {
		root = "html"
	}
	return root, nil
}

// tagName reads an element name starting at i and returns it and the index
// after it.
func tagName(b []byte, i int) (string, int) {
	start := i
	for i < len(b) {
		c := b[i]
		if c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '<' {
			break
		}
		i++
	}
	return string(b[start:i]), i
}

// skipTag returns the index just past the '>' ending the tag at i, stepping
// over quoted attribute values (which may hold '>').
func skipTag(b []byte, i int) int {
	for i < len(b) {
		switch c := b[i]; c {
		case '"', '\'':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return len(b)
			}
			i += k + 2
		case '>':
			return i + 1
		default:
			i++
		}
	}
	return len(b)
}

// skipDeclaration skips <!DOCTYPE ...> including an internal subset [...].
func skipDeclaration(b []byte, i int) int {
	brackets := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '"', '\'':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return len(b)
			}
			i += k + 2
			continue
		case '[':
			brackets++
		case ']':
			brackets--
		case '>':
			if brackets <= 0 {
				return i + 1
			}
		}
		i++
	}
	return len(b)
}

func skipPast(b []byte, i int, end string) int {
	k := bytes.Index(b[i:], []byte(end))
	if k < 0 {
		return len(b)
	}
	return i + k + len(end)
}

func localName(name string) string {
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		return name[k+1:]
	}
	return name
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true,
}

func isVoid(name string) bool { return voidElements[strings.ToLower(name)] }

// isHTMLDoctype reports whether b starts with <!DOCTYPE html.
func isHTMLDoctype(b []byte) bool {
	if len(b) < 9 || !bytes.EqualFold(b[2:9], []byte("doctype")) {
		return false
	}
	rest := bytes.TrimLeft(b[9:], " \t\r\n")
	return len(rest) >= 4 && bytes.EqualFold(rest[:4], []byte("html"))
}
