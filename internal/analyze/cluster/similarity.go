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
// numbers; and, between related languages, cognate words. Words, cognates
// and names also meet as runs of gramLetters letters ("Coronavirus" and
// "coronavirusu" share "oron", "navi"...; "Bundesregierung" shares
// "regi" with "Regierung"), which also make up for the stemmer where it
// is crude: compounds, case endings, Turkish suffixes, Arabic prefixes. A
// Scorer weighs each of these by how rare it is (IDF
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

	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/analyze/text"
)

// Key families of a Profile's language-neutral vectors, so that a name and
// a word with the same letters count apart.
const (
	famName   = "n:" // a name's or place's first stemLetters letters, in Latin script
	famNumber = "#:" // a number of two or more characters
)

const (
	// stemLetters is how many letters of a name are kept: a crude
	// stemmer for every language, which cuts off case endings
	// ("Tatrzańskiej") and lets names meet across scripts. Five
	// letters, four and six do alike on the SemEval sample (r within 0.002).
	stemLetters = 5
	// gramLetters is the length of the letter runs (grams) compared: a
	// word is read as its grams with a space before and after (" rom",
	// "roma", "oman", "man "), so that a short word is one gram and a
	// long one shares most of its grams with its inflected forms and
	// compounds. Han script, written without spaces, is read as pairs of
	// characters. On the SemEval sample, added to words cut to their
	// first five letters (r 0.745), grams of four letters gave r 0.755,
	// of three 0.749, of five 0.753 (weights refitted each time); in
	// place of the cut words, four-letter grams 0.755 too, so they
	// replaced them.
	gramLetters = 4
	// titleGrams is how many times a gram of the title counts, as Vector
	// counts a title's terms twice: a headline states what the story is
	// about. Counting them once, r was 0.005 lower (three times: 0.001
	// higher).
	titleGrams = 2
	// neutralTerms is how many keys a neutral vector keeps, as Vector
	// keeps TopTerms: the rest are mostly noise.
	neutralTerms = TopTerms
)

// Weights of Signals.Score, fitted on the SemEval-2022 task 8 sample
// (../shared/data/semeval2022-task8-hfl-sample, dev only; see
// semeval_test.go and `beatdesk eval similarity`) by maximising Pearson r
// (0.764; 0.750 on held-out folds of a 5-fold split by connected groups
// of articles), then rounded. Score is a logistic curve over a weighted
// sum of the signals' square roots: a cosine of 0.1 already means much more than 0 does, and
// the annotators' mean score is flat for different stories and saturates
// for one story along the sum.
const (
	scoreBias     = -5.7
	weightCosine  = 3.8
	weightGrams   = 13.4
	weightNumbers = 0.85
	// Within one language names count through the TF-IDF cosine, which
	// boosts them; across languages, where fewer other words meet, they
	// count on their own: weightCrossNames, and weightScriptNames more
	// across scripts (Chinese and English), where words meet only as
	// names, numbers and words in Latin letters. The constant terms keep
	// different stories as low as within one language.
	weightCross       = -0.4
	weightCrossNames  = 2.05
	weightScript      = 1.7
	weightScriptNames = 5.5
	// weightLengthGap raises the score of two texts of unlike lengths
	// (see Signals.LengthGap). The shorter is mostly a scrape cut short or
	// a brief, whose likeness to a whole report the signals understate:
	// on the SemEval sample, same-script pairs one of whose texts is over
	// twice as long as the other were rated 0.1 to 0.5 closer than the
	// score without it said; with it r rose by 0.004 (0.003 held out).
	weightLengthGap = 0.75
	// Weights of the usual similarities (see Usual). An article alike to
	// many others in the other's language (a press office's reports, one
	// site's furniture) is less alike to this one than its cosine says;
	// names that many articles share mark a story widely told, whose
	// reports annotators rate closer. How alike an article's numbers
	// usually are said nothing (a weight of -0.05 when fitted).
	weightUsualCosine = -17.5
	weightUsualGrams  = -6.2
	weightUsualNames  = 3.65
)

// typicalUsual stands in for Signals.Usual when there is no background:
// the mean usual similarities on the SemEval sample.
var typicalUsual = Usual{Cosine: 0.056, Grams: 0.257, Names: 0.047}

// A Scorer compares articles two at a time. It keeps document frequencies
// of the clusterer's terms (in its Index) and of the language-neutral keys.
// It is safe for concurrent use.
type Scorer struct {
	ix *Index

	mu sync.RWMutex
	df map[string]int32 // of the neutral keys
	// gramDF counts grams (see gramsOf) by their hash: there are many
	// more of them than of keys.
	gramDF map[uint64]int32
	n      int
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
	return &Scorer{ix: ix, df: map[string]int32{}, gramDF: map[uint64]int32{}, texts: map[uint64]bool{}, sentences: map[uint64]int32{}}
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
	Names, Numbers map[string]float64
	Grams          grams
	// Letters is how many letters the text has, boilerplate left out.
	Letters int
	// sum identifies the text, so that a Background leaves out the two
	// articles it is asked about and copies of one article count once.
	sum uint64
}

// neutralKeys are an article's language-neutral keys, with repeats.
type neutralKeys struct {
	names, numbers []string
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
	grams := gramsOf(d)
	seen := map[string]bool{}
	s.mu.Lock()
	defer s.mu.Unlock()
	for g := range grams {
		s.gramDF[g]++
	}
	for _, list := range [][]string{k.names, k.numbers} {
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
		Grams:   s.weighGrams(gramsOf(d)),
		Letters: letters(d.Title) + letters(d.Text),
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
	Names   float64 // of names' first letters, in Latin script
	Numbers float64
	Grams   float64 // of runs of gramLetters letters
	Cross   bool    // the two are in different languages
	// OtherScript: the two languages are written in different scripts
	// (Chinese and English), so words meet only as names and numbers.
	OtherScript bool
	// LengthGap is |ln(letters a / letters b)|: 0 for texts of one
	// length, 0.69 when one is twice as long as the other. It is 0 across
	// scripts, whose letters do not compare (a Chinese text has fewer).
	LengthGap float64
	// Usual is how alike each of the two is, on average, to other articles
	// in the other's language (see Background.Compare); nil when unknown,
	// and then typical values stand in.
	Usual *Usual
}

// Usual similarities of two articles: for each signal, the mean of its
// square root between either article and the background articles in the
// other's language, averaged over the two.
type Usual struct {
	Cosine, Grams, Names float64
}

// Compare returns the signals of a and b, without their usual
// similarities (see Background.Compare).
func Compare(a, b Profile) Signals {
	g := Signals{
		Cosine:      unitInterval(Cosine(a.Vector, b.Vector)),
		Names:       unitInterval(Cosine(a.Names, b.Names)),
		Numbers:     unitInterval(Cosine(a.Numbers, b.Numbers)),
		Grams:       unitInterval(a.Grams.dot(b.Grams)),
		Cross:       a.Lang != "" && b.Lang != "" && !sameLanguage(a.Lang, b.Lang),
		OtherScript: script(a.Lang) != script(b.Lang),
	}
	if !g.OtherScript && a.Letters > 0 && b.Letters > 0 {
		g.LengthGap = math.Abs(math.Log(float64(a.Letters) / float64(b.Letters)))
	}
	return g
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// Score combines the signals into one same-story score in [0, 1] (see the
// weights above).
func (g Signals) Score() float64 {
	u := typicalUsual
	if g.Usual != nil {
		u = *g.Usual
	}
	z := scoreBias + weightCosine*math.Sqrt(g.Cosine) + weightGrams*math.Sqrt(g.Grams) +
		weightNumbers*math.Sqrt(g.Numbers)
	z += weightUsualCosine*u.Cosine + weightUsualGrams*u.Grams + weightUsualNames*u.Names
	z += weightLengthGap * g.LengthGap
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

// grams is a TF-IDF vector of grams, L2-normalised, as hashes in
// increasing order and their weights: an article has hundreds of
// distinct grams, and the Background compares each article with hundreds
// of others, which two sorted lists do faster than two maps.
type grams struct {
	keys []uint64
	w    []float32
}

// dot returns the dot product of a and b.
func (a grams) dot(b grams) float64 {
	s := 0.0
	for i, j := 0, 0; i < len(a.keys) && j < len(b.keys); {
		switch {
		case a.keys[i] < b.keys[j]:
			i++
		case a.keys[i] > b.keys[j]:
			j++
		default:
			s += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		}
	}
	return s
}

// gramsOf counts d's grams of gramLetters letters, by hash, words
// lower-cased, the title's titleGrams times; words in Han script count
// as pairs of characters.
func gramsOf(d Doc) map[uint64]float64 {
	c := map[uint64]float64{}
	var buf []rune
	for pi, part := range []string{d.Title, d.Text} {
		inc := 1.0
		if pi == 0 {
			inc = titleGrams
		}
		for _, w := range strings.FieldsFunc(part, nonLetter) {
			n, spaced := gramLetters, !hasUnspaced(w)
			buf = buf[:0]
			if spaced {
				buf = append(buf, ' ')
			}
			for _, r := range w {
				buf = append(buf, unicode.ToLower(r))
			}
			if spaced {
				buf = append(buf, ' ')
			} else {
				n = 2
			}
			if len(buf) <= n {
				c[gramKey(buf)] += inc
				continue
			}
			for i := 0; i+n <= len(buf); i++ {
				c[gramKey(buf[i:i+n])] += inc
			}
		}
	}
	return c
}

// gramKey hashes a gram (FNV-1a over its runes).
func gramKey(g []rune) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range g {
		h ^= uint64(r)
		h *= 1099511628211
	}
	return h
}

// weighGrams weighs gram counts as weigh does keys, all of them kept.
func (s *Scorer) weighGrams(c map[uint64]float64) grams {
	g := grams{keys: make([]uint64, 0, len(c)), w: make([]float32, len(c))}
	for k := range c {
		g.keys = append(g.keys, k)
	}
	slices.Sort(g.keys)
	norm := 0.0
	s.mu.RLock()
	n := float64(s.n)
	for i, k := range g.keys {
		w := (1 + math.Log(c[k])) * (math.Log((n+1)/(float64(s.gramDF[k])+1)) + 1)
		g.w[i] = float32(w)
		norm += w * w
	}
	s.mu.RUnlock()
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range g.w {
			g.w[i] = float32(float64(g.w[i]) / norm)
		}
	}
	return g
}
