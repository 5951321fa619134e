package text

// Most news, in English at least, is ASCII, and on ASCII the Unicode word
// boundaries (UAX #29) come down to a few rules that need no tables: a
// word is letters, digits and '_', which may run on past one ':', '.' or
// '\'' between letters ("U.S", "e.g", "Reid's") and one ',', ';', '.' or
// '\'' between digits ("1,200", "3.5"); spaces run together; "\r\n" is
// one break; any other character stands alone. asciiWords applies them,
// and text with any other character goes to the full segmenter.
// TestASCIIWordsAsUAX29 holds the two to the same answers.

// asciiWords splits ASCII text at its Unicode word boundaries.
type asciiWords struct {
	s          string
	start, end int // the current segment
}

func (a *asciiWords) Value() string { return a.s[a.start:a.end] }

func (a *asciiWords) Next() bool {
	s, i := a.s, a.end
	if i >= len(s) {
		return false
	}
	j := i + 1
	switch c := s[i]; {
	case c == ' ':
		for j < len(s) && s[j] == ' ' {
			j++
		}
	case c == '\r':
		if j < len(s) && s[j] == '\n' {
			j++
		}
	case isWordByte(c):
		for j < len(s) {
			if isWordByte(s[j]) {
				j++
			} else if j+1 < len(s) && joinsAcross(s[j-1], s[j], s[j+1]) {
				j += 2
			} else {
				break
			}
		}
	}
	a.start, a.end = i, j
	return true
}

func isWordByte(c byte) bool { return isLetterByte(c) || isDigitByte(c) || c == '_' }

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// joinsAcross reports whether mid, between prev and next, keeps them in
// one word.
func joinsAcross(prev, mid, next byte) bool {
	switch {
	case isLetterByte(prev) && isLetterByte(next):
		return mid == ':' || mid == '.' || mid == '\''
	case isDigitByte(prev) && isDigitByte(next):
		return mid == ',' || mid == ';' || mid == '.' || mid == '\''
	}
	return false
}
