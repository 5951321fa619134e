package cite

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"beatdesk"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// MinSupport is the lowest lexical support score (see align.go) with
// which a sentence that passes the hard checks counts as supported.
// Sentences quoted from the source score 1; a faithful paraphrase about
// 0.8-0.95; a sentence that swaps an actor, adds a fact or joins pieces
// of different clauses falls below. Fixed on the dev parts of SummEdits
// (news) and QAGS.
const MinSupport = 0.79

// Verify checks every sentence of the dek and of every paragraph of d
// against the passages it cites and returns one Finding per sentence, in
// reading order. A Finding for the dek has Section -1; otherwise Section
// and Paragraph index d.Sections and its Paragraphs.
func Verify(d *beatdesk.Draft) []beatdesk.Finding {
	c := NewChecker(d.Citations)
	var out []beatdesk.Finding
	for _, s := range Sentences(d.Dek) {
		f := c.Check(s)
		f.Section = -1
		out = append(out, f)
	}
	for i, sec := range d.Sections {
		for j, p := range sec.Paragraphs {
			for _, s := range Sentences(p) {
				f := c.Check(s)
				f.Section, f.Paragraph = i, j
				out = append(out, f)
			}
		}
	}
	return out
}

// CheckSentence checks one sentence against citations, as Verify does for
// each sentence of a draft; the desk uses it on an edited sentence.
func CheckSentence(sentence string, citations []beatdesk.Citation) beatdesk.Finding {
	return NewChecker(citations).Check(sentence)
}

// A Checker checks sentences against a fixed list of citations, preparing
// each cited passage once. The extractive writer keeps one while it
// composes a draft.
type Checker struct {
	minSupport float64
	citations  map[int]beatdesk.Citation
	sources    map[int]*source
}

// NewChecker returns a Checker for citations.
func NewChecker(cs []beatdesk.Citation) *Checker {
	c := &Checker{minSupport: MinSupport, citations: map[int]beatdesk.Citation{}, sources: map[int]*source{}}
	for _, ci := range cs {
		c.citations[ci.N] = ci
	}
	return c
}

// numbers returns the citation numbers in order.
func (c *Checker) numbers() []int {
	var ns []int
	for n := range c.citations {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	return ns
}

// A source is one cited passage, prepared for look-ups.
type source struct {
	outlet    *regexp.Regexp  // the outlet's name, nil when it has none
	langNames map[string]bool // folded names of its language, for labels
	lang      string
	folded    string   // the passage folded: lower case, no diacritics, straight quotes; paragraphs joined by "\n"
	paragraph []string // each paragraph folded, for quotes, which never run across two
	dotless   string   // folded, with the periods of "U.S." and "EE.UU." taken out
	figures   map[string]bool
	calendar  map[int]bool    // months 1-12, weekdays 100-106
	stems     map[string]bool // content-word stems in the passage's language
	sentences []sourceSentence
	df        map[string]int  // in how many sentences each stem occurs
	titled    map[string]bool // folded words that follow a title ("Mr", "Dr"): surnames
}

func (c *Checker) source(n int) *source {
	if s, ok := c.sources[n]; ok {
		return s
	}
	ci := c.citations[n]
	s := &source{
		langNames: map[string]bool{},
		lang:      ci.Lang,
		figures:   map[string]bool{},
		calendar:  map[int]bool{},
		stems:     map[string]bool{},
	}
	// A passage may hold several paragraphs of one article (a writer
	// cites each article once). Each is prepared on its own, so a quote
	// or a figure cannot be made of the end of one and the start of the
	// next; joined with a line break, which no normalised sentence holds.
	var paras []string
	// A stored translation counts as the passage's own words: a quote's
	// translation beside the original is then checked like the original.
	for _, para := range Paragraphs(ci.Passage + "\n\n" + ci.Translation) {
		para = normalise(para)
		paras = append(paras, para)
		s.paragraph = append(s.paragraph, fold(para))
		// A re-tokenised text writes "1, 600" and "98. 7" for 1,600
		// and 98.7; both readings count.
		for _, form := range []string{para, spacedNumber.ReplaceAllString(para, "$1$2$3")} {
			for f := range figureSet(form) {
				s.figures[f] = true
			}
		}
	}
	p := strings.Join(paras, "\n")
	s.folded = strings.Join(s.paragraph, "\n")
	s.dotless = dotless(s.folded)
	for _, w := range words(p) {
		if k := calendarWord(w); k != 0 {
			s.calendar[k] = true
		}
	}
	s.prepareSentences(paras)
	for w := range s.df {
		s.stems[w] = true
	}
	if o := strings.TrimSpace(normalise(ci.Outlet)); o != "" {
		s.outlet = regexp.MustCompile(`(?i)` + strings.ReplaceAll(regexp.QuoteMeta(o), " ", `\s+`))
	}
	for _, name := range languageNames(ci.Lang) {
		s.langNames[name] = true
	}
	c.sources[n] = s
	return s
}

// hasQuote reports whether q is word for word in one of the passage's
// paragraphs.
func (s *source) hasQuote(q string) bool {
	return slices.ContainsFunc(s.paragraph, func(p string) bool { return quoteFound(q, p) })
}

var markerPattern = regexp.MustCompile(`\s*\[\d+\]`)

// Check verifies one sentence. The Finding's Section and Paragraph are
// left zero.
func (c *Checker) Check(sentence string) beatdesk.Finding {
	f, _ := c.CheckScored(sentence)
	return f
}

// CheckScored verifies one sentence as Check does and also returns its
// lexical support score, 0 to 1 (0 when a check failed before scoring).
func (c *Checker) CheckScored(sentence string) (beatdesk.Finding, float64) {
	f, a := c.check(sentence)
	return f, a.score()
}

// check verifies one sentence and returns the lexical evidence with the
// Finding (a zero alignment when a check failed before it was measured).
func (c *Checker) check(sentence string) (f beatdesk.Finding, a alignment) {
	f = beatdesk.Finding{Claim: strings.TrimSpace(sentence)}
	s := normalise(sentence)
	f.Cites = beatdesk.CiteMarkers(s)
	var reasons []string
	if len(f.Cites) == 0 {
		f.Reason = "no citation"
		return f, a
	}
	var cited []int
	for _, n := range uniqueInts(f.Cites) {
		if _, ok := c.citations[n]; !ok {
			reasons = append(reasons, fmt.Sprintf("source [%d] is not in the source list", n))
			continue
		}
		cited = append(cited, n)
	}
	if len(cited) == 0 {
		f.Reason = strings.Join(reasons, "; ")
		return f, a
	}
	ref := sourceRef(cited)
	var srcs []*source
	for _, n := range cited {
		srcs = append(srcs, c.source(n))
	}
	s = strings.TrimSpace(markerPattern.ReplaceAllString(s, ""))

	qs := outermost(quotes(s))
	frame := c.frame(s, qs, cited)
	body := blank(s, frame)
	outside := body
	for _, q := range qs {
		outside = blank(outside, []span{{q.start, q.end}})
	}

	// Quotes: each must be in one paragraph of a cited passage, word for
	// word.
	for _, q := range qs {
		if !anySource(srcs, func(src *source) bool { return src.hasQuote(q.text) }) {
			if len(qs) == 1 {
				reasons = append(reasons, "quote not found in "+ref)
			} else {
				reasons = append(reasons, fmt.Sprintf("quote %q not found in %s", excerpt(q.text), ref))
			}
		}
	}

	// Dates other than the source's own publication date in the frame.
	var dateSpans []span
	for _, e := range dateExprs(body) {
		dateSpans = append(dateSpans, span{e.start, e.end})
		ok := anySource(srcs, func(src *source) bool {
			return src.calendar[e.month] && src.figures[fmt.Sprint(e.day)] && (e.year == 0 || src.figures[fmt.Sprint(e.year)])
		})
		if !ok {
			reasons = append(reasons, fmt.Sprintf("the date %q is not in %s", strings.TrimSpace(e.text), ref))
		}
	}
	for _, w := range wordSpans(blank(body, dateSpans)) {
		k := calendarWord(w.text)
		if k != 0 && !anySource(srcs, func(src *source) bool { return src.calendar[k] }) {
			reasons = append(reasons, fmt.Sprintf("the date %q is not in %s", w.text, ref))
		}
	}

	// Numbers.
	for _, fg := range figures(blank(body, dateSpans)) {
		if !anySource(srcs, func(src *source) bool { return fg.found(src.figures) }) {
			reasons = append(reasons, fmt.Sprintf("the number %q is not in %s", fg.text, ref))
		}
	}

	// Names outside quotes (a quote found word for word carries its own).
	for _, name := range names(s, outside) {
		for _, tok := range name.tokens {
			ft := fold(tok)
			if !anySource(srcs, func(src *source) bool {
				return containsWord(src.folded, ft) || containsWord(src.dotless, dotless(ft)) || src.hasAlias(ft)
			}) {
				reasons = append(reasons, fmt.Sprintf("the name %q is not in %s", name.text, ref))
				break
			}
		}
	}

	// Attribution: naming the outlet of a source the sentence does not
	// cite ("According to X ... [2]" where [2] is Y) points the reader at
	// the wrong source, unless the cited passage itself names X.
	for _, n := range c.numbers() {
		ci := c.citations[n]
		if slices.Contains(cited, n) || strings.TrimSpace(ci.Outlet) == "" {
			continue
		}
		other := c.source(n)
		fo := fold(normalise(ci.Outlet))
		if anySource(srcs, func(src *source) bool {
			return src.outlet != nil && fold(src.outlet.String()) == fold(other.outlet.String())
		}) {
			continue // two articles of one outlet
		}
		for _, m := range other.outlet.FindAllStringIndex(outside, -1) {
			if wholeWord(outside, m[0], m[1]) && !anySource(srcs, func(src *source) bool { return containsWord(src.folded, fo) }) {
				reasons = append(reasons, fmt.Sprintf("it attributes to %s, which is not %s", strings.TrimSpace(ci.Outlet), ref))
				break
			}
		}
	}

	if subordinateOnly(s) {
		reasons = append(reasons, "it is a subordinate clause with no main clause")
	}

	// Lexical support.
	a = align(body, srcs)
	switch {
	case a.words == 0:
		reasons = append(reasons, "the sentence states nothing "+ref+" could confirm")
	case a.score() < c.minSupport:
		reasons = append(reasons, supportReason(a, ref))
	}

	f.Supported = len(reasons) == 0
	f.Reason = strings.Join(uniqueStrings(reasons), "; ")
	return f, a
}

// A span is a byte range [start, end) of a sentence.
type span struct{ start, end int }

// frame finds the attribution frame of s: the cited outlets' names, a
// label naming a cited source's language ("(in Spanish)") and any date
// that is a cited source's publication date. Words inside quotes are never
// frame.
func (c *Checker) frame(s string, qs []quote, cited []int) []span {
	inQuote := func(a, b int) bool {
		for _, q := range qs {
			if a < q.end && b > q.start {
				return true
			}
		}
		return false
	}
	var out []span
	add := func(a, b int) {
		if !inQuote(a, b) {
			out = append(out, span{a, b})
		}
	}
	for _, n := range cited {
		src := c.source(n)
		if src.outlet == nil {
			continue
		}
		for _, m := range src.outlet.FindAllStringIndex(s, -1) {
			if wholeWord(s, m[0], m[1]) {
				add(m[0], m[1])
			}
		}
	}
	for _, m := range languageLabel.FindAllStringSubmatchIndex(s, -1) {
		name := fold(s[m[2]:m[3]])
		for _, n := range cited {
			if c.source(n).langNames[name] {
				add(m[0], m[1])
				break
			}
		}
	}
	if len(qs) > 0 {
		for _, m := range glossLabel.FindAllStringIndex(s, -1) {
			add(m[0], m[1])
		}
	}
	for _, e := range dateExprs(s) {
		for _, n := range cited {
			if isPublishedOn(e, c.citations[n].Published) {
				add(e.start, e.end)
				break
			}
		}
	}
	return out
}

// languageLabel matches "(in Spanish)", "(en inglés)", "(em espanhol)",
// "(auf Spanisch)": the label a writer puts on a quote it leaves in the
// source's language.
// A label may add that the quote is left untranslated.
var languageLabel = regexp.MustCompile(`\((?i:in|en|em|auf|in lingua)\s+([^(),]{2,40})(?:,\s*(?i:untranslated|sin traducir|non traduit|sem tradução|unübersetzt))?\)`)

// glossLabel matches the opening of "(translation: “…”)", which a writer
// puts after a quote to translate it; the quoted translation itself is
// checked like any quote (against the citation's stored translation).
var glossLabel = regexp.MustCompile(`\((?i:translation|traducción|traduction|tradução|übersetzung)\s?:|\)`)

// labelLanguages are the languages whose names for other languages a
// label may use.
var labelLanguages = []language.Tag{language.English, language.Spanish, language.French,
	language.Portuguese, language.German, language.Italian}

// languageNames returns the folded names of the language code in each
// label language.
func languageNames(code string) []string {
	t, err := language.Parse(code)
	if err != nil || code == "" {
		return nil
	}
	var out []string
	for _, in := range labelLanguages {
		if n := display.Languages(in).Name(t); n != "" {
			out = append(out, fold(n))
		}
	}
	return out
}

// blank replaces each span of s with a bar and spaces of the same length,
// so offsets stay valid and words on either side do not join.
func blank(s string, spans []span) string {
	b := []byte(s)
	for _, sp := range spans {
		for i := sp.start; i < sp.end; i++ {
			b[i] = ' '
		}
		b[sp.start] = '|'
	}
	return string(b)
}

// outermost drops quotes nested inside another: the outer one, found word
// for word, vouches for what it contains.
func outermost(qs []quote) []quote {
	sort.Slice(qs, func(i, j int) bool {
		if qs[i].start != qs[j].start {
			return qs[i].start < qs[j].start
		}
		return qs[i].end > qs[j].end
	})
	var out []quote
	for _, q := range qs {
		if len(out) > 0 && q.start >= out[len(out)-1].start && q.end <= out[len(out)-1].end {
			continue
		}
		out = append(out, q)
	}
	return out
}

// A wordSpan is one word-like token with its position: letters, digits
// and the inner marks of names ("U.S.", "O'Brien", "al-Assad").
type wordSpan struct {
	text       string
	start, end int
}

func wordSpans(s string) []wordSpan {
	var out []wordSpan
	start := -1
	end := func(i int) {
		w := strings.TrimRight(s[start:i], ".-'’")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		out = append(out, wordSpan{w, start, start + len(w)})
		start = -1
	}
	for i, c := range s {
		word := unicode.IsLetter(c) || unicode.IsDigit(c)
		switch {
		case start < 0 && word:
			start = i
		case start >= 0 && !word && !unicode.Is(unicode.M, c) && !strings.ContainsRune("'’.-", c):
			end(i)
		}
	}
	if start >= 0 {
		end(len(s))
	}
	return out
}

// connectors may sit inside a name between capitalised words: "Bank of
// Mexico", "Ciudad de México", "Ludwig van Beethoven".
var connectors = setOf("of", "the", "de", "del", "la", "las", "los", "el", "y", "and", "van", "von",
	"der", "den", "da", "do", "dos", "das", "di", "du", "des", "al", "bin", "ibn", "le")

// A name is a run of capitalised words written outside quotes and frame.
type name struct {
	text   string
	tokens []string // the capitalised words, which must each be in the source
}

// names finds name-like runs of capitalised words in outside (the sentence
// with quotes and frame blanked). The sentence's first word is skipped:
// its capital says nothing. Month and weekday names are dates, checked
// as such.
func names(s, outside string) []name {
	first := -1
	if ws := wordSpans(s); len(ws) > 0 {
		first = ws[0].start
	}
	ws := wordSpans(outside)
	var out []name
	var cur []wordSpan
	flush := func() {
		// Trailing connectors are not part of the name.
		for len(cur) > 0 && !capitalised(cur[len(cur)-1].text) {
			cur = cur[:len(cur)-1]
		}
		var n name
		for _, w := range cur {
			if capitalised(w.text) && w.start != first && calendarWord(w.text) == 0 && utf8.RuneCountInString(w.text) > 1 {
				n.tokens = append(n.tokens, w.text)
			}
		}
		if len(n.tokens) > 0 {
			n.text = outside[cur[0].start:cur[len(cur)-1].end]
			out = append(out, n)
		}
		cur = nil
	}
	for _, w := range ws {
		adjacent := len(cur) > 0 && strings.TrimSpace(outside[cur[len(cur)-1].end:w.start]) == ""
		switch {
		case capitalised(w.text):
			if !adjacent {
				flush()
			}
			cur = append(cur, w)
		case adjacent && connectors[strings.ToLower(w.text)]:
			cur = append(cur, w)
		default:
			flush()
		}
	}
	flush()
	return out
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// dotless takes the periods out of abbreviations, so "U.K." matches "UK":
// every period between two letters goes.
func dotless(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := utf8.RuneError
	for i, c := range s {
		if c == '.' && unicode.IsLetter(prev) {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if unicode.IsLetter(next) {
				continue // prev stays the letter before the period
			}
		}
		b.WriteRune(c)
		prev = c
	}
	return b.String()
}

// containsWord reports whether needle occurs in hay as a whole word (or
// words): not glued to a letter or digit on either side.
func containsWord(hay, needle string) bool {
	if needle == "" {
		return false
	}
	for at := 0; ; {
		i := strings.Index(hay[at:], needle)
		if i < 0 {
			return false
		}
		i += at
		if wholeWord(hay, i, i+len(needle)) {
			return true
		}
		at = i + 1
	}
}

// wholeWord reports whether s[a:b] is not glued to a letter or digit.
func wholeWord(s string, a, b int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:a])
	after, _ := utf8.DecodeRuneInString(s[b:])
	return !isWordRune(before) && !isWordRune(after)
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func anySource(srcs []*source, ok func(*source) bool) bool {
	for _, s := range srcs {
		if ok(s) {
			return true
		}
	}
	return false
}

// sourceRef names the cited sources as an editor would: "source [2]",
// "sources [2] and [3]".
func sourceRef(ns []int) string {
	if len(ns) == 1 {
		return fmt.Sprintf("source [%d]", ns[0])
	}
	var parts []string
	for _, n := range ns {
		parts = append(parts, fmt.Sprintf("[%d]", n))
	}
	return "sources " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func excerpt(s string) string {
	ws := strings.Fields(s)
	if len(ws) <= 6 {
		return s
	}
	return strings.Join(ws[:6], " ") + "…"
}

func uniqueInts(ns []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, n := range ns {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func uniqueStrings(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// spacedNumber finds a number broken by a space after its separator:
// "1, 600", "98. 7".
var spacedNumber = regexp.MustCompile(`(\d)([.,]) (\d{3}\b|\d\b)`)

// aliasGroups are names of one country written differently: its
// abbreviations, its short and long names and the adjective for its
// people. A sentence may use any of them when its source uses another.
var aliasGroups = [][]string{
	{"uk", "united kingdom", "britain", "great britain", "british"},
	{"us", "usa", "united states", "america", "american", "americans"},
	{"eu", "european union"},
	{"un", "united nations"},
	{"eeuu", "estados unidos", "estadounidense"},
	{"uae", "united arab emirates", "emirati"},
}

// aliases maps each folded, dotless alias to its group.
var aliases = map[string][]string{}

func init() {
	for _, g := range aliasGroups {
		for _, a := range g {
			aliases[a] = g
		}
	}
}

// hasAlias reports whether the passage names what the folded name token
// ft names, under another of its aliases.
func (s *source) hasAlias(ft string) bool {
	for _, a := range aliases[dotless(strings.TrimSuffix(ft, "."))] {
		if containsWord(s.dotless, a) {
			return true
		}
	}
	return false
}
