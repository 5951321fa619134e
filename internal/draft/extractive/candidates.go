package extractive

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// A source is one article the writer may quote, with its paragraphs.
type source struct {
	article    beatdesk.Article
	outlet     string
	lang       string // base language code, "" when unknown
	paragraphs []string
	// earlier marks the correspondent's own earlier article, quoted only
	// by its headline to link it (see memory.go).
	earlier bool
}

// A candidate is one source sentence the writer may quote.
type candidate struct {
	src     int // index into the sources
	para    int // paragraph index in the source
	order   int // position among all candidates, for stable ties
	text    string
	words   map[string]bool // content-word stems
	amounts map[string]bool // its figures as bare digits ("1,412" and "1.412" are "1412")
	vec     []termWeight    // TF-IDF, sorted by term
	figures bool            // has a number that is not a date or a year
	cues    bool            // looks ahead ("will", "se espera")
	stakes  bool            // says why it matters ("record", "risk", "first")
	fact    bool            // a dated fact: carries a date or a figure (datedFact)
	score   float64
}

type termWeight struct {
	term   string
	weight float64
}

// Sentences shorter or longer than these (in words) make poor quotes:
// fragments and captions below, run-on paragraphs above.
const (
	minWords = 6
	maxWords = 60
)

// boilerplate lists page furniture that extraction sometimes keeps
// (lower case), and marks that would confuse the verifier ("[3]").
var boilerplate = []string{"http://", "https://", "www.", "read more", "click here", "subscribe", "sign up",
	"newsletter", "all rights reserved", "copyright", "©", "follow us", "lee también", "lea también",
	"suscríbete", "te puede interesar", "haz clic", "cookies", "advertisement", "publicidad"}

var citeLike = regexp.MustCompile(`\[\d+\]|\S@\S`)

func isBoilerplate(s string) bool {
	l := strings.ToLower(s)
	for _, b := range boilerplate {
		if strings.Contains(l, b) {
			return true
		}
	}
	return citeLike.MatchString(s)
}

// usable reports whether a source sentence can be quoted whole: a
// complete sentence of reasonable length, with balanced quotation marks
// and brackets, that is not a question and not page furniture.
func usable(s string) bool {
	n := len(strings.Fields(s))
	if cjk := countIdeographs(s); cjk > n {
		n = cjk / 2
	}
	if n < minWords || n > maxWords || isBoilerplate(s) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(first) || (!unicode.IsLetter(first) && !unicode.IsDigit(first) && !strings.ContainsRune("\"“«‘'¿¡(", first)) {
		return false
	}
	end := strings.TrimRightFunc(s, func(c rune) bool { return strings.ContainsRune("\"”»’')", c) })
	last, _ := utf8.DecodeLastRuneInString(end)
	if !strings.ContainsRune(".!。", last) {
		return false // a question, a headline, or a cut-off sentence
	}
	return strings.Count(s, `"`)%2 == 0 &&
		strings.Count(s, "“") == strings.Count(s, "”") &&
		strings.Count(s, "«") == strings.Count(s, "»") &&
		strings.Count(s, "(") == strings.Count(s, ")")
}

func countIdeographs(s string) int {
	n := 0
	for _, c := range s {
		if unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			n++
		}
	}
	return n
}

// candidates splits every source into sentences and keeps the usable
// ones, each once: a sentence repeated word for word by a second outlet
// (a wire copy) is kept at its first source.
func candidates(srcs []source, v vocabulary) []*candidate {
	var out []*candidate
	seen := map[string]bool{}
	for si, src := range srcs {
		for pi, p := range src.paragraphs {
			for _, s := range cite.Sentences(p) {
				s = stripDateline(s)
				key := cite.Fold(strings.Join(strings.Fields(s), " "))
				if seen[key] || !usable(s) {
					continue
				}
				seen[key] = true
				c := &candidate{src: si, para: pi, order: len(out), text: s, words: map[string]bool{}}
				for _, w := range cite.ContentWords(s, src.lang) {
					c.words[w] = true
				}
				c.amounts = map[string]bool{}
				for _, f := range cite.Figures(s) {
					c.amounts[strings.Map(digitsOnly, f)] = true
				}
				c.figures = len(c.amounts) > 0
				cues, stakes := cueWords(src.lang, v)
				c.cues = hasCue(s, cues) || scheduled(s, src.article.Published)
				c.stakes = hasCue(s, stakes)
				c.fact = datedFact(s)
				out = append(out, c)
			}
		}
	}
	return out
}

func digitsOnly(c rune) rune {
	if c >= '0' && c <= '9' {
		return c
	}
	return -1
}

// dateline matches the wire-style opening of a first sentence:
// "CULIACÁN, Mexico (Gulf Wire) - ". The writer quotes what follows.
var dateline = regexp.MustCompile(`^\p{Lu}[\p{Lu}\p{M} .'-]{2,}(?:, [\p{L}\p{M} .]+)?(?: \([^()]{1,40}\))? ?[-–—]+ `)

func stripDateline(s string) string {
	if loc := dateline.FindStringIndex(s); loc != nil {
		return s[loc[1]:]
	}
	return s
}

// arabicCues are the cue words of Arabic sources, which have no
// vocabulary of their own (beatdesk does not publish in Arabic): the
// future particle and "next", "expected"; and "largest", "first",
// "worst", "record", "threat", "risk", "crisis".
var arabicCues = [2][]string{
	foldAll("سوف", "المقبل", "المقبلة", "القادم", "القادمة", "يتوقع", "من المتوقع", "من المقرر"),
	foldAll("أكبر", "أول", "أسوأ", "قياسي", "قياسية", "تهديد", "خطر", "أزمة"),
}

func foldAll(ws ...string) []string {
	for i, w := range ws {
		ws[i] = cite.Fold(w)
	}
	return ws
}

// cueWords returns the forward-looking and significance cues to look for
// in a sentence in lang: that language's own when the writer knows them,
// else the publication language's (v).
func cueWords(lang string, v vocabulary) (cues, stakes []string) {
	if sv, ok := vocabularies[lang]; ok {
		return sv.cues, sv.stakes
	}
	if lang == "ar" {
		return arabicCues[0], arabicCues[1]
	}
	return v.cues, v.stakes
}

// hasCue reports whether s contains one of the folded cue words or
// phrases as whole words.
func hasCue(s string, cues []string) bool {
	f := " " + strings.Join(strings.FieldsFunc(cite.Fold(s), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	}), " ") + " "
	for _, c := range cues {
		if strings.Contains(f, " "+c+" ") {
			return true
		}
	}
	return false
}

// score rates each candidate: how central it is to what all the other
// outlets wrote (TF-IDF cosine with the centroid of the other sources'
// sentences), plus small bonuses for figures, a lead paragraph, the
// correspondent's topics and the publication language.
func score(cands []*candidate, srcs []source, persona beatdesk.Persona, pubLang string) {
	df := map[string]int{}
	for _, c := range cands {
		for w := range c.words {
			df[w]++
		}
	}
	n := float64(len(cands))
	total := map[string]float64{}
	perSource := make([]map[string]float64, len(srcs))
	for i := range perSource {
		perSource[i] = map[string]float64{}
	}
	for _, c := range cands {
		c.vec = tfidf(c.text, srcs[c.src].lang, df, n)
		for _, tw := range c.vec {
			total[tw.term] += tw.weight
			perSource[c.src][tw.term] += tw.weight
		}
	}
	topics := topicWords(persona, srcs)
	multi := len(srcs) > 1
	norms := make([]float64, len(srcs))
	for i := range srcs {
		norms[i] = centroidNorm(total, perSource[i], multi)
	}
	for _, c := range cands {
		var dot float64
		for _, tw := range c.vec {
			w := total[tw.term]
			if multi {
				w -= perSource[c.src][tw.term]
			}
			dot += tw.weight * w
		}
		if norms[c.src] > 0 {
			c.score = dot / norms[c.src]
		}
		if c.figures {
			c.score += 0.1
		}
		switch c.para {
		case 0:
			c.score += 0.1
		case 1:
			c.score += 0.05
		}
		hits := 0
		for w := range c.words {
			if topics[srcs[c.src].lang][w] {
				hits++
			}
		}
		c.score += 0.05 * math.Min(float64(hits), 3)
		if srcs[c.src].lang == baseLang(pubLang) {
			c.score += 0.12 // readers read it without a label
		}
	}
}

// tfidf returns the unit-length TF-IDF vector of s, sorted by term so sums
// over it run in the same order every time (the output must not depend on
// map order, even in the last bit of a float).
func tfidf(s, lang string, df map[string]int, n float64) []termWeight {
	tf := map[string]int{}
	for _, w := range cite.ContentWords(s, lang) {
		tf[w]++
	}
	terms := make([]string, 0, len(tf))
	for t := range tf {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	vec := make([]termWeight, 0, len(terms))
	var norm float64
	for _, t := range terms {
		d := df[t]
		if d == 0 {
			d = 1
		}
		w := (1 + math.Log(float64(tf[t]))) * math.Log(1+n/float64(d))
		vec = append(vec, termWeight{t, w})
		norm += w * w
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range vec {
			vec[i].weight /= norm
		}
	}
	return vec
}

// centroidNorm is the length of the centroid of the other sources'
// sentences (total minus own), or of all when there is one source.
func centroidNorm(total, own map[string]float64, subtract bool) float64 {
	terms := make([]string, 0, len(total))
	for t := range total {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	var sum float64
	for _, t := range terms {
		w := total[t]
		if subtract {
			w -= own[t]
		}
		sum += w * w
	}
	return math.Sqrt(sum)
}

// topicWords stems the correspondent's topic terms in each source
// language.
func topicWords(p beatdesk.Persona, srcs []source) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, s := range srcs {
		if out[s.lang] != nil {
			continue
		}
		out[s.lang] = map[string]bool{}
		for _, t := range p.Topics {
			for _, w := range cite.ContentWords(t, s.lang) {
				out[s.lang][w] = true
			}
		}
	}
	return out
}

// nearRepeat reports whether a and b say much the same thing: most of the
// content words of the shorter are in the longer, or (across languages,
// where words differ) every figure of one is in the other.
func nearRepeat(a, b *candidate) bool {
	if len(a.amounts) > 0 && len(b.amounts) > 0 {
		fa, fb := a.amounts, b.amounts
		if len(fa) > len(fb) {
			fa, fb = fb, fa
		}
		all := true
		for f := range fa {
			all = all && fb[f]
		}
		if all {
			return true
		}
	}
	small, large := a.words, b.words
	if len(small) > len(large) {
		small, large = large, small
	}
	if len(small) == 0 {
		return false
	}
	shared := 0
	for w := range small {
		if large[w] {
			shared++
		}
	}
	return float64(shared) >= 0.6*float64(len(small))
}
