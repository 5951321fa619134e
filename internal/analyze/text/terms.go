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

	"github.com/clipperhouse/uax29/v2/words"
	"golang.org/x/text/unicode/norm"
)

// NamePrefix marks a name term.
const NamePrefix = "@"

// IsName reports whether term is a name.
func IsName(term string) bool { return strings.HasPrefix(term, NamePrefix) }

// IsNumber reports whether term is a number.
func IsNumber(term string) bool {
	if term == "" || term[0] < '0' || term[0] > '9' {
		return false
	}
	for i := 1; i < len(term); i++ {
		if c := term[i]; (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// Terms returns the terms of s, a text in language lang (ISO 639-1, "" when
// unknown), in reading order, repeats included.
func Terms(s, lang string) []string {
	if isLowerWord(s) {
		// One word in lower case ASCII, as the clusterer asks about each
		// name it meets: the word is its only token, not a name, and its
		// term is its lexeme's, found without segmenting.
		if term := lexiconOf(baseLang(lang)).lexemeOf(s).term; term != "" {
			return []string{term}
		}
		return []string{}
	}
	return analyse([]string{s}, lang, false)[0]
}

// isLowerWord reports whether s is one or more of the letters a to z.
func isLowerWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
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

// A TermCount is a distinct term of a document and how often it occurs
// in the title and in the body.
type TermCount struct {
	Term        string
	Title, Body int32
}

// DocumentCounts returns Document's terms counted: each distinct term
// once, in order of first occurrence (the title's first), appended to
// dst[:0]; and how many terms the body has. It reads the article as
// Document does, without making the lists: the clusterer needs only the
// counts.
func DocumentCounts(dst []TermCount, title, body, lang string) (counts []TermCount, bodyTerms int) {
	r := readParts([]string{title, body}, lang, true)
	defer r.release()
	r.countTable()
	counts = r.count(dst[:0], 0, r.ends[0], func(c *TermCount) { c.Title++ })
	counts = r.count(counts, r.ends[0], r.ends[1], func(c *TermCount) { c.Body++ })
	return counts, r.ends[1] - r.ends[0]
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

// A reading holds what one call learns about a document, and the
// buffers it learns it in, reused from one call to the next (readings).
type reading struct {
	lang      string
	titleCase []bool  // by sentence: capitals say nothing in it
	caps      wordSet // words capitalised where capitals mean something
	lower     wordSet // of those, the ones written in lower case somewhere
	toks      []token
	// The terms found, all parts' in one list, each with its hash
	// (lowerHash); part i's end at ends[i].
	terms     []string
	hashes    []uint64
	ends      []int
	slots     []int32         // count's table: a place in its counts plus one, 0 when free
	sentences []sentenceCount // markTitleCase's
}

// sentenceCount counts the kinds of words of a sentence (markTitleCase).
type sentenceCount struct{ content, lower, upper int }

// readings holds readings for reuse: an article's tokens are needed only
// while it is read, and were most of what reading it allocated.
var readings = sync.Pool{New: func() any { return new(reading) }}

// release returns r to readings, without references into the article it
// read. Buffers grown by an unusually long text are let go.
func (r *reading) release() {
	clear(r.toks)
	r.toks = r.toks[:0]
	if cap(r.toks) > 1<<16 {
		r.toks = nil
	}
	clear(r.terms)
	r.terms, r.hashes = r.terms[:0], r.hashes[:0]
	if cap(r.terms) > 1<<16 {
		r.terms, r.hashes = nil, nil
	}
	if len(r.slots) > 1<<12 {
		r.slots = nil
	}
	r.caps.reset()
	r.lower.reset()
	readings.Put(r)
}

func analyse(parts []string, lang string, scaled bool) [][]string {
	r := readParts(parts, lang, scaled)
	defer r.release()
	out := make([][]string, len(parts))
	// The parts' terms share one array.
	all := slices.Clone(r.terms)
	begin := 0
	for i, end := range r.ends {
		out[i] = all[begin:end:end] // appending to it copies
		begin = end
	}
	return out
}

// readParts reads the parts of a document; the caller releases the
// reading it returns.
func readParts(parts []string, lang string, scaled bool) *reading {
	lang = baseLang(lang)
	r := readings.Get().(*reading)
	r.lang = lang

	// Pass 1: segment, and learn which words the document capitalises where
	// capitals mean something and which it writes in lower case.
	all := r.toks[:0]
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
	r.toks = all
	toks := make([][]token, len(parts))
	for i := range parts {
		begin := 0
		if i > 0 {
			begin = ends[i-1]
		}
		toks[i] = all[begin:ends[i]]
	}
	lexiconOf(lang).lookUp(toks)
	r.titleCase = slices.Grow(r.titleCase[:0], sentence)[:sentence]
	clear(r.titleCase)
	for _, t := range toks {
		r.markTitleCase(t)
	}
	for _, t := range toks {
		for _, tk := range t {
			if tk.lex == nil || tk.sentStart || r.titleCase[tk.sentence] || !tk.lex.hasUpper {
				continue
			}
			r.caps.add(tk.lex)
		}
	}
	// Lower case is recorded only for the words capitalised somewhere,
	// the only ones asked about.
	if r.caps.n > 0 {
		for _, t := range toks {
			for _, tk := range t {
				if tk.lex != nil && tk.lex.isLower && r.caps.has(tk.lex) {
					r.lower.add(tk.lex)
				}
			}
		}
	}

	// Pass 2: the terms.
	r.ends = slices.Grow(r.ends[:0], len(parts))
	for _, t := range toks {
		skip := 0
		for j, tk := range t {
			switch {
			case skip > 0:
				skip-- // a scale word read with its number
			case tk.number && scaled:
				num, used := scaledNumber(t, j, r.lang)
				r.add(num, lowerHash(num))
				skip = used - 1
			case tk.number:
				r.add(tk.word, lowerHash(tk.word))
			case tk.cjk:
				// Pairs of neighbouring characters; a character alone only
				// when it has no neighbour.
				next := j+1 < len(t) && t[j+1].cjk && t[j+1].joined
				if next {
					pair := tk.word + t[j+1].word
					r.add(pair, lowerHash(pair))
				} else if !tk.joined {
					r.add(tk.word, lowerHash(tk.word))
				}
			default:
				if term, h := r.term(tk); term != "" {
					r.add(term, h)
				}
			}
		}
		r.ends = append(r.ends, len(r.terms))
	}
	return r
}

// add appends a term and its hash to r's terms.
func (r *reading) add(term string, h uint64) {
	r.terms = append(r.terms, term)
	r.hashes = append(r.hashes, h)
}

// countTable readies r.slots for counting r.terms: at most half full.
func (r *reading) countTable() {
	n := 64
	for n < 2*len(r.terms) {
		n *= 2
	}
	if len(r.slots) < n {
		r.slots = make([]int32, n)
		return
	}
	clear(r.slots)
}

// count adds the terms r.terms[from:to] to counts, each distinct term
// once (see DocumentCounts), calling inc for each occurrence. Call
// countTable first, once for all the parts counted into counts.
func (r *reading) count(counts []TermCount, from, to int, inc func(*TermCount)) []TermCount {
	for i := from; i < to; i++ {
		term, h := r.terms[i], r.hashes[i]
		mask := uint64(len(r.slots) - 1)
		for j := h & mask; ; j = (j + 1) & mask {
			k := r.slots[j] - 1
			if k < 0 {
				r.slots[j] = int32(len(counts)) + 1
				counts = append(counts, TermCount{Term: term})
				inc(&counts[len(counts)-1])
				break
			}
			if counts[k].Term == term {
				inc(&counts[k])
				break
			}
		}
	}
	return counts
}

// markTitleCase records the sentences whose capitals carry no information:
// Title Case headlines ("Dockworkers Strike Shuts Rotterdam Port") and text
// in capitals.
func (r *reading) markTitleCase(toks []token) {
	if len(toks) == 0 {
		return
	}
	// Sentences are numbered in order: counts[i] is sentence base+i's.
	base := toks[0].sentence
	n := toks[len(toks)-1].sentence - base + 1
	r.sentences = slices.Grow(r.sentences[:0], n)[:n]
	counts := r.sentences
	clear(counts)
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

// term turns one word into its term and the term's hash, or "" to
// drop it.
func (r *reading) term(tk token) (string, uint64) {
	e := tk.lex
	if e.dropped() || e.name == "" {
		return e.term, e.termHash
	}
	informative := !tk.sentStart && !r.titleCase[tk.sentence]
	acronym := e.allUpper && !r.titleCase[tk.sentence]
	if informative || acronym || (r.caps.has(e) && !r.lower.has(e)) {
		return e.name, e.nameHash
	}
	return e.term, e.termHash
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
	g := segmenter{
		toks:       slices.Grow(toks, len(s)/5), // news has about one word in six bytes
		lang:       lang,
		groupSpace: spaceGroupers[lang],
		sentence:   *sentence,
		start:      true,
	}
	if isASCII(s) {
		for a := (asciiWords{s: s}); a.Next(); {
			g.add(a.Value())
		}
	} else {
		for it := words.FromString(s); it.Next(); {
			g.add(it.Value())
		}
	}
	*sentence = g.sentence
	return g.toks
}

// A segmenter turns a text's segments into tokens, in order.
type segmenter struct {
	toks       []token
	lang       string
	groupSpace bool // a plain space may sit inside a number (spaceGroupers)
	sentence   int
	start      bool // the next word starts a sentence or a quotation
	// The last number, while it may still be continued by a group of
	// three digits after a space ("1 200 000"): whether it can.
	groupable bool
	space     bool // the last gap was one space allowed inside a number
	cjkJoined bool // the previous token was a cjk character
}

// add reads the next segment v: a word, a number, or the gap between.
func (g *segmenter) add(v string) {
	if v == " " {
		// The commonest gap, which neither ends a sentence nor opens a
		// quotation.
		g.groupable = g.groupable && !g.space && g.groupSpace
		g.space = g.groupable
		g.cjkJoined = false
		return
	}
	first, size := rune(v[0]), 1
	if first >= utf8.RuneSelf {
		first, size = utf8.DecodeRuneInString(v)
	}
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) && !unicode.IsMark(first) {
		g.groupable = g.groupable && !g.space && isGroupSpace(v, g.lang)
		g.space = g.groupable
		g.cjkJoined = false
		switch {
		case strings.ContainsAny(v, "\n.!?;:…。！？؟"):
			g.sentence++
			g.start = true
		case strings.ContainsAny(v, "\"“”«»„‘'(¿¡「『"):
			g.start = true
		}
		return
	}
	if d := digitsOf(v, first); d != "" {
		if g.space && g.groupable && len(d) == 3 && strings.Trim(d, "0123456789") == "" {
			prev := &g.toks[len(g.toks)-1]
			prev.word = trimLeadingZeros(prev.word + d)
			g.space = false
			return
		}
		g.toks = append(g.toks, token{word: normalNumber(d), number: true, sentence: g.sentence, sentStart: g.start})
		g.groupable = len(d) <= 3 && strings.Trim(d, "0123456789") == ""
		g.space, g.start, g.cjkJoined = false, false, false
		return
	}
	g.groupable, g.space = false, false
	if size == len(v) && isCJK(first) {
		g.toks = append(g.toks, token{word: v, cjk: true, joined: g.cjkJoined, sentence: g.sentence, sentStart: g.start})
		g.cjkJoined, g.start = true, false
		return
	}
	g.cjkJoined = false
	w := resolveApostrophes(v)
	if w == "" {
		return
	}
	g.toks = append(g.toks, token{word: w, sentence: g.sentence, sentStart: g.start})
	g.start = false
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
	if !hasApostrophe(w) {
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

// hasApostrophe reports whether w holds '\” or '’'. Words are short:
// one pass over their bytes costs less than searching them twice.
func hasApostrophe(w string) bool {
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '\'':
			return true
		case 0xE2: // '’' is 0xE2 0x80 0x99 in UTF-8
			if strings.HasPrefix(w[i:], "’") {
				return true
			}
		}
	}
	return false
}

// baseLang reduces a language tag to its ISO 639-1 code: "pt-BR" → "pt".
func baseLang(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}
