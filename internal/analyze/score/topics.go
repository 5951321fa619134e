package score

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A doc is a story's title and text, tokenised once for all personas'
// topic terms.
type doc struct {
	toks     []string         // folded words, title first
	spans    [][2]int         // byte offsets of each word in title or text
	titleEnd int              // words before this index come from the title
	byStart  map[string][]int // first three runes of a word → positions
	title    string           // raw, for terms in scripts without spaces
	text     string
}

func newDoc(title, text string) *doc {
	d := &doc{byStart: map[string][]int{}, title: title, text: text}
	d.add(title)
	d.titleEnd = len(d.toks)
	d.add(text)
	for i, t := range d.toks {
		k := startKey(t)
		d.byStart[k] = append(d.byStart[k], i)
	}
	return d
}

// add appends the words of s. Han, kana and Hangul are skipped here: terms
// in those scripts are found by substring (see count).
func (d *doc) add(s string) {
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if f := foldWord(s[start:end]); f != "" {
				d.toks = append(d.toks, f)
				d.spans = append(d.spans, [2]int{start, end})
			}
			start = -1
		}
	}
	for i, r := range s {
		if (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !spaceless(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
}

func startKey(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			return w[:i]
		}
		n++
	}
	return w
}

// spaceless reports whether r belongs to a script written without spaces
// between words (or, for Hangul, with particles glued on).
func spaceless(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// foldWord lower-cases w, strips Latin, Greek and Cyrillic diacritics
// ("cárteles" → "carteles") and Arabic vowel marks, unifies Arabic letter
// variants, and takes off Arabic clitics (و ف, then ب ل ك or لل, then
// ال), so "والحوثيين", "للحوثيين" and "الحوثيين" are one word.
func foldWord(w string) string {
	if isASCII(w) {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		switch {
		case unicode.Is(unicode.Mn, r) && (r < 0x600 || r > 0x6FF) && r < 0x900:
			// combining accents on Latin, Greek, Cyrillic; Devanagari and
			// Bengali signs (≥ 0x900) are letters' vowels and stay
		case r >= 0x64B && r <= 0x65F, r == 0x670, r == 0x640:
			// Arabic vowel marks and tatweel
		default:
			b.WriteRune(foldArabic(unicode.ToLower(r)))
		}
	}
	s := norm.NFC.String(b.String())
	if r, _ := utf8.DecodeRuneInString(s); r >= 0x600 && r <= 0x6FF {
		s = stripClitics(s)
	}
	return s
}

func foldArabic(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ی':
		return 'ي'
	case 'ک':
		return 'ك'
	case 'ة':
		return 'ه'
	}
	return r
}

func stripClitics(s string) string {
	long := func(t string) bool { return utf8.RuneCountInString(t) >= 3 }
	for _, p := range []string{"و", "ف"} {
		if t, ok := strings.CutPrefix(s, p); ok && long(t) {
			s = t
			break
		}
	}
	if t, ok := strings.CutPrefix(s, "لل"); ok && long(t) {
		s = "ال" + t // ل before the article drops its alif
	} else {
		for _, p := range []string{"ب", "ل", "ك"} {
			if t, ok := strings.CutPrefix(s, p); ok && long(t) {
				s = t
				break
			}
		}
	}
	if t, ok := strings.CutPrefix(s, "ال"); ok && long(t) {
		s = t
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// A term is one persona topic, prepared for matching.
type term struct {
	text      string   // as the persona lists it
	words     []string // folded words; nil for spaceless scripts
	spaceless bool
}

// terms caches prepared topic terms: the same few hundred come back for
// every story.
var terms sync.Map // string → term

func newTerm(t string) term {
	if v, ok := terms.Load(t); ok {
		return v.(term)
	}
	v := prepare(t)
	terms.Store(t, v)
	return v
}

func prepare(t string) term {
	for _, r := range t {
		if spaceless(r) {
			return term{text: t, spaceless: true}
		}
	}
	d := &doc{}
	d.add(t)
	return term{text: t, words: d.toks}
}

// count returns how often t occurs in d, title occurrences counting twice,
// and the words of its first occurrence as written.
func (t term) count(d *doc) (n int, surface string) {
	if t.spaceless {
		n = 2*strings.Count(d.title, t.text) + strings.Count(d.text, t.text)
		return n, t.text
	}
	if len(t.words) == 0 {
		return 0, ""
	}
	first := -1
	for _, i := range d.byStart[startKey(t.words[0])] {
		if !t.matchesAt(d, i) {
			continue
		}
		if first < 0 || i < first {
			first = i
		}
		if i < d.titleEnd {
			n += 2
		} else {
			n++
		}
	}
	if first < 0 {
		return 0, ""
	}
	return n, d.surface(first, first+len(t.words))
}

// surface returns words [i, j) as the story wrote them, lower-cased, with
// the punctuation between them ("taux d'intérêt").
func (d *doc) surface(i, j int) string {
	src := d.text
	if i < d.titleEnd {
		src = d.title
		j = min(j, d.titleEnd)
	}
	return strings.ToLower(src[d.spans[i][0]:d.spans[j-1][1]])
}

func (t term) matchesAt(d *doc, i int) bool {
	end := i + len(t.words)
	if end > len(d.toks) || i < d.titleEnd && end > d.titleEnd {
		return false // past the end, or straddling the title and the text
	}
	for j, w := range t.words {
		if !wordMatches(w, d.toks[i+j]) {
			return false
		}
	}
	return true
}

// wordMatches reports whether a text word is the term word or a close
// inflection of it. Short words must match exactly (plus a plural s/es),
// so "coup" never matches "coupon"; longer ones may carry a few more
// letters ("cartel" → "carteles", "inflation" → "inflationary"); words of
// seven letters or more may also change their last letter, which covers
// most Russian and Spanish case and number endings ("санкции" → "санкций").
func wordMatches(term, word string) bool {
	if word == term {
		return true
	}
	tn, wn := utf8.RuneCountInString(term), utf8.RuneCountInString(word)
	switch {
	case tn <= 4:
		return word == term+"s" || word == term+"es"
	case strings.HasPrefix(word, term):
		extra := wn - tn
		return extra <= 3 || (tn >= 6 && extra <= 4)
	case tn >= 7:
		_, last := utf8.DecodeLastRuneInString(term)
		stem := term[:len(term)-last]
		return strings.HasPrefix(word, stem) && wn >= tn-1 && wn <= tn+2
	}
	return false
}
