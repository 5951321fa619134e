package feed

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText reduces a feed's text, which may be HTML, to plain text: tags
// dropped along with the contents of script, style and similar elements,
// entities decoded, white space collapsed to single spaces.
func plainText(s string) string { return plainTextPrefix(s, 0) }

// plainTextPrefix is plainText(s), or, when n > 0 and that is longer than
// n characters, its first n characters at least: the caller clips it
// anyway, and a long article in a feed need not be reduced in full.
func plainTextPrefix(s string, n int) string {
	// Plain text is no longer than its source (save a few spaces), and n
	// characters take at most 4n bytes.
	size := len(s) + 8
	if n > 0 {
		size = min(size, utf8.UTFMax*(n+2))
	}
	w := words{limit: n, b: make([]byte, 0, size)}
	if !strings.ContainsAny(s, "<&") {
		w.write(s)
		return w.String()
	}
	z := html.NewTokenizer(strings.NewReader(s))
	hidden := 0 // inside script, style, ...
	for !w.full() {
		switch z.Next() {
		case html.ErrorToken:
			return w.String()
		case html.TextToken:
			if hidden == 0 {
				w.writeBytes(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object:
				hidden++
			}
			if !inline[a] {
				w.space() // "<p>a</p><p>b</p>" reads "a b", not "ab"
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[atom.Lookup(name)] {
				w.space()
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
				w.space()
			}
		}
	}
	return w.String()
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
	var w words
	if !strings.ContainsAny(s, "<&") {
		w.write(s)
		return w.String()
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.String()
		case html.TextToken:
			w.writeBytes(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[atom.Lookup(name)] {
				w.writeBytes(z.Raw())
			}
		default:
			w.writeBytes(z.Raw())
		}
	}
}

// words collects text with its white space collapsed: runs of it become
// one space, none at either end (strings.Join(strings.Fields(s), " ")
// without building the fields).
type words struct {
	b     []byte
	owed  bool // white space seen since the last character written
	runes int
	limit int // stop taking text after this many characters; 0: no limit
}

func (w *words) full() bool { return w.limit > 0 && w.runes > w.limit }

// space records white space between two pieces of text.
func (w *words) space() { w.owed = true }

func (w *words) write(s string) { writeWords(w, s) }

func (w *words) writeBytes(b []byte) { writeWords(w, b) }

func writeWords[T string | []byte](w *words, s T) {
	for i := 0; i < len(s) && !w.full(); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				w.owed = true
				i++
				continue
			}
			// A run of ASCII that is not white space, in one go.
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
				j++
			}
			if w.limit > 0 {
				j = min(j, i+w.limit+1-w.runes)
			}
			w.owe()
			w.b = append(w.b, s[i:j]...)
			w.runes += j - i - 1
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if unicode.IsSpace(r) {
			w.owed = true
		} else {
			w.owe()
			w.b = append(w.b, s[i:i+size]...)
		}
		i += size
	}
}

// owe writes the space owed before a character, and counts the character.
func (w *words) owe() {
	if w.owed && len(w.b) > 0 {
		w.b = append(w.b, ' ')
		w.runes++
	}
	w.owed = false
	w.runes++
}

func (w *words) String() string { return string(w.b) }

// asciiSpace is unicode.IsSpace for ASCII.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
