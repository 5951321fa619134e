package cluster

// Same-story similarity of two articles, in one language or across two.
//
// The clusterer's TF-IDF cosine (Index.Vector, Cosine) tells two reports
// in one language apart well, but across languages they share few stems.
// What they do share is written alike whatever the language: names of
// people, places and organisations, once spelt in Latin letters and cut to
// their first letters ("Bukowinie" meets "Bukowina", "Путин" meets
// "Putin"), with the places the gazetteer (package entity) finds in any
// script added under their English names ("德国" meets "Germany");
// numbers; and, between related languages, cognate words, which
// also meet once cut to their first letters ("coronavirus", "Coronavirus",
// "coronavirusu"). A Scorer weighs each of these by how rare it is (IDF
// over the documents it has observed), leaving out boilerplate sentences
// that many texts share (boilerplate.go). Signals.Score combines them into
// one score in [0, 1], each signal weighed against how alike the two
// articles usually are to others in the other's language (a Background).

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/analyze/text"
)

// Key families of a Profile's language-neutral vectors, so that a name and
// a word with the same letters count apart.
const (
	famName   = "n:" // a name's or place's first stemLetters letters, in Latin script
	famNumber = "#:" // a number of two or more characters
	famWord   = "w:" // a word's first stemLetters letters, in Latin script
)

const (
	// stemLetters is how many letters of a name or word are kept: a crude
	// stemmer for every language, which cuts off case endings
	// ("Tatrzańskiej") and lets cognates meet across languages. Five
	// letters, four and six do alike on the SemEval sample (r within 0.002).
	stemLetters = 5
	// minWord is the shortest word kept: shorter ones are mostly function
	// words, which say nothing of the story.
	minWord = 4
	// neutralTerms is how many keys a neutral vector keeps, as Vector
	// keeps TopTerms: the rest are mostly noise.
	neutralTerms = TopTerms
)

// Weights of Signals.Score, fitted on the SemEval-2022 task 8 sample
// (../shared/data/semeval2022-task8-hfl-sample, dev only; see
// semeval_test.go and `beatdesk eval similarity`) by maximising Pearson r
// (0.745; 0.737 on held-out folds of a 5-fold split by article), then
// rounded. Score is a logistic curve over a weighted sum of the signals'
// square roots: a cosine of 0.1 already means much more than 0 does, and
// the annotators' mean score is flat for different stories and saturates
// for one story along the sum.
const (
	scoreBias     = -3.45
	weightCosine  = 9.7
	weightWords   = 4.15
	weightNumbers = 0.7
	// Within one language names count through the TF-IDF cosine, which
	// boosts them; across languages, where fewer other words meet, they
	// count on their own: weightCrossNames, and weightScriptNames more
	// across scripts (Chinese and English), where words meet only as
	// names, numbers and words in Latin letters. The constant terms keep
	// different stories as low as within one language.
	weightCross       = -1.85
	weightCrossNames  = 2.0
	weightScript      = 0.4
	weightScriptNames = 6.5
	// Weights of the usual similarities (see Usual). An article alike to
	// many others in the other's language (a press office's reports, one
	// site's furniture) is less alike to this one than its cosine says;
	// names that many articles share mark a story widely told, whose
	// reports annotators rate closer.
	weightUsualCosine  = -17.3
	weightUsualWords   = -11.5
	weightUsualNames   = 7.3
	weightUsualNumbers = 0.6
)

// typicalUsual stands in for Signals.Usual when there is no background:
// the mean usual similarities on the SemEval sample (Words over languages
// written with spaces).
var typicalUsual = Usual{Cosine: 0.057, Words: 0.104, Names: 0.047, Numbers: 0.049}

// A Scorer compares articles two at a time. It keeps document frequencies
// of the clusterer's terms (in its Index) and of the language-neutral keys.
// It is safe for concurrent use.
type Scorer struct {
	ix *Index

	mu sync.RWMutex
	df map[string]int32
	n  int
	// texts and sentences count sentences for boilerplate (see
	// boilerplate.go): the texts seen, and in how many of them each
	// sentence occurs.
	texts     map[uint64]bool
	sentences map[uint64]int32
}

// NewScorer returns a Scorer whose term statistics live in ix (a fresh
// Index when ix is nil). Observe the documents, or a sample of their kind,
// before taking Profiles: a Profile's weights are the IDF of that moment.
func NewScorer(ix *Index) *Scorer {
	if ix == nil {
		ix = NewIndex()
	}
	return &Scorer{ix: ix, df: map[string]int32{}, texts: map[uint64]bool{}, sentences: map[uint64]int32{}}
}

// ArticleDoc reads a scraped article given as one text whose headline
// comes first, as in the SemEval data: the first line, or failing that the
// first sentence, becomes the Title when it ends within headlineBytes.
// Splitting it off lets Vector count the headline more than the body,
// which raised the TF-IDF cosine's Pearson r on the SemEval sample by
// about 0.015.
func ArticleDoc(s, lang string) Doc {
	const headlineBytes = 250
	s = strings.TrimSpace(s)
	for i, r := range s {
		if i > headlineBytes {
			break
		}
		if r == '\n' || (strings.ContainsRune(".!?。", r) && i > 20) {
			return Doc{Title: s[:i], Text: s[i:], Lang: lang}
		}
	}
	return Doc{Text: s, Lang: lang}
}

// A Profile is what a Scorer compares of one article.
type Profile struct {
	Lang   string
	Vector map[string]float64 // the clusterer's TF-IDF vector
	// Language-neutral vectors, TF-IDF weighted, L2-normalised.
	Names, Numbers, Words map[string]float64
	// sum identifies the text, so that a Background leaves out the two
	// articles it is asked about and copies of one article count once.
	sum uint64
}

// neutralKeys are an article's language-neutral keys, with repeats.
type neutralKeys struct {
	names, numbers, words []string
}

func readNeutral(d Doc) neutralKeys {
	var k neutralKeys
	title, body := text.Document(d.Title, d.Text, d.Lang)
	for _, list := range [][]string{title, body} {
		for _, t := range list {
			switch {
			case text.IsName(t):
				if s := firstLetters(entity.Latin(strings.TrimPrefix(t, text.NamePrefix))); s != "" {
					k.names = append(k.names, famName+s)
				}
			case text.IsNumber(t) && len(t) >= 2:
				k.numbers = append(k.numbers, famNumber+t)
			}
		}
	}
	// Places the gazetteer knows in any script count as names spelt the
	// English way, so "德国" and "Германия" meet "Germany".
	for _, m := range entity.Find(d.Title + "\n" + d.Text) {
		for _, w := range strings.FieldsFunc(m.Place.Name, nonLetter) {
			if s := firstLetters(entity.Latin(w)); s != "" {
				for range m.Count {
					k.names = append(k.names, famName+s)
				}
			}
		}
	}
	for _, part := range []string{d.Title, d.Text} {
		for _, w := range strings.FieldsFunc(part, nonLetter) {
			if utf8.RuneCountInString(w) < minWord {
				continue
			}
			if s := firstLetters(entity.Latin(w)); s != "" {
				k.words = append(k.words, famWord+s)
			}
		}
	}
	return k
}

func nonLetter(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }

// firstLetters keeps the first stemLetters letters of s; it drops s when
// it has fewer than three, as too ambiguous.
func firstLetters(s string) string {
	n := 0
	for i := range s {
		if n == stemLetters {
			return s[:i]
		}
		n++
	}
	if n < 3 {
		return ""
	}
	return s
}

// Observe counts d's terms and neutral keys in the document frequencies.
func (s *Scorer) Observe(d Doc) {
	s.observeSentences(d)
	s.ix.Observe(d)
	k := readNeutral(d)
	seen := map[string]bool{}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, list := range [][]string{k.names, k.numbers, k.words} {
		for _, key := range list {
			if !seen[key] {
				seen[key] = true
				s.df[key]++
			}
		}
	}
	s.n++
}

// Profile reads d for comparison.
func (s *Scorer) Profile(d Doc) Profile {
	sum := textSum(d)
	d = s.stripBoilerplate(d)
	k := readNeutral(d)
	return Profile{
		Lang:    d.Lang,
		Vector:  s.ix.Vector(d),
		Names:   s.weigh(k.names),
		Numbers: s.weigh(k.numbers),
		Words:   s.weigh(k.words),
		sum:     sum,
	}
}

// weigh turns keys into a TF-IDF vector of its neutralTerms heaviest keys,
// L2-normalised. IDF is smoothed as Vector's is, so that keys shared by
// every observed document (all of them, when only two were observed) still
// count.
func (s *Scorer) weigh(keys []string) map[string]float64 {
	v := map[string]float64{}
	for _, k := range keys {
		v[k]++
	}
	s.mu.RLock()
	n := float64(s.n)
	for k, f := range v {
		v[k] = (1 + math.Log(f)) * (math.Log((n+1)/(float64(s.df[k])+1)) + 1)
	}
	s.mu.RUnlock()
	if len(v) > neutralTerms {
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if c := cmp.Compare(v[b], v[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		for _, k := range keys[neutralTerms:] {
			delete(v, k)
		}
	}
	norm := 0.0
	for _, w := range v {
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for k := range v {
		v[k] /= norm
	}
	return v
}

// Signals are the separate similarities of two Profiles, each in [0, 1],
// and what Score needs to know of the two languages.
type Signals struct {
	Cosine  float64 // the clusterer's TF-IDF cosine
	Words   float64 // of words' first letters, in Latin script
	Names   float64 // of names' first letters, in Latin script
	Numbers float64
	Cross   bool // the two are in different languages
	// OtherScript: the two languages are written in different scripts
	// (Chinese and English), so words meet only as names and numbers.
	OtherScript bool
	// Unspaced: one of the two writes no spaces between words (Chinese,
	// Japanese, Thai), so that Words compares phrases, not words, and
	// says nothing.
	Unspaced bool
	// Usual is how alike each of the two is, on average, to other articles
	// in the other's language (see Background.Compare); nil when unknown,
	// and then typical values stand in.
	Usual *Usual
}

// Usual similarities of two articles: for each signal, the mean of its
// square root between either article and the background articles in the
// other's language, averaged over the two.
type Usual struct {
	Cosine, Words, Names, Numbers float64
}

// Compare returns the signals of a and b, without their usual
// similarities (see Background.Compare).
func Compare(a, b Profile) Signals {
	return Signals{
		Cosine:      unitInterval(Cosine(a.Vector, b.Vector)),
		Words:       unitInterval(Cosine(a.Words, b.Words)),
		Names:       unitInterval(Cosine(a.Names, b.Names)),
		Numbers:     unitInterval(Cosine(a.Numbers, b.Numbers)),
		Cross:       a.Lang != "" && b.Lang != "" && !sameLanguage(a.Lang, b.Lang),
		OtherScript: script(a.Lang) != script(b.Lang),
		Unspaced:    unspaced(a.Lang) || unspaced(b.Lang),
	}
}

// Score combines the signals into one same-story score in [0, 1] (see the
// weights above).
func (g Signals) Score() float64 {
	words := math.Sqrt(g.Words)
	u := typicalUsual
	if g.Usual != nil {
		u = *g.Usual
	}
	if g.Unspaced {
		words, u.Words = 0, 0
	}
	z := scoreBias + weightCosine*math.Sqrt(g.Cosine) + weightWords*words +
		weightNumbers*math.Sqrt(g.Numbers)
	z += weightUsualCosine*u.Cosine + weightUsualWords*u.Words +
		weightUsualNames*u.Names + weightUsualNumbers*u.Numbers
	if g.Cross {
		z += weightCross + weightCrossNames*math.Sqrt(g.Names)
	}
	if g.OtherScript {
		z += weightScript + weightScriptNames*math.Sqrt(g.Names)
	}
	return 1 / (1 + math.Exp(-z))
}

// Similarity is Compare(a, b).Score().
func Similarity(a, b Profile) float64 { return Compare(a, b).Score() }

// unitInterval clamps x to [0, 1], rounding errors (a cosine of
// 1.0000000002) and NaN included.
func unitInterval(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, 1)
}

// sameLanguage reports whether two language tags name one language:
// "pt-BR" and "pt" do.
func sameLanguage(a, b string) bool { return baseLanguage(a) == baseLanguage(b) }
