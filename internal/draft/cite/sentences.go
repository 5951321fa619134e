package cite

import (
	"strings"
	"unicode"
)

// abbreviations end with a period that does not end a sentence when a
// capital letter or a number follows ("Mr. Obrador", "Gen. Cienfuegos",
// "Nov. 14", "No. 5"). Lower case, without the period. Single letters
// ("J. Smith") and words with inner periods ("U.S.", "EE.UU.") are handled
// by rule, not listed.
var abbreviations = setOf(
	// titles and ranks, English and Romance languages
	"mr", "mrs", "ms", "dr", "drs", "prof", "profa", "sr", "sra", "srta", "sres", "dra",
	"lic", "ing", "arq", "gen", "gral", "col", "cap", "capt", "cmdr", "lt", "sgt", "adm",
	"gov", "sen", "rep", "rev", "fr", "pres", "mme", "mlle", "mgr", "hon", "amb",
	"st", "ste", "sta", "sto", "mt", "ft", "jr", "dña", "ud", "uds", "vd", "vds",
	// organisations and references
	"co", "corp", "inc", "ltd", "bros", "dept", "univ", "nº", "núm", "num",
	"ed", "eds", "approx", "aprox", "est",
	"vs", "cf", "al", "av", "avda", "pág", "pp", "ej", "tel",
	// months
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"ene", "abr", "ago", "dic", "janv", "févr", "avr", "juil", "déc",
)

// numberedAbbreviations are abbreviations only before a number: "No. 5"
// but "He said no."
var numberedAbbreviations = setOf("no", "nos", "art", "arts", "vol", "vols", "fig", "figs", "p")

// Sentences splits text into sentences. It does not break inside a
// balanced quotation, after an abbreviation or initial, inside a number
// ("3.5") or before a lower-case word. A line break always ends a
// sentence. Citation markers such as "[2]" written after a sentence's final
// punctuation stay with that sentence, so a draft paragraph splits into
// claims with their markers.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		out = append(out, splitLine([]rune(line))...)
	}
	return out
}

// Paragraphs splits text at blank lines and trims each paragraph: the
// paragraphs of an article's text, and of a citation's passage, which
// holds the cited article's quoted paragraphs separated by blank lines.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func splitLine(r []rune) []string {
	q := newQuoteDepth(r)
	var out []string
	start := 0
	emit := func(end int) {
		if s := strings.TrimSpace(string(r[start:end])); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(r); i++ {
		q.step(r[i])
		if !isTerminal(r[i]) {
			continue
		}
		if r[i] == '.' && !periodMayEnd(r, i) {
			continue
		}
		// Take in the rest of the punctuation run ("?!", "...") and any
		// closing quotes or brackets.
		j := i + 1
		for j < len(r) && (isTerminal(r[j]) || isCloser(r[j])) {
			q.step(r[j])
			j++
		}
		if q.inside() {
			i = j - 1
			continue
		}
		afterPunct := j
		j = takeMarkers(r, j)
		cited := j > afterPunct // markers after the stop end the sentence, whatever follows
		cjk := isCJKTerminal(r[i])
		if j < len(r) && !unicode.IsSpace(r[j]) && !cjk {
			i = j - 1
			continue
		}
		k := j
		for k < len(r) && unicode.IsSpace(r[k]) {
			k++
		}
		if k < len(r) && !cited && (!startsSentence(r[k]) || glossFollows(r, k)) {
			i = j - 1
			continue
		}
		if k < len(r) && r[i] == '.' && i > 0 && unicode.IsDigit(r[i-1]) && unicode.IsDigit(r[k]) && !cited {
			i = j - 1 // "0. 08": a number broken by a stray space
			continue
		}
		emit(j)
		i = j - 1
	}
	emit(len(r))
	return out
}

// takeMarkers returns the position after any "[n]" citation markers (and
// the spaces before them) that start at j.
func takeMarkers(r []rune, j int) int {
	for {
		k := j
		for k < len(r) && r[k] == ' ' {
			k++
		}
		if k >= len(r) || r[k] != '[' {
			return j
		}
		m := k + 1
		for m < len(r) && r[m] >= '0' && r[m] <= '9' {
			m++
		}
		if m == k+1 || m >= len(r) || r[m] != ']' {
			return j
		}
		j = m + 1
	}
}

// periodMayEnd reports whether the period at r[i] can end a sentence: it is
// not part of a number, an abbreviation or an initial.
func periodMayEnd(r []rune, i int) bool {
	if i+1 < len(r) && unicode.IsDigit(r[i+1]) {
		return false
	}
	// The word before the period, with any inner periods ("U.S").
	b := i
	for b > 0 && (unicode.IsLetter(r[b-1]) || r[b-1] == '.') {
		b--
	}
	word := string(r[b:i])
	switch {
	case word == "":
		return true
	case strings.Contains(word, "."):
		return strings.HasSuffix(word, ".") // "..." ends, "U.S" does not
	case len([]rune(word)) == 1 && unicode.IsUpper(r[b]):
		return false // an initial: "J. Smith"
	}
	lw := strings.ToLower(word)
	if numberedAbbreviations[lw] {
		k := i + 1
		for k < len(r) && r[k] == ' ' {
			k++
		}
		return k >= len(r) || !unicode.IsDigit(r[k])
	}
	return !abbreviations[lw]
}

func isTerminal(c rune) bool {
	switch c {
	case '.', '!', '?', '…', '؟', '۔', '。', '！', '？', '।':
		return true
	}
	return false
}

func isCJKTerminal(c rune) bool { return c == '。' || c == '！' || c == '？' }

func isCloser(c rune) bool {
	switch c {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '」', '』':
		return true
	}
	return false
}

// startsSentence reports whether c can begin a new sentence: a capital, a
// digit, an opening mark, or a letter of a script without case (Arabic,
// Chinese, Hindi...).
// glossFollows reports whether r[k] opens a parenthesis in lower case,
// such as a writer's "(translation: …)" after a quote: a remark on the
// sentence before it, not a new sentence.
func glossFollows(r []rune, k int) bool {
	return r[k] == '(' && k+1 < len(r) && unicode.IsLower(r[k+1])
}

func startsSentence(c rune) bool {
	switch {
	case unicode.IsUpper(c), unicode.IsTitle(c), unicode.IsDigit(c):
		return true
	case unicode.IsLetter(c):
		return !unicode.IsLower(c)
	}
	return strings.ContainsRune("\"'“‘«‹(¿¡[„「『-—–", c)
}

// quoteDepth tracks whether the scan is inside a quotation. Only quote
// styles that are balanced in the line count: an unpaired quote mark (a
// typo, or a quote running over several paragraphs) would otherwise glue
// the rest of the line into one sentence.
type quoteDepth struct {
	curly, guill, straight bool // which styles are balanced
	depth                  int
	inStraight             bool
}

func newQuoteDepth(r []rune) *quoteDepth {
	var open, close, gOpen, gClose, straight int
	for _, c := range r {
		switch c {
		case '“':
			open++
		case '”':
			close++
		case '«':
			gOpen++
		case '»':
			gClose++
		case '"':
			straight++
		}
	}
	return &quoteDepth{
		curly:    open > 0 && open == close,
		guill:    gOpen > 0 && gOpen == gClose,
		straight: straight > 0 && straight%2 == 0,
	}
}

func (q *quoteDepth) step(c rune) {
	switch {
	case c == '“' && q.curly, c == '«' && q.guill:
		q.depth++
	case (c == '”' && q.curly) || (c == '»' && q.guill):
		if q.depth > 0 {
			q.depth--
		}
	case c == '"' && q.straight:
		q.inStraight = !q.inStraight
	}
}

func (q *quoteDepth) inside() bool { return q.depth > 0 || q.inStraight }

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// subordinateOnly reports whether s (English) is a subordinate clause
// standing alone, with no main clause to attach to: it opens, perhaps
// after "but" or "and", with "that" before a subject ("But that he
// worships his wife") or with "because", "although", "though" or
// "whereas", and holds no comma, colon, semicolon or dash after which a
// main clause could follow. A summary that trims a sentence down to its
// subordinate clause no longer states what the source states.
func subordinateOnly(s string) bool {
	if strings.ContainsAny(s, ",;:–—") || strings.Contains(s, " - ") {
		return false
	}
	ws := words(fold(s))
	if len(ws) > 0 && (ws[0] == "but" || ws[0] == "and") {
		ws = ws[1:]
	}
	if len(ws) < 3 {
		return false
	}
	switch ws[0] {
	case "because", "although", "though", "whereas":
		return true
	case "that":
		return clauseSubjects[ws[1]]
	}
	return false
}

// clauseSubjects are words that open a clause's subject after "that".
var clauseSubjects = setOf("he", "she", "they", "we", "i", "you", "it", "the", "a", "an", "his", "her", "their", "its")
