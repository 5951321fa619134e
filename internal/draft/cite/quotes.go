package cite

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A quote is one quoted span of a sentence: the byte range including its
// marks, and the text between them.
type quote struct {
	start, end int
	text       string
}

// quotes finds the quoted spans of s: "…", “…”, „…“, «…», ‘…’ and '…'.
// Spans of different styles may nest (a source sentence with "…" inside,
// quoted whole in «…»); each is returned. Apostrophes ("don't", "the
// companies' ", "O’Brien") are not taken for quote marks.
func quotes(s string) []quote {
	var out []quote
	out = append(out, pairedQuotes(s, "«", "»")...)
	out = append(out, curlyQuotes(s)...)
	if strings.Count(s, `"`)%2 == 0 {
		out = append(out, straightPairs(s, '"')...)
	}
	out = append(out, singleQuotes(s, '‘', '’')...)
	out = append(out, singleQuotes(s, '\'', '\'')...)
	return out
}

// pairedQuotes takes the outermost spans of a style whose marks differ and
// may nest.
func pairedQuotes(s, open, close string) []quote {
	var out []quote
	depth, start := 0, 0
	for i, c := range s {
		switch string(c) {
		case open:
			if depth == 0 {
				start = i
			}
			depth++
		case close:
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 {
				out = append(out, quote{start, i + len(close), s[start+len(open) : i]})
			}
		}
	}
	return out
}

// curlyQuotes pairs “ with ”, and the German „ with “ or ”.
func curlyQuotes(s string) []quote {
	var out []quote
	start, opener := -1, ""
	for i, c := range s {
		switch {
		case start < 0 && (c == '“' || c == '„'):
			start, opener = i, string(c)
		case start >= 0 && (c == '”' || (c == '“' && opener == "„")):
			out = append(out, quote{start, i + len(string(c)), s[start+len(opener) : i]})
			start = -1
		}
	}
	return out
}

// straightPairs pairs straight double quotes in order.
func straightPairs(s string, mark rune) []quote {
	var out []quote
	start := -1
	for i, c := range s {
		if c != mark {
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		out = append(out, quote{start, i + 1, s[start+1 : i]})
		start = -1
	}
	return out
}

// singleQuotes pairs single quote marks that stand at word edges: the
// opener after a space or an opening mark and before a letter or digit,
// the closer after a non-space and before a space, punctuation or the end.
func singleQuotes(s string, open, close rune) []quote {
	var out []quote
	start := -1
	for i, c := range s {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(c):])
		edgeBefore := i == 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{“«\"—–-", prev)
		wordAfter := unicode.IsLetter(next) || unicode.IsDigit(next)
		if c == open && start < 0 && edgeBefore && wordAfter {
			start = i
			continue
		}
		if c == close && start >= 0 && i > start+1 && !unicode.IsSpace(prev) && !wordAfter {
			out = append(out, quote{start, i + utf8.RuneLen(c), s[start+utf8.RuneLen(open) : i]})
			start = -1
		}
	}
	return out
}

// ellipsis splits a quote where the writer left words out.
var ellipsis = regexp.MustCompile(`\s*(?:\[\s*(?:\.\s*){3}\]|\(\s*(?:\.\s*){3}\)|\[…\]|\(…\)|\.{3}|…)\s*`)

// quoteFound reports whether every part of q (parts are split at an
// ellipsis) is in the folded passage, in order.
func quoteFound(q, foldedPassage string) bool {
	at := 0
	for _, part := range ellipsis.Split(q, -1) {
		// Edge punctuation is the writer's: a quoted sentence may end in
		// "," where the source has ".", or keep half of an inner quote.
		p := strings.TrimFunc(fold(normalise(part)), func(c rune) bool {
			return unicode.IsSpace(c) || unicode.IsPunct(c) && c != '%'
		})
		if p == "" {
			continue
		}
		i := strings.Index(foldedPassage[at:], p)
		if i < 0 {
			return false
		}
		at += i + len(p)
	}
	return true
}
