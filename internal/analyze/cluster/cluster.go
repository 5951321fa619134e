// Package cluster groups articles into stories as they arrive.
//
// Each article becomes a TF-IDF vector of its terms (package text: stems,
// names, numbers), with its title counted more than its body and names and
// numbers boosted, because those are what tell one strike, one earthquake,
// one election from another of the same kind, and what survive across
// languages. A name hidden in a Title Case headline that comes without a
// body is read as the name (see Index.canonical). A story is
// the running mean of its articles' vectors (its centroid) and the span of
// its articles' dates. A new article joins the story whose centroid it is
// most like, if the article is dated within Window of the story's span
// and the cosine similarity reaches the article's threshold (Threshold for a full article, lower
// for a headline alone); otherwise it starts a story. Across languages,
// names and numbers alone may decide (see similarity). Decisions are made
// in arrival order and never revised (single-pass clustering): an editor
// sees stable stories.
//
// For each new article that is not a copy, the caller calls Add (or
// Observe and Vector), asks Stories.Assign for the story it joins, stores
// the decision and the centroid from Merge, and Puts the story back.
// Stories holds the open stories' centroids in memory, indexed by term, so
// an article is compared only with the stories that could reach its
// threshold (Index.Assign, which compares it with every story given,
// decides the same and serves small sets and tests). Both live in memory:
// a restarted process should Seed the Index with a sample of recently
// stored articles and Put the stories still open. Clusterer takes these
// steps without a store, for `beatdesk cluster` and the evaluations
// (evaluate.go), which measure it on ECB+ and the UCI News Aggregator.
package cluster

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"beatdesk/internal/analyze/text"
)

// Tuning. Threshold, the title weight, the boosts and the cross-language
// rule were tuned together on the ECB+ development set and the small
// English/Spanish set in multilingual_test.go; ShortThreshold and
// nameShare on ECB+ and the first ten days of the UCI News Aggregator
// headlines. `beatdesk eval cluster` prints the figures. The optimum is
// flat: ±0.03 on Threshold moves ECB+ BCubed F1 by about 0.01.
var (
	// Threshold is the similarity at which a full article (fullLength
	// terms or more) joins a story.
	Threshold = 0.28
	// ShortThreshold is the similarity at which an article of one term
	// would join a story; between the two, the threshold grows with the
	// article's terms. A headline alone shares few terms with a story even
	// when it belongs to it (first ten UCI days: BCubed F1 0.51 at
	// Threshold, 0.69 with this).
	ShortThreshold = 0.06
	// Window is how long a story stays open to articles dated after its
	// latest one (or before its first).
	Window = 72 * time.Hour
)

const (
	// TopTerms is how many terms a document vector keeps.
	TopTerms = 60
	// fullLength is how many terms make a full article (see Threshold).
	fullLength = 40
	// centroidTerms is how many terms a story keeps: more than one
	// article, so the centroid remembers what its articles share beyond
	// the first one.
	centroidTerms = 100
	// titleWeight is how many body occurrences one title occurrence counts
	// as: a headline states what the story is about.
	titleWeight = 2.0
	// nameBoost and numberBoost multiply the weight of names and of
	// numbers of two or more characters. They tell one event from another
	// of the same kind (which port, how many dead) and are written alike
	// across languages. A larger name boost separated same-kind stories
	// no better on ECB+ and cost 0.02 of F1.
	nameBoost   = 1.5
	numberBoost = 2.0
	// nameShare is the share of the documents using a word that must
	// write it as a name for a headline's word to be read as the name
	// (see canonical). Reading headlines as written cost about 0.06 of
	// F1 on UCI.
	nameShare = 0.4
	// Cross-language rule (see similarity): an article compared with a
	// story that has articles in other languages, and that shares at least
	// crossShared names and numbers with it, may be compared on names and
	// numbers alone, discounted by crossWeight.
	crossShared = 3
	crossWeight = 0.8
	// maxTerms bounds the document-frequency table (about 100 MB); past it,
	// the rarest terms are forgotten.
	maxTerms = 2_000_000
)

// A Doc is what the clusterer reads of an article.
type Doc struct {
	Title, Text string
	Lang        string // ISO 639-1, "" when unknown
	Published   time.Time
}

// A Story is what the clusterer needs of a story.
type Story struct {
	ID        int64
	Terms     map[string]float64 // centroid: L2-normalised, at most centroidTerms terms
	FirstSeen time.Time          // the earliest article's date; zero when unknown
	LastSeen  time.Time
	Size      int      // articles merged into Terms
	Langs     []string // languages of its articles (beatdesk.Story.Languages)
}

// A Match is Assign's decision.
type Match struct {
	StoryID    int64 // 0: start a new story
	Similarity float64
}

// Index holds document frequencies for IDF, and which stems are the
// words of names (see canonical). It is safe for concurrent use.
type Index struct {
	mu sync.RWMutex
	df map[string]int32
	n  int // documents observed
	// asStem maps a name and a language to the stem the word has in that
	// language ("@titanfall" in en → "titanfal"; "" for a stop word), and
	// asName a stem and a language back to the name.
	asStem map[langTerm]string
	asName map[langTerm]string
}

type langTerm struct{ lang, term string }

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{df: map[string]int32{}, asStem: map[langTerm]string{}, asName: map[langTerm]string{}}
}

// Observe counts d's terms in the document frequencies. Call it once per
// new article that is not a copy of another, before Vector.
func (ix *Index) Observe(d Doc) {
	ix.observe(terms(d))
}

// Add observes d and returns its vector, reading d once: Observe followed
// by Vector.
func (ix *Index) Add(d Doc) map[string]float64 {
	t := terms(d)
	ix.observe(t)
	return ix.vector(t)
}

// Seed observes docs after a restart, so IDF is right from the first new
// article. IDF depends on proportions, not totals, so a sample of recent
// articles (10,000 take about 5 s) serves as well as all of them.
func (ix *Index) Seed(docs []Doc) {
	for _, d := range docs {
		ix.Observe(d)
	}
}

// Docs returns how many documents the Index has observed.
func (ix *Index) Docs() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.n
}

func (ix *Index) observe(t docTerms) {
	seen := make(map[string]bool, len(t.title)+len(t.body))
	ix.learnNames(t)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, list := range [][]string{t.title, t.body} {
		for _, term := range list {
			if !seen[term] {
				seen[term] = true
				ix.df[term]++
			}
		}
	}
	ix.n++
	if len(ix.df) > maxTerms {
		ix.prune()
	}
}

// prune forgets the rarest terms until the table is a quarter below
// maxTerms, so that it is not pruned again on the next document. A
// forgotten term counts as never seen: it weighs as much as a new name.
func (ix *Index) prune() {
	for atMost := int32(1); len(ix.df) > maxTerms*3/4; atMost++ {
		for term, n := range ix.df {
			if n <= atMost {
				delete(ix.df, term)
			}
		}
	}
	for k, stem := range ix.asStem {
		if _, ok := ix.df[k.term]; !ok {
			delete(ix.asStem, k)
			delete(ix.asName, langTerm{k.lang, stem})
		}
	}
}

// learnNames records the stem of each name in t not seen before in its
// language, so that canonical can tell a name's word written where it is
// not recognised as a name (at the start of a sentence, in a Title Case
// headline: "Titanfall Launch Draws Crowds") from an ordinary word.
func (ix *Index) learnNames(t docTerms) {
	var fresh []string
	ix.mu.RLock()
	for _, list := range [][]string{t.title, t.body} {
		for _, term := range list {
			if text.IsName(term) {
				if _, ok := ix.asStem[langTerm{t.lang, term}]; !ok {
					fresh = append(fresh, term)
				}
			}
		}
	}
	ix.mu.RUnlock()
	if len(fresh) == 0 {
		return
	}
	stems := make([]string, len(fresh))
	for i, name := range fresh {
		// The name's word in lower case reads as an ordinary word: its
		// stem, or nothing for a stop word.
		if ts := text.Terms(strings.TrimPrefix(name, text.NamePrefix), t.lang); len(ts) == 1 && !text.IsName(ts[0]) {
			stems[i] = ts[0]
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i, name := range fresh {
		ix.asStem[langTerm{t.lang, name}] = stems[i]
		if stems[i] != "" && stems[i] != name {
			ix.asName[langTerm{t.lang, stems[i]}] = name
		}
	}
}

// canonical returns the term a headline's term is compared as, and its
// document frequency, for an article that is a headline alone. Headlines
// are often in Title Case, which hides names: "Titanfall Launch Draws
// Crowds" gives the stem "titanfal" where "Crowds queue for Titanfall"
// gives the name "@titanfall". With no body to show how the article
// writes its words, a word is read in the spelling most documents use:
// the name when at least nameShare of the documents using the word wrote
// it as a name, else the plain word. Articles with a body are read as
// written: sentence case tells names apart, and reading a word such as
// "court" as a name changes how articles in other languages compare
// (similarity). Call with ix.mu held.
func (ix *Index) canonical(term, lang string) (string, int32) {
	var name, stem string
	switch {
	case text.IsNumber(term):
		return term, ix.df[term]
	case text.IsName(term):
		name, stem = term, ix.asStem[langTerm{lang, term}]
	default:
		name, stem = ix.asName[langTerm{lang, term}], term
	}
	if name == "" || stem == "" {
		return term, ix.df[term]
	}
	dn, ds := ix.df[name], ix.df[stem]
	if float64(dn) >= nameShare*float64(dn+ds) {
		return name, dn + ds
	}
	return stem, dn + ds
}

// Vector returns d's TF-IDF vector: its TopTerms heaviest terms,
// L2-normalised. A term's weight is (1 + ln tf) × idf, tf counting a title
// occurrence as titleWeight, times nameBoost or numberBoost.
func (ix *Index) Vector(d Doc) map[string]float64 {
	return ix.vector(terms(d))
}

func (ix *Index) vector(t docTerms) map[string]float64 {
	tf := map[string]float64{}
	df := map[string]int32{}
	ix.mu.RLock()
	headline := len(t.body) == 0
	for _, term := range t.title {
		n := ix.df[term]
		if headline {
			term, n = ix.canonical(term, t.lang)
		}
		tf[term] += titleWeight
		df[term] = n
	}
	for _, term := range t.body {
		tf[term]++
		if _, ok := df[term]; !ok {
			df[term] = ix.df[term]
		}
	}
	n := float64(ix.n)
	ix.mu.RUnlock()
	v := make(map[string]float64, len(tf))
	for term, f := range tf {
		w := (1 + math.Log(f)) * (math.Log((n+1)/(float64(df[term])+1)) + 1)
		switch {
		case text.IsName(term):
			w *= nameBoost
		case text.IsNumber(term) && len(term) >= 2:
			w *= numberBoost
		}
		v[term] = w
	}
	return top(v, TopTerms)
}

// Assign picks the story d, whose vector is v, belongs to: among
// candidates whose span of dates is within Window of d.Published, the one
// most similar to v (see similarity), if the similarity reaches
// the threshold for v (see threshold). StoryID 0 means d starts a new
// story. Ties go to the earlier story (lower ID), so the outcome does not
// depend on the order of candidates.
func (ix *Index) Assign(d Doc, v map[string]float64, candidates []Story) Match {
	var best Match
	for _, c := range candidates {
		gap := c.gap(d.Published)
		if gap > Window {
			continue
		}
		s := similarity(v, c.Terms, crossLanguage(d.Lang, c.Langs))
		if s < threshold(v) {
			continue
		}
		if best.StoryID == 0 || s > best.Similarity || (s == best.Similarity && c.ID < best.StoryID) {
			best = Match{StoryID: c.ID, Similarity: s}
		}
	}
	return best
}

// gap returns how far t lies outside the story's time span: 0 within
// it, else the time to its nearer end. An article dated inside a
// long-running story's span is as close to it as its latest one.
func (st Story) gap(t time.Time) time.Duration {
	first := st.FirstSeen
	if first.IsZero() || first.After(st.LastSeen) {
		first = st.LastSeen
	}
	switch {
	case t.After(st.LastSeen):
		return t.Sub(st.LastSeen)
	case t.Before(first):
		return first.Sub(t)
	}
	return 0
}

// threshold is the similarity at which an article with vector v joins a
// story.
func threshold(v map[string]float64) float64 {
	f := min(1, float64(len(v))/fullLength)
	return ShortThreshold + (Threshold-ShortThreshold)*f
}

// crossLanguage reports whether a story in langs has articles in a
// language other than lang.
func crossLanguage(lang string, langs []string) bool {
	if lang == "" {
		return false
	}
	for _, l := range langs {
		if l != "" && l != lang {
			return true
		}
	}
	return false
}

// Merge returns the centroid of a story of size articles after adding one
// with vector v: the running mean, cut to its heaviest terms and
// L2-normalised.
func Merge(centroid map[string]float64, size int, v map[string]float64) map[string]float64 {
	size = max(size, 0)
	sum := make(map[string]float64, len(centroid)+len(v))
	for term, w := range centroid {
		sum[term] = w * float64(size)
	}
	for term, w := range v {
		sum[term] += w
	}
	return top(sum, centroidTerms)
}

// KeyTerms returns the n heaviest terms of v, heaviest first. A story can
// only be similar to an article if they share terms, and they almost
// always share some of their heaviest: a store that indexes each story
// under its key terms can fetch Assign's candidates by the article's key
// terms instead of comparing it with every open story.
func KeyTerms(v map[string]float64, n int) []string {
	out := make([]string, 0, len(v))
	for term := range v {
		out = append(out, term)
	}
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(v[b], v[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out[:min(n, len(out))]
}

// Cosine returns the cosine similarity of two L2-normalised vectors.
func Cosine(a, b map[string]float64) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	s := 0.0
	for term, w := range a {
		s += w * b[term]
	}
	return s
}

// similarity is the cosine of an article's vector a and a story's
// centroid b, except across languages. A Spanish report of a story told so
// far in English shares its names and numbers but hardly any stems, so its
// plain cosine stays low. When the story has articles in a language other
// than the article's (cross) and the two share at least crossShared names
// and numbers, they may instead be compared on those alone, discounted by
// crossWeight. Within one language the plain cosine always decides: two
// stories about one government share many names, and must stay apart.
func similarity(a, b map[string]float64, cross bool) float64 {
	s := Cosine(a, b)
	if !cross {
		return s
	}
	if n, shared := neutralCosine(a, b); shared >= crossShared {
		s = max(s, crossWeight*n)
	}
	return s
}

// neutral reports whether term reads the same in every language: a name,
// or a number of two or more characters.
func neutral(term string) bool {
	return text.IsName(term) || (text.IsNumber(term) && len(term) >= 2)
}

// neutralCosine returns the cosine of a and b restricted to neutral
// terms, and how many neutral terms they share.
func neutralCosine(a, b map[string]float64) (cos float64, shared int) {
	var na, nb, dot float64
	for term, w := range a {
		if !neutral(term) {
			continue
		}
		na += w * w
		if x, ok := b[term]; ok {
			dot += w * x
			shared++
		}
	}
	for term, w := range b {
		if neutral(term) {
			nb += w * w
		}
	}
	if na == 0 || nb == 0 {
		return 0, 0
	}
	return dot / math.Sqrt(na*nb), shared
}

// top keeps v's k heaviest terms (ties broken by term, for determinism)
// and scales them to unit length.
func top(v map[string]float64, k int) map[string]float64 {
	type tw struct {
		term string
		w    float64
	}
	all := make([]tw, 0, len(v))
	for term, w := range v {
		if w > 0 {
			all = append(all, tw{term, w})
		}
	}
	slices.SortFunc(all, func(a, b tw) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.term, b.term)
	})
	all = all[:min(k, len(all))]
	norm := 0.0
	for _, x := range all {
		norm += x.w * x.w
	}
	norm = math.Sqrt(norm)
	out := make(map[string]float64, len(all))
	for _, x := range all {
		out[x.term] = x.w / norm
	}
	return out
}

// docTerms are a document's terms, title and body apart, and its
// language.
type docTerms struct {
	title, body []string
	lang        string
}

func terms(d Doc) docTerms {
	t, b := text.Document(d.Title, d.Text, d.Lang)
	return docTerms{t, b, d.Lang}
}
