package cite

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"beatdesk"
)

// Kinds of corruption that Corrupt makes, to measure the verifier: a
// number changed, a date shifted, a name swapped, a quote altered, the
// citation pointed at another source.
const (
	CorruptNumber   = "number"
	CorruptDate     = "date"
	CorruptEntity   = "entity"
	CorruptQuote    = "quote"
	CorruptCitation = "citation"
)

// CorruptLocalEntity is a harder kind, reported apart: a name swapped
// for another name the cited passage does hold, so no name check can
// catch it and only the alignment of the sentence to its source can.
const CorruptLocalEntity = "entity-in-source"

// CorruptKinds lists the kinds in report order.
var CorruptKinds = []string{CorruptNumber, CorruptDate, CorruptEntity, CorruptQuote, CorruptCitation, CorruptLocalEntity}

// A Corruption is a copy of a draft sentence with one known error.
type Corruption struct {
	Kind     string
	Sentence string
	Change   string // what was changed, for a report: `"112" -> "113"`
}

// Corrupt returns at most one corrupted copy of sentence (a draft
// sentence with its citation markers) for each kind that applies to it.
// Each copy says something the cited passages do not: a changed number
// or date is one no cited passage holds, a swapped name is taken from
// names (names elsewhere in the corpus) and is not in the cited passages,
// a quote has one word replaced, and a re-pointed citation names a source
// of citations whose passage does not hold the sentence's words. rnd
// makes the choices; the same seed gives the same copies.
func Corrupt(sentence string, citations []beatdesk.Citation, names []string, rnd *rand.Rand) []Corruption {
	byN := map[int]beatdesk.Citation{}
	for _, c := range citations {
		byN[c.N] = c
	}
	var cited []beatdesk.Citation
	for _, n := range uniqueInts(beatdesk.CiteMarkers(sentence)) {
		if c, ok := byN[n]; ok {
			cited = append(cited, c)
		}
	}
	if len(cited) == 0 {
		return nil
	}
	var passages strings.Builder
	for _, c := range cited {
		passages.WriteString(normalise(c.Passage))
		passages.WriteString("\n")
	}
	passage := passages.String()
	s := normalise(sentence)
	var out []Corruption
	add := func(kind, text, change string) {
		if text != "" && text != s {
			out = append(out, Corruption{Kind: kind, Sentence: text, Change: change})
		}
	}
	add(corruptNumber(s, passage, rnd))
	add(corruptDate(s, passage, rnd))
	frame := map[string]bool{}
	for _, c := range citations {
		for _, w := range words(c.Outlet) {
			frame[w] = true
		}
	}
	add(corruptEntity(s, passage, names, frame, rnd))
	add(corruptLocalEntity(s, passage, frame, rnd))
	add(corruptQuote(s, passage, rnd))
	add(corruptCitation(s, cited, citations, rnd))
	return out
}

// corruptNumber changes one figure written in digits, outside dates, to
// a value the passage does not hold.
func corruptNumber(s, passage string, rnd *rand.Rand) (string, string, string) {
	text := markerPattern.ReplaceAllStringFunc(s, func(m string) string { return strings.Repeat(" ", len(m)) })
	var dates []span
	for _, e := range dateExprs(text) {
		dates = append(dates, span{e.start, e.end})
	}
	have := figureSet(passage)
	fs := figures(blank(text, dates))
	if len(fs) == 0 {
		return "", "", ""
	}
	f := fs[rnd.IntN(len(fs))]
	// The last digit of the figure as written moves up by 1 to 9 until
	// the new number is not in the passage.
	digits := strings.TrimRightFunc(f.text, func(c rune) bool { return !unicode.IsDigit(c) })
	last := len(digits) - 1
	if last < 0 {
		return "", "", ""
	}
	for step := 1; step <= 9; step++ {
		d := (int(digits[last]-'0') + step) % 10
		changed := digits[:last] + strconv.Itoa(d) + f.text[last+1:]
		if g := figures(changed); len(g) == 1 && !g[0].found(have) {
			return CorruptNumber, s[:f.start] + changed + s[f.start+len(f.text):], fmt.Sprintf("%q -> %q", f.text, changed)
		}
	}
	return "", "", ""
}

// corruptDate moves a written day-and-month, or a year, to one the passage
// does not hold.
func corruptDate(s, passage string, rnd *rand.Rand) (string, string, string) {
	es := dateExprs(s)
	have := figureSet(passage)
	if len(es) > 0 {
		e := es[rnd.IntN(len(es))]
		day := strconv.Itoa(e.day)
		i := strings.Index(e.text, day)
		if i < 0 {
			return "", "", ""
		}
		for step := 2; step < 28; step += 3 {
			nd := (e.day+step-1)%28 + 1
			if have[strconv.Itoa(nd)] {
				continue
			}
			changed := e.text[:i] + strconv.Itoa(nd) + e.text[i+len(day):]
			return CorruptDate, s[:e.start] + changed + s[e.end:], fmt.Sprintf("%q -> %q", e.text, changed)
		}
		return "", "", ""
	}
	for _, w := range wordSpans(s) {
		if y, err := strconv.Atoi(w.text); err == nil && len(w.text) == 4 && y >= 1900 && y <= 2100 {
			for _, ny := range []int{y - 1, y + 1, y - 2, y + 2} {
				if !have[strconv.Itoa(ny)] {
					return CorruptDate, s[:w.start] + strconv.Itoa(ny) + s[w.end:], fmt.Sprintf("%q -> \"%d\"", w.text, ny)
				}
			}
		}
	}
	return "", "", ""
}

// corruptEntity replaces one capitalised name word (not the sentence's
// first word, not a date, not a word of an outlet's name, which is the
// attribution, changed by corruptCitation) with a name from names that no
// cited passage holds.
func corruptEntity(s, passage string, names []string, frame map[string]bool, rnd *rand.Rand) (string, string, string) {
	folded := fold(passage)
	var cands []wordSpan
	ws := wordSpans(s)
	for i, w := range ws {
		if i > 0 && capitalised(w.text) && len([]rune(w.text)) > 2 && calendarWord(w.text) == 0 && !isNumber(w.text) && !frame[w.text] {
			cands = append(cands, w)
		}
	}
	if len(cands) == 0 || len(names) == 0 {
		return "", "", ""
	}
	w := cands[rnd.IntN(len(cands))]
	start := rnd.IntN(len(names))
	for k := range names {
		n := names[(start+k)%len(names)]
		if n == w.text || containsWord(folded, fold(n)) {
			continue
		}
		return CorruptEntity, s[:w.start] + n + s[w.end:], fmt.Sprintf("%q -> %q", w.text, n)
	}
	return "", "", ""
}

// corruptLocalEntity replaces one name word with another capitalised
// word of the cited passages that the sentence does not use.
func corruptLocalEntity(s, passage string, frame map[string]bool, rnd *rand.Rand) (string, string, string) {
	var local []string
	inSentence := map[string]bool{}
	for _, w := range wordSpans(s) {
		inSentence[fold(w.text)] = true
	}
	seen := map[string]bool{}
	for _, n := range NameWords(passage) {
		if !seen[n] && !inSentence[fold(n)] && !frame[n] {
			seen[n] = true
			local = append(local, n)
		}
	}
	if len(local) == 0 {
		return "", "", ""
	}
	kind, changed, change := corruptEntity(s, "", local, frame, rnd)
	if kind == "" {
		return "", "", ""
	}
	return CorruptLocalEntity, changed, change
}

// corruptQuote replaces one word inside a quote with another word of the
// passage, so the quote reads naturally but is not what the source said.
func corruptQuote(s, passage string, rnd *rand.Rand) (string, string, string) {
	qs := outermost(quotes(s))
	if len(qs) == 0 {
		return "", "", ""
	}
	q := qs[rnd.IntN(len(qs))]
	var inside []wordSpan
	for _, w := range wordSpans(s[q.start:q.end]) {
		if len([]rune(w.text)) > 3 && !isNumber(w.text) {
			w.start += q.start
			w.end += q.start
			inside = append(inside, w)
		}
	}
	var pool []string
	for _, w := range words(passage) {
		if len([]rune(w)) > 3 && !isNumber(w) {
			pool = append(pool, w)
		}
	}
	if len(inside) == 0 || len(pool) == 0 {
		return "", "", ""
	}
	w := inside[rnd.IntN(len(inside))]
	for range 20 {
		n := pool[rnd.IntN(len(pool))]
		if fold(n) == fold(w.text) {
			continue
		}
		changed := s[:w.start] + n + s[w.end:]
		// The altered quote must not occur in the passage by chance.
		if nq := outermost(quotes(changed)); slices.ContainsFunc(nq, func(x quote) bool { return quoteFound(x.text, fold(passage)) }) {
			continue
		}
		return CorruptQuote, changed, fmt.Sprintf("%q -> %q", w.text, n)
	}
	return "", "", ""
}

// corruptCitation points every marker of s at one other citation whose
// passage does not already hold the sentence's quotes or words.
func corruptCitation(s string, cited, all []beatdesk.Citation, rnd *rand.Rand) (string, string, string) {
	isCited := map[int]bool{}
	for _, c := range cited {
		isCited[c.N] = true
	}
	var others []beatdesk.Citation
	for _, c := range all {
		if !isCited[c.N] {
			others = append(others, c)
		}
	}
	if len(others) == 0 {
		return "", "", ""
	}
	outletWords := map[string]bool{}
	for _, c := range all {
		for _, w := range words(fold(c.Outlet)) {
			outletWords[w] = true
		}
	}
	var content []string
	for _, w := range words(fold(markerPattern.ReplaceAllString(s, ""))) {
		if isContent(w) && !outletWords[w] {
			content = append(content, w)
		}
	}
	start := rnd.IntN(len(others))
	for k := range others {
		o := others[(start+k)%len(others)]
		// A second article may carry the same words (wire copy, or an
		// outlet repeating its own paragraph); then it supports the
		// sentence, and the swap is no corruption.
		op := fold(normalise(o.Passage))
		if !slices.ContainsFunc(content, func(w string) bool { return !containsWord(op, w) }) {
			continue
		}
		changed := markerPattern.ReplaceAllString(s, "")
		changed = strings.TrimSpace(changed) + fmt.Sprintf(" [%d]", o.N)
		return CorruptCitation, changed, fmt.Sprintf("%v -> [%d]", beatdesk.CiteMarkers(s), o.N)
	}
	return "", "", ""
}

// NameWords returns the capitalised words of s that do not open a
// sentence and are not stop words, dates, numbers or abbreviations: the
// pool a swapped name is drawn from.
func NameWords(s string) []string {
	var out []string
	for _, para := range Paragraphs(s) {
		for _, sent := range Sentences(para) {
			ws := wordSpans(normalise(markerPattern.ReplaceAllString(sent, "")))
			for i, w := range ws {
				if i > 0 && capitalised(w.text) && len([]rune(w.text)) > 2 && calendarWord(w.text) == 0 &&
					!stopWords[fold(w.text)] && !strings.ContainsAny(w.text, ".'’") {
					out = append(out, w.text)
				}
			}
		}
	}
	return out
}
