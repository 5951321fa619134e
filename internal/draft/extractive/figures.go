package extractive

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// The numbers section ends with a table of the story's key figures, one
// row a paragraph of its own, so that the verifier checks each row
// against its own source as it checks a sentence:
//
//	| 4,000 | 14 November | Gulf Wire | “more than 4,000 people were evacuated” [2]
//
// The cells are the figure as the source writes it, the day the source
// published it, the outlet (with a language label when the quote is in
// another language) and what the figure counts: the clause around it,
// quoted word for word, cited. The only words of the writer's own are
// the date and the outlet's name, both attribution frame; like every
// sentence the writer composes, a row ends in its quote and citation
// marker. A row starts with "| " and its cells are separated by " | "
// (FigureRow reads them back), so the reader site can lay consecutive
// rows out as a table; anywhere else a row reads as a line of text.

// Limits of the table.
const (
	maxRows       = 6 // rows in a table
	minRows       = 2 // fewer make no table
	maxLeftWords  = 5 // words of the clause kept before the figure
	maxRightWords = 6 // and after it
)

// A row is one line of the figures table. Its candidate is a copy of the
// source sentence's, holding only the quoted clause, so the writer drops
// or cites a row on its own.
type row struct {
	c      *candidate
	figure string // as written, with a currency sign before it and a scale word after it
	at     int    // where the figure starts in the source sentence, for ordering
}

// scaleWords follow a number as part of it: "6.2 billion", "6.200
// millones", "6,2 Milliarden". Folded.
var scaleWords = map[string]bool{
	"thousand": true, "million": true, "millions": true, "billion": true, "billions": true, "trillion": true,
	"mil": true, "millon": true, "millones": true, "billon": true, "billones": true,
	"milliard": true, "milliards": true, "milhao": true, "milhoes": true, "bilhao": true, "bilhoes": true,
	"millionen": true, "milliarde": true, "milliarden": true, "milioni": true, "miliardi": true,
}

// clockWords after a number make it a time of day or a span of hours,
// not one of the story's figures. Folded.
var clockWords = map[string]bool{
	"am": true, "pm": true, "a.m": true, "p.m": true, "h": true, "hours": true, "hour": true, "o'clock": true,
	"horas": true, "hora": true, "heures": true, "heure": true, "uhr": true, "stunden": true, "ore": true,
}

// currencySigns are written before a number as part of it.
const currencySigns = "$€£¥₹"

// figureRows picks the key figures for the table from cands (best first)
// that allowed admits: per figure (by its digits) the best-scored
// sentence that states it in a clause of a few words, one row a
// sentence, sentences in the publication language lang first, at most
// maxRows in all, told in the order their sources were published. It
// returns nil when fewer than minRows figures qualify.
func figureRows(cands []*candidate, srcs []source, lang string, allowed func(*candidate) bool) []*row {
	var rows []*row
	seen := map[string]bool{}
	for _, inLang := range []bool{true, false} {
		for _, c := range cands {
			if len(rows) == maxRows {
				break
			}
			if !c.figures || !allowed(c) || (srcs[c.src].lang == lang) != inLang {
				continue
			}
			if r := figureRow(c, srcs[c.src].lang, seen); r != nil {
				rows = append(rows, r)
			}
		}
	}
	if len(rows) < minRows {
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.c.src != b.c.src {
			return a.c.src < b.c.src // sources are in publication order
		}
		if a.c.order != b.c.order {
			return a.c.order < b.c.order
		}
		return a.at < b.at
	})
	return rows
}

// figureRow makes a row of the first figure of c not in seen (keys by
// digits, "%" added for a percentage) that stands in a clause of its own,
// and adds its key to seen; nil when c has none.
func figureRow(c *candidate, lang string, seen map[string]bool) *row {
	from := 0
	for _, f := range cite.Figures(c.text) {
		i := strings.Index(c.text[from:], f)
		if i < 0 {
			return nil // normalised differently from the text: leave the sentence
		}
		start, end := from+i, from+i+len(f)
		from = end
		key := strings.Map(digitsOnly, f)
		if strings.IndexFunc(f, func(r rune) bool { return r == '%' || unicode.IsLetter(r) }) >= 0 {
			key += "%" // "9 %", "9 por ciento", "9 percent"
		}
		if seen[key] || glued(c.text, start, end) {
			continue
		}
		clause, figure, ok := figureClause(c.text, start, end, lang)
		if !ok {
			continue
		}
		seen[key] = true
		cp := *c
		cp.text = clause
		return &row{c: &cp, figure: figure, at: start}
	}
	return nil
}

// glued reports whether the number s[start:end] is part of a word or a
// code ("G7", "COVID-19", "5G", "10.40pm"), not a figure.
func glued(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	return start > 0 && (unicode.IsLetter(before) || before == '-') ||
		end < len(s) && (unicode.IsLetter(after) || after == '-')
}

// figureClause returns the clause of sentence s (in lang) around the
// figure at s[start:end], word for word, cut to a few words either side
// and with no word that carries no meaning at either end, and the figure
// with a currency sign written before it and a scale word after it. ok is
// false when the figure is part of a date or a time of day, when the
// clause says nothing but the figure, or when it holds marks that would
// confuse a quotation or a table cell.
func figureClause(s string, start, end int, lang string) (clause, figure string, ok bool) {
	if r, n := utf8.DecodeLastRuneInString(s[:start]); strings.ContainsRune(currencySigns, r) {
		start -= n // "$6.2"
	}
	lo, hi := start, end
	for lo > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:lo])
		if clauseBreak(r, s[lo:]) {
			break
		}
		lo -= n
	}
	for hi < len(s) {
		r, n := utf8.DecodeRuneInString(s[hi:])
		if clauseBreak(r, s[hi+n:]) {
			break
		}
		hi += n
	}
	core := s[start:end]
	left := strings.Fields(s[lo:start])
	right := strings.Fields(s[end:hi])
	if !strings.HasPrefix(s[end:], " ") && len(right) > 0 {
		core += right[0] // "12%" read as "12" followed by "%"
		right = right[1:]
	}
	if nearDate(left, right) || len(right) > 0 && clockWords[cite.Fold(strings.TrimRight(right[0], ".,;"))] {
		return "", "", false
	}
	if len(left) > maxLeftWords {
		left = left[len(left)-maxLeftWords:]
		for len(left) > 1 && (isMonth(left[0]) || isNumber(left[0]) && isMonth(left[1])) {
			left = left[1:] // "November by 382 votes", "12 November by"
		}
	}
	if len(right) > maxRightWords {
		all := right
		right = right[:cutRight(right, lang)]
		for len(right) > 0 {
			last, next := right[len(right)-1], all[len(right)]
			if !isMonth(last) && !(isNumber(last) && (isMonth(next) || isNumber(next) || connective[cite.Fold(next)])) {
				break
			}
			right = right[:len(right)-1] // "released on 14 | and 15 November"
			for len(right) > 0 && len(cite.ContentWords(right[len(right)-1], lang)) == 0 {
				right = right[:len(right)-1]
			}
		}
	}
	for len(left) > 0 && len(cite.ContentWords(left[0], lang)) == 0 {
		left = left[1:]
	}
	for len(right) > 0 && len(cite.ContentWords(right[len(right)-1], lang)) == 0 {
		right = right[:len(right)-1]
	}
	if len(right) > 0 {
		right[len(right)-1] = strings.TrimRightFunc(right[len(right)-1], func(r rune) bool { return strings.ContainsRune(".,;!?。", r) })
	}
	clause = strings.Join(append(append(slices.Clone(left), core), right...), " ")
	figure = core
	if len(left) > 0 {
		if w := left[len(left)-1]; strings.ContainsAny(w, currencySigns) && len(w) <= 5 {
			figure = w + " " + figure // "US$ 4.5"
		}
	}
	if len(right) > 0 && scaleWords[cite.Fold(right[0])] {
		figure += " " + right[0]
	}
	// The clause must be in the sentence as it is (spaces collapsed
	// would not be), and say something beside the figure.
	if !strings.Contains(s, clause) || len(left)+len(right) < 2 || strings.ContainsAny(clause, "|\"“”«»„[]") {
		return "", "", false
	}
	return clause, figure, true
}

// connective joins two numbers of one date or range: "14 and 15
// November", "14 y 15 de noviembre". Folded.
var connective = map[string]bool{"and": true, "to": true, "-": true, "–": true, "y": true, "a": true, "et": true, "au": true,
	"e": true, "und": true, "bis": true, "al": true}

// isMonth reports whether w (with its punctuation) names a month.
func isMonth(w string) bool {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	f := cite.Fold(w)
	_, ok := monthNumbers[f]
	return ok && (!capitalisedOnly[f] || unicode.IsUpper([]rune(w)[0]))
}

// isNumber reports whether w has digits and no letters.
func isNumber(w string) bool {
	return strings.IndexFunc(w, unicode.IsDigit) >= 0 && strings.IndexFunc(w, unicode.IsLetter) < 0
}

// cutRight returns how many of the words after a figure to keep when
// there are more than maxRightWords: up to a word that carries no
// meaning ("on demand | from power grids"), or else to the end of a name
// the cut would split ("London Metal | Exchange"), at most three words
// more.
func cutRight(right []string, lang string) int {
	for k := maxRightWords; k >= 2; k-- {
		if len(cite.ContentWords(right[k], lang)) == 0 {
			return k
		}
	}
	k := maxRightWords
	for k < min(len(right), maxRightWords+3) && capitalised(right[k-1]) && capitalised(right[k]) {
		k++
	}
	return k
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// nearDate reports whether a month is named right before a number or
// within three words after it: "November 12", "14 and 15 November",
// "12 de noviembre", "15 نوفمبر".
func nearDate(left, right []string) bool {
	near := append(slices.Clone(left[max(0, len(left)-1):]), right[:min(3, len(right))]...)
	for _, w := range near {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		f := cite.Fold(w)
		if _, ok := monthNumbers[f]; ok && (!capitalisedOnly[f] || unicode.IsUpper([]rune(w)[0])) {
			return true
		}
	}
	return false
}

// clauseBreak reports whether r ends a clause, rest being the text after
// it: a semicolon, colon, bracket, dash or quotation mark, a comma not
// inside a number ("1,200") or a full stop not inside a number or an
// abbreviation ("6.2", "U.S.").
func clauseBreak(r rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch {
	case strings.ContainsRune(";:()[]—–\"“”«»„،؛，。；", r):
		return true
	case r == ',':
		return rest == "" || !unicode.IsDigit(next)
	case r == '.' || r == '!' || r == '?':
		return rest == "" || !unicode.IsDigit(next) && !unicode.IsLetter(next)
	}
	return false
}

// row writes r as a line of the table, cited as [n].
func (w *writer) row(r *row, n int) string {
	src := w.srcs[r.c.src]
	date := "–"
	if !src.article.Published.IsZero() {
		date = w.v.formatDate(src.article.Published, w.now)
	}
	return fmt.Sprintf("| %s | %s | %s%s | %s [%d]", r.figure, date, src.outlet, w.v.languageLabel(src.lang), w.v.quote(r.c.text), n)
}

// FigureRow splits a paragraph that is a row of a draft's figures table
// into its cells: the figure, the day its source published it, the
// source, and what it counts in the source's words with the citation
// marker. ok is false for any other paragraph. The reader site lays
// consecutive rows out as a table.
func FigureRow(p string) (cells []string, ok bool) {
	if !strings.HasPrefix(p, "| ") || strings.Contains(p, "\n") {
		return nil, false
	}
	cells = strings.Split(strings.TrimPrefix(p, "| "), " | ")
	if len(cells) != 4 || len(beatdesk.CiteMarkers(cells[3])) == 0 {
		return nil, false
	}
	return cells, true
}
