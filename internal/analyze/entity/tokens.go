package entity

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A token is one word of a text, folded for lookup. Folded bytes live in a
// shared buffer so tokenising allocates nothing per word.
type token struct {
	start, end       int  // folded form: buf[start:end]
	rawStart, rawEnd int  // the original word: text[rawStart:rawEnd]
	upper            bool // first letter is not lower-case (caseless scripts count as upper)
	wordStart        bool // for Hangul: the syllable begins a space-separated word
	arabic           bool // the word is in Arabic script (clitics may be attached)
	cased            bool // the word is in a script with case (Latin, Greek, Cyrillic...)
}

// tokens holds a tokenised text: the folded buffer and the word list.
type tokens struct {
	buf  []byte
	list []token
}

func (t *tokens) key(i int) string {
	tk := t.list[i]
	return string(t.buf[tk.start:tk.end])
}

// foldTable maps runes below 0x500 (Latin, Greek, Cyrillic) to a lower-case
// rune without diacritics, so "Bogotá" and "Bogota" are one word.
var foldTable [0x500]rune

func init() {
	for r := rune(0); r < 0x500; r++ {
		d := norm.NFD.String(string(r))
		base, _ := utf8.DecodeRuneInString(d)
		foldTable[r] = unicode.ToLower(base)
	}
	// Letters whose stroke is not a combining mark.
	for from, to := range map[rune]rune{'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd', 'ø': 'o', 'Ø': 'o', 'ı': 'i', 'ħ': 'h', 'ς': 'σ'} {
		foldTable[from] = to
	}
}

// fold returns the lookup form of r, or -1 when r is dropped (diacritics,
// Arabic vowel marks and the tatweel).
func fold(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r < 0x500:
		return foldTable[r]
	case r >= 0x591 && r <= 0x5C7: // Hebrew points
		return -1
	case r >= 0x600 && r <= 0x6FF:
		return foldArabic(r)
	}
	return unicode.ToLower(r)
}

// foldArabic unifies the spellings Arabic, Persian and Urdu writers use for
// the same letter, so "غزة" and "غزه", "إيران" and "ایران" compare equal.
func foldArabic(r rune) rune {
	switch {
	case r >= 0x64B && r <= 0x65F, r == 0x670, r == 0x640:
		return -1
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ی', 'ې', 'ۍ':
		return 'ي'
	case 'ک':
		return 'ك'
	case 'ة', 'ۀ', 'ہ', 'ۃ', 'ە':
		return 'ه'
	case 'ؤ':
		return 'و'
	case 'ئ':
		return 'ي'
	}
	return r
}

// single reports whether r is written without spaces between words (Han,
// kana) or is Hangul, whose syllables we also take one at a time.
func single(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r >= 0x1100 && r <= 0x11FF, r >= 0xAC00 && r <= 0xD7AF: // Hangul
		return true
	case r >= 0x3040 && r <= 0x30FF: // kana, with the prolonged sound mark
		return r != 0x30FB // the katakana middle dot separates words
	case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF:
		return true
	case r >= 0x20000 && r <= 0x2FFFF:
		return true
	}
	return false
}

// Hangul and katakana words are runs of their script: a name in either must
// be a whole run (Korean may add a particle), so マリ (Mali) is not found
// inside マリア (Maria). Han has no such runs to lean on.
const (
	runHangul = 1 + iota
	runKatakana
)

func scriptRun(r rune) int {
	switch {
	case isHangul(r):
		return runHangul
	case r >= 0x30A0 && r <= 0x30FF:
		return runKatakana
	}
	return 0
}

func isHangul(r rune) bool {
	return (r >= 0x1100 && r <= 0x11FF) || (r >= 0xAC00 && r <= 0xD7AF)
}

// wordRune reports whether r belongs inside a word. Apostrophes, hyphens,
// dots and the Persian zero-width non-joiner all split words, so "Guinea-
// Bissau", "U.S." and "هنگ‌کنگ" are several tokens on both sides of a match.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize splits text into folded tokens, reusing t's storage.
func (t *tokens) tokenize(text string) {
	t.buf = t.buf[:0]
	t.list = t.list[:0]
	inWord := false
	prevRun := 0 // script run of the previous rune: runHangul, runKatakana or 0
	var cur token
	closeWord := func(end int) {
		if inWord {
			cur.end = len(t.buf)
			cur.rawEnd = end
			if cur.end > cur.start {
				t.list = append(t.list, cur)
			}
			inWord = false
		}
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case single(r):
			closeWord(i)
			run := scriptRun(r)
			start := len(t.buf)
			t.buf = utf8.AppendRune(t.buf, r)
			t.list = append(t.list, token{
				start: start, end: len(t.buf), rawStart: i, rawEnd: i + size,
				upper: true, wordStart: run == 0 || run != prevRun,
			})
			prevRun = run
		case wordRune(r):
			prevRun = 0
			if !inWord {
				inWord = true
				cur = token{
					start: len(t.buf), rawStart: i,
					upper:     !unicode.IsLower(r),
					cased:     unicode.IsUpper(r) || unicode.IsLower(r),
					wordStart: true,
					arabic:    r >= 0x600 && r <= 0x6FF,
				}
			}
			if f := fold(r); f >= 0 {
				if f < utf8.RuneSelf {
					t.buf = append(t.buf, byte(f))
				} else {
					t.buf = utf8.AppendRune(t.buf, f)
				}
			}
		default:
			prevRun = 0
			closeWord(i)
		}
		i += size
	}
	closeWord(len(text))
}

// arabicVariants returns w without the clitics Arabic attaches to the front
// of a word: the conjunctions و and ف, the prepositions ب ل ك, and لل
// (ل before the article ال, whose alif is then dropped).
func arabicVariants(w string) []string {
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 {
			out = append(out, s)
		}
	}
	stems := []string{w}
	for _, c := range []string{"و", "ف"} {
		if len(w) > len(c) && w[:len(c)] == c {
			stems = append(stems, w[len(c):])
			add(w[len(c):])
		}
	}
	for _, s := range stems {
		if len(s) > 4 && s[:4] == "لل" {
			add("ال" + s[4:])
		}
		for _, p := range []string{"ب", "ل", "ك"} {
			if len(s) > len(p) && s[:len(p)] == p {
				add(s[len(p):])
			}
		}
	}
	return out
}
