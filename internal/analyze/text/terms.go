// Package text turns article text into terms: the words that later steps
// (near-duplicate detection, story clustering, search) compare.
//
// A term is one of three kinds:
//
//   - a stem: a lower-cased word, stop words dropped, its ending removed by
//     the Snowball stemmer of the article's language ("strikes" → "strike",
//     "huelgas" → "huelg");
//   - a name: a word capitalised in the middle of a sentence, kept whole,
//     lower-cased, accents folded, NamePrefix in front ("México" →
//     "@mexico"). Names are spelt alike in many languages, so they are what
//     lets an English and a Spanish report of one event share terms;
//   - a number, written one way whatever the local convention ("1,200",
//     "1.200" and "1 200" → "1200"; "3,5" → "3.5"; "١٢" → "12").
//
// Words are found by Unicode word boundaries (UAX #29); Chinese and Japanese
// characters, which carry no spaces, become overlapping pairs. German
// capitalises every noun, so German nouns come out as names: consistent
// within German, and harmless across languages.
package text

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NamePrefix marks a name term.
const NamePrefix = "@"

// IsName reports whether term is a name.
func IsName(term string) bool { return strings.HasPrefix(term, NamePrefix) }

// IsNumber reports whether term is a number.
func IsNumber(term string) bool {
	return term != "" && term[0] >= '0' && term[0] <= '9' && strings.Trim(term, "0123456789.") == ""
}

// Terms returns the terms of s, a text in language lang (ISO 639-1, "" when
// unknown), in reading order, repeats included.
func Terms(s, lang string) []string {
	return analyse([]string{s}, lang, false)[0]
}

// Document returns the terms of an article's title and body. They are read
// together so that a name seen mid-sentence in the body is recognised at the
// start of a sentence or in a Title Case headline, where capitals say
// nothing. An amount written with a scale word is one number in digits
// ("$6.2 billion" and "6.200 millones" both give "6200000000"; scale.go).
func Document(title, body, lang string) (titleTerms, bodyTerms []string) {
	t := analyse([]string{title, body}, lang, true)
	return t[0], t[1]
}

// A token is a word or a number found by the segmenter, with where it
// stands in its sentence.
type token struct {
	word      string  // apostrophes resolved; the normalised number when number
	lex       *lexeme // what the word reads as; nil for numbers and cjk
	sentence  int     // index of its sentence across the whole document
	number    bool
	cjk       bool // one Han or kana character
	joined    bool // cjk: directly follows the previous cjk character
	sentStart bool // first word of a sentence or of a quotation
}

// A reading holds what one call learns about a document.
type reading struct {
	lang      string
	titleCase []bool          // by sentence: capitals say nothing in it
	caps      map[string]bool // words capitalised where capitals mean something
	lower     map[string]bool // words written in lower case somewhere
}

func analyse(parts []string, lang string, scaled bool) [][]string {
	lang = baseLang(lang)
	r := &reading{lang: lang}

	// Pass 1: segment, and learn which words the document capitalises where
	// capitals mean something and which it writes in lower case.
	buf := tokenBufs.Get().(*[]token)
	defer putTokens(buf)
	all := (*buf)[:0]
	ends := make([]int, len(parts))
	sentence := 0
	for i, p := range parts {
		if !isASCII(p) {
			// The segmenter's behaviour on invalid UTF-8 is undefined.
			// ASCII is valid and normalised already.
			p = norm.NFC.String(strings.ToValidUTF8(p, "\uFFFD"))
		}
		all = segment(all, p, lang, &sentence)
		ends[i] = len(all)
		// A part always ends its last sentence: a title is not continued
		// by the body.
		sentence++
	}
	*buf = all
	toks := make([][]token, len(parts))
	for i := range parts {
		begin := 0
		if i > 0 {
			begin = ends[i-1]
		}
		toks[i] = all[begin:ends[i]]
	}
	lexiconOf(lang).lookUp(toks)
	r.titleCase = make([]bool, sentence)
	for _, t := range toks {
		r.markTitleCase(t)
	}
	for _, t := range toks {
		for _, tk := range t {
			if tk.lex == nil || tk.sentStart || r.titleCase[tk.sentence] || !tk.lex.hasUpper {
				continue
			}
			if r.caps == nil {
				r.caps = map[string]bool{}
			}
			r.caps[tk.lex.lower] = true
		}
	}
	// Lower case is recorded only for the words capitalised somewhere,
	// the only ones asked about.
	if len(r.caps) > 0 {
		r.lower = map[string]bool{}
		for _, t := range toks {
			for _, tk := range t {
				if tk.lex != nil && tk.lex.isLower && r.caps[tk.word] {
					r.lower[tk.word] = true
				}
			}
		}
	}

	// Pass 2: emit terms.
	out := make([][]string, len(parts))
	// At most one term a token: the parts' terms share one array.
	backing := make([]string, 0, len(all))
	for i, t := range toks {
		terms := backing[len(backing) : len(backing) : len(backing)+len(t)]
		skip := 0
		for j, tk := range t {
			switch {
			case skip > 0:
				skip-- // a scale word read with its number
			case tk.number && scaled:
				num, used := scaledNumber(t, j, r.lang)
				terms = append(terms, num)
				skip = used - 1
			case tk.number:
				terms = append(terms, tk.word)
			case tk.cjk:
				// Pairs of neighbouring characters; a character alone only
				// when it has no neighbour.
				next := j+1 < len(t) && t[j+1].cjk && t[j+1].joined
				if next {
					terms = append(terms, tk.word+t[j+1].word)
				} else if !tk.joined {
					terms = append(terms, tk.word)
				}
			default:
				if term := r.term(tk); term != "" {
					terms = append(terms, term)
				}
			}
		}
		out[i] = terms[:len(terms):len(terms)] // appending to it copies
		backing = backing[:len(backing)+len(terms)]
	}
	return out
}

// tokenBufs holds token slices for reuse: an article's tokens are needed
// only while it is read, and were most of what reading it allocated.
var tokenBufs = sync.Pool{New: func() any { return new([]token) }}

// putTokens returns buf to tokenBufs, without references into the
// article it held. A slice grown by an unusually long text is let go.
func putTokens(buf *[]token) {
	clear(*buf)
	if cap(*buf) > 1<<16 {
		return
	}
	*buf = (*buf)[:0]
	tokenBufs.Put(buf)
}

// markTitleCase records the sentences whose capitals carry no information:
// Title Case headlines ("Dockworkers Strike Shuts Rotterdam Port") and text
// in capitals.
func (r *reading) markTitleCase(toks []token) {
	if len(toks) == 0 {
		return
	}
	type count struct{ content, lower, upper int }
	// Sentences are numbered in order: counts[i] is sentence base+i's.
	base := toks[0].sentence
	counts := make([]count, toks[len(toks)-1].sentence-base+1)
	for _, tk := range toks {
		e := tk.lex
		if e == nil || e.dropped() || !e.letter {
			continue
		}
		c := &counts[tk.sentence-base]
		if tk.sentStart {
			// The first word is capitalised in any case; it only counts
			// towards text written in capitals.
			if e.allUpper {
				c.upper++
			}
			continue
		}
		c.content++
		switch {
		case e.allUpper:
			c.upper++
		case !e.upper:
			c.lower++
		}
	}
	for i, c := range counts {
		if (c.content >= 3 && c.lower == 0) || (c.upper >= 3 && c.upper*4 >= (c.content+1)*3) {
			r.titleCase[base+i] = true
		}
	}
}

// notNames are capitalised words that are not names in their language.
var notNames = map[string]map[string]bool{
	"en": setOf("january february march april may june july august september october november december"),
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// term turns one word into its term, or "" to drop it.
func (r *reading) term(tk token) string {
	e := tk.lex
	if e.dropped() || e.name == "" {
		return e.term
	}
	informative := !tk.sentStart && !r.titleCase[tk.sentence]
	acronym := e.allUpper && !r.titleCase[tk.sentence]
	if informative || acronym || (r.caps[e.lower] && !r.lower[e.lower]) {
		return e.name
	}
	return e.term
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasUpper reports whether w has an upper-case letter.
func hasUpper(w string) bool {
	for _, c := range w {
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return true
			}
			continue
		}
		if unicode.IsUpper(c) || unicode.IsTitle(c) {
			return true
		}
	}
	return false
}

func allUpper(w string) bool {
	letters := 0
	for _, c := range w {
		if unicode.IsLower(c) {
			return false
		}
		if unicode.IsLetter(c) {
			letters++
		}
	}
	return letters >= 2
}

// spaceGroupers are languages that group thousands with a plain space
// ("1 200"); elsewhere a plain space between numbers separates two numbers.
var spaceGroupers = setOf("fr ru pt es pl cs sk sv nb nn no fi et lv lt uk bg hu")

// segment appends the words and numbers of s to toks. sentence counts
// sentences across the parts of one document.
func segment(toks []token, s, lang string, sentence *int) []token {
	toks = slices.Grow(toks, len(s)/5) // news has about one word in six bytes
	start := true
	// The last number, while it may still be continued by a group of three
	// digits after a space ("1 200 000"): its digits and whether it can.
	groupable := false
	space := false     // the last gap was one space allowed inside a number
	cjkJoined := false // the previous token was a cjk character
	for it := segmentsOf(s); ; {
		v, ok := it.next()
		if !ok {
			break
		}
		first, size := utf8.DecodeRuneInString(v)
		if !unicode.IsLetter(first) && !unicode.IsDigit(first) && !unicode.IsMark(first) {
			groupable = groupable && !space && isGroupSpace(v, lang)
			space = groupable
			cjkJoined = false
			switch {
			case v == " ":
				// The commonest gap, which neither ends a sentence nor
				// opens a quotation.
			case strings.ContainsAny(v, "\n.!?;:…。！？؟"):
				*sentence++
				start = true
			case strings.ContainsAny(v, "\"“”«»„‘'(¿¡「『"):
				start = true
			}
			continue
		}
		if d := digitsOf(v, first); d != "" {
			if space && groupable && len(d) == 3 && strings.Trim(d, "0123456789") == "" {
				prev := &toks[len(toks)-1]
				prev.word = trimLeadingZeros(prev.word + d)
				space = false
				continue
			}
			toks = append(toks, token{word: normalNumber(d), number: true, sentence: *sentence, sentStart: start})
			groupable = len(d) <= 3 && strings.Trim(d, "0123456789") == ""
			space, start, cjkJoined = false, false, false
			continue
		}
		groupable, space = false, false
		if size == len(v) && isCJK(first) {
			toks = append(toks, token{word: v, cjk: true, joined: cjkJoined, sentence: *sentence, sentStart: start})
			cjkJoined, start = true, false
			continue
		}
		cjkJoined = false
		w := resolveApostrophes(v)
		if w == "" {
			continue
		}
		toks = append(toks, token{word: w, sentence: *sentence, sentStart: start})
		start = false
	}
	return toks
}

// digitsOf returns v in ASCII digits (see asciiDigits) when it is a
// number, starting with the digit first, else "".
func digitsOf(v string, first rune) string {
	if !unicode.IsDigit(first) {
		return ""
	}
	return asciiDigits(v)
}

// isGroupSpace reports whether v is a single space that may sit inside a
// number: the no-break and thin spaces typography uses for that, or a plain
// space in languages that write "1 200".
func isGroupSpace(v, lang string) bool {
	switch v {
	case "\u00a0", "\u2009", "\u202f":
		return true
	case " ":
		return spaceGroupers[lang]
	}
	return false
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// elisions are the articles and prepositions French and Italian attach
// with an apostrophe ("l'Élysée", "dell'Unione").
var elisions = setOf("l d j m n s t c qu jusqu lorsqu puisqu quoiqu dell dall nell sull all coll un quell")

// resolveApostrophes drops an elided article in front ("l'Élysée" →
// "Élysée") and an English possessive behind ("Reid's" → "Reid").
func resolveApostrophes(w string) string {
	// '’' is 0xE2 0x80 0x99 in UTF-8: a word without 0xE2 has none.
	if strings.IndexByte(w, '\'') < 0 && (strings.IndexByte(w, 0xE2) < 0 || !strings.Contains(w, "’")) {
		return w
	}
	w = strings.ReplaceAll(w, "’", "'")
	if i := strings.IndexByte(w, '\''); i > 0 && elisions[strings.ToLower(w[:i])] {
		w = w[i+1:]
	}
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'S")
	return strings.Trim(w, "'")
}

// baseLang reduces a language tag to its ISO 639-1 code: "pt-BR" → "pt".
func baseLang(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}
