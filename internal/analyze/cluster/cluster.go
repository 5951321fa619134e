// Package cluster groups articles into stories as they arrive.
//
// Each article becomes a TF-IDF vector of its terms (package text: stems,
// names, numbers), with its title counted more than its body and names and
// numbers boosted, because those are what tell one strike, one earthquake,
// one election from another of the same kind, and what survive across
// languages. IDF is learnt online from the articles seen so far. A name
// hidden in a Title Case headline that comes without a body is read as
// the name (see Index.canonical), and such a headline's numbers that may
// be its date are left out (see dateNumbers). A story is the mean of its
// articles' vectors (its centroid; see Merge) and the span of its
// articles' dates.
// A new article joins the story it is most like, if the article is dated
// within Window of the story's span and the similarity reaches the
// article's threshold (Threshold for a full article, lower for a headline
// alone, which must also share two terms with the story); otherwise it
// starts a story. The similarity is the cosine of the article's vector
// and the story's centroid, except that for a full article the cosines of
// their names and of their numbers alone count too: two events of one kind
// (two strikes, two earthquakes) share the words that say what kind of
// event it is, and differ in who, where and how many. A headline's
// similarity fades as it lies further outside the story's span of dates
// (see fade). Across languages, names and numbers alone may decide (see
// similarity). Decisions are made in arrival order, with no look-ahead,
// and an article never leaves its story; but two stories that grow alike
// merge (Stories.Converging, Combine), and the older story's id survives,
// so an editor sees stable stories. A story of full articles whose
// articles fall into two groups apart splits in two, the part with its
// first article keeping its id (see Splitting in split.go); a story of
// one full article joins a grown story it has become like (see Absorbing
// in absorb.go).
//
// For each new article that is not a copy, the caller calls Add (or
// Observe and Vector), weighs the vector by Stories.Specific (a headline
// alone's terms by how few open stories hold them), asks Stories.Assign
// for the story it joins, stores the decision and the centroid from Merge,
// and Puts the story back; then asks Stories.Converging whether the story
// now meets another, and if so stores Combine's story under the older id,
// moves the younger story's articles to it and Removes the younger; and,
// when the story has doubled since it was last looked at, asks Split
// whether its articles fall into two parts apart, and if so moves the
// second part's articles to a new story and Puts both, grown anew
// (Regrow). Stories holds the open stories' centroids in memory, indexed
// by term, so an article is compared only with the stories that could
// reach its threshold (Index.Assign, which compares it with every story
// given, decides the same and serves small sets and tests). Both live in
// memory: a restarted process should Seed the Index with a sample of
// recently stored articles and Put the stories still open. Clusterer takes
// these steps without a store, for `beatdesk cluster` and the evaluations
// (evaluate.go), which measure it on ECB+ and the UCI News Aggregator.
package cluster

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"beatdesk/internal/analyze/text"
)

// Tuning. Threshold, the title weight, the boosts and the cross-language
// rule were tuned together on the ECB+ development set and the small
// English/Spanish set in multilingual_test.go; ShortThreshold, nameShare
// and the rules for headlines (merging, headlineShared) on ECB+ and the
// first ten days of the UCI News Aggregator headlines; nameWeight,
// numberWeight and FullMergeThreshold on ECB+, checked on its odd and even
// topics apart. `beatdesk eval cluster` prints the figures. The optimum is
// flat: ±0.03 on Threshold moves ECB+ BCubed F1 by about 0.01.
var (
	// Threshold is the similarity at which a full article (fullLength
	// terms or more) joins a story.
	Threshold = 0.28
	// ShortThreshold is the similarity at which an article of one term
	// would join a story; between the two, the threshold grows with the
	// article's terms. A headline alone shares few terms with a story even
	// when it belongs to it (first ten UCI days: BCubed F1 0.51 at
	// Threshold, 0.69 at 0.06 before stories merged; 0.1 is best with
	// merging).
	ShortThreshold = 0.1
	// MergeThreshold is the cosine of two stories' centroids at which
	// they merge, when most articles of each are headlines alone (see
	// Stories.Converging). Headlines of one development worded apart
	// start stories apart, which then converge as more headlines arrive
	// (first ten UCI days: BCubed F1 0.70 without merging, 0.77 with;
	// 0.15 and 0.25 do about as well).
	MergeThreshold = 0.2
	// FullMergeThreshold is the similarity (see similarity: names and
	// numbers count) of two stories' centroids at which they merge, when
	// most articles of each are full articles. They start far fewer
	// stories apart than headlines do; merging them by plain cosine, at
	// any threshold from 0.3 to 0.6, only brought same-kind stories
	// together on ECB+ (F1 0.844 to 0.869, against 0.874 without), while
	// with names and numbers counted 0.5 raised it from 0.889 to 0.901
	// (0.45: 0.904, 0.55: 0.894). Since stories split when their parts
	// are apart (see Splitting), 0.45 does better than 0.5 on ECB+
	// (0.913 to 0.915) and on each half of its topics (odd 0.881 to
	// 0.896, even 0.927 to 0.931): a wrong merge is undone later.
	FullMergeThreshold = 0.45
	// Window is how long a story stays open to articles dated after its
	// latest one (or before its first).
	Window = 72 * time.Hour
)

const (
	// TopTerms is how many terms a document vector keeps.
	TopTerms = 60
	// fullLength is how many terms make a full article (see Threshold).
	fullLength = 40
	// mergeKeys and mergeShared: two stories merge only if at least
	// mergeShared of the mergeKeys heaviest terms of each are the same
	// (see shareKeyTerms; first ten UCI days: F1 0.78 without, 0.805
	// with).
	mergeKeys   = 20
	mergeShared = 2
	// headlineShared is how many terms a headline alone must share with
	// a story to join it: one word, however rare, is often a homonym
	// ("office") or a theme, not the development (first ten UCI days:
	// F1 0.805 without, 0.825 with, precision 0.86 to 0.89).
	headlineShared = 2
	// storySpecific is how much a headline alone's terms are weighed by
	// how few open stories hold them (see Stories.Specific). UCI, all 63
	// days, three shuffle seeds: BCubed F1 0.8179 to 0.8221 (precision
	// 0.833 to 0.848, recall 0.809 to 0.802); on the first ten days
	// 0.8460 to 0.8445. 0.3 and 0.7 did about as well.
	storySpecific = 0.5
	// headlineTerms is how many terms a headline alone has at most.
	headlineTerms = 15
	// headlineMemory is how many articles a story's centroid counts as at
	// most when a headline alone joins it (see Merge): each new headline
	// weighs at least 1/(headlineMemory+1) of it, so a long-running story
	// of headlines follows its latest development instead of averaging
	// all it has been about, draws in more of the day's headlines and no
	// more of other stories' (UCI, all 63 days: BCubed F1 0.794 to 0.802,
	// recall 0.769 to 0.784, precision kept; on the first 20 days 10 did
	// worse than no cap, 20 to 45 alike).
	headlineMemory = 30
	// centroidTerms is how many terms a story keeps: more than one
	// article, so the centroid remembers what its articles share beyond
	// the first one.
	centroidTerms = 100
	// titleWeight is how many body occurrences one title occurrence counts
	// as: a headline states what the story is about.
	titleWeight = 2.0
	// nameBoost and numberBoost multiply the weight of names and of
	// numbers of two or more characters in an article with a body. They
	// tell one event from another of the same kind (which port, how many
	// dead) and are written alike across languages. Once stories split
	// (by their figures too) and absorb lone articles, 1.75 and 3.0 (from
	// 1.5 and 2.0) raised ECB+ BCubed F1 from 0.926 to 0.929 (precision
	// 0.925, recall 0.927 to 0.934), over 20 arrival orders from 0.922 to
	// 0.928, and on its odd and even topics apart over 20 orders from
	// 0.913 and 0.930 to 0.911 and 0.943; names from 1.625 to 2.25 and
	// numbers from 2.75 to 3.5 do about as well (helper's sweep). The
	// SemEval similarity, which reads the same vectors, moved by 0.0002.
	nameBoost   = 1.75
	numberBoost = 3.0
	// headlineNameBoost and headlineNumberBoost are nameBoost and
	// numberBoost for an article without a body: the larger boosts cost
	// about 0.02 of F1 on UCI (0.809 to 0.790; 3.0 for numbers alone did
	// the same).
	headlineNameBoost   = 1.5
	headlineNumberBoost = 2.0
	// nameShare is the share of the documents using a word that must
	// write it as a name for a headline's word to be read as the name
	// (see canonical). Reading headlines as written cost about 0.06 of
	// F1 on UCI.
	nameShare = 0.4
	// nameWeight and numberWeight are how much the cosines of a full
	// article's names and of its numbers alone weigh in its similarity
	// with a story, against the plain cosine (see similarity). On ECB+,
	// where every topic holds two events of one kind, 0.3 each raised
	// BCubed F1 from 0.879 to 0.889, and to 0.901 with stories of full
	// articles merging (FullMergeThreshold; precision 0.858 to 0.892,
	// recall 0.901 to 0.910); 0.2 to 0.4 do about as well. Headlines
	// alone have too few names for it: on the first ten UCI days it cost
	// about 0.01.
	nameWeight   = 0.3
	numberWeight = 0.3
	// fadeShare is how much of its similarity with a headline alone a
	// story loses over Window (see fade).
	fadeShare = 0.6
	// fullMergeFloor is the plain cosine two stories of full articles
	// need before their names and numbers count towards merging them
	// (see FullMergeThreshold). From 0.14 to 0.45 it merges the same
	// stories on ECB+; the higher, the fewer stories Converging compares.
	fullMergeFloor = 0.4
	// floorShare: a full article's plain cosine with a story must reach
	// this share of Threshold before names and numbers count (see
	// similarity): two stories about one government share many names.
	floorShare = 0.5
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
	// URL is the article's address: when there is no Text, the words of
	// its path count as title words (see SlugWords).
	URL string
}

// A Story is what the clusterer needs of a story.
type Story struct {
	ID        int64
	Terms     map[string]float64 // centroid: the mean of its articles' vectors, cut to centroidTerms terms
	FirstSeen time.Time          // the earliest article's date; zero when unknown
	LastSeen  time.Time
	Size      int      // articles merged into Terms
	Headlines int      // how many of them were headlines alone (see Stories.Converging)
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
	// A term's document frequency is df[ids[term]]: a term is hashed once
	// per document to count it and read its frequency back.
	ids  map[string]int32
	df   []int32
	free []int32 // slots of forgotten terms (see prune)
	n    int     // documents observed
	// words holds, per language, what is known of the words of names.
	words map[string]*nameWords
}

// nameWords maps the names seen in one language to the stem each name's
// word has in that language ("@titanfall" in en → "titanfal"; "" for a
// stop word), and the stems back to the names: a stem that several names
// share ("@chromecast", "@chromecasts") to the one most documents use
// (see preferName).
type nameWords struct {
	asStem, asName map[string]string
}

// preferName makes name, now used by df documents, the name its stem
// reads as (see canonical) if more documents use it than the name the
// stem reads as so far. Names of one stem are learnt one at a time; when
// the stem read as the latest learnt, the headline "Chromecast launches
// in UK" (address "google-chromecast-launches-in-uk") read "@chromecast"
// for its name but "chromecast" for its address's word, since the stem
// read as "@chromecasts", which few documents use: one word made two
// terms, which met headlineShared alone ("Google Voice" joined the story
// of the television show "The Voice"). UCI, all 63 days, three shuffle
// seeds: BCubed F1 0.8085 to 0.8114. Call with ix.mu held for writing.
func (nw *nameWords) preferName(name string, df int32, ix *Index) {
	stem := nw.asStem[name]
	if stem == "" || stem == name {
		return
	}
	if cur := nw.asName[stem]; cur != name && (cur == "" || ix.freq(cur) < df) {
		nw.asName[stem] = name
	}
}

// wordsOf returns the names' words of a language, nil when none are
// known. Call with ix.mu held.
func (ix *Index) wordsOf(lang string) *nameWords { return ix.words[lang] }

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{ids: map[string]int32{}, words: map[string]*nameWords{}}
}

// freq returns term's document frequency. Call with ix.mu held.
func (ix *Index) freq(term string) int32 {
	if id, ok := ix.ids[term]; ok {
		return ix.df[id]
	}
	return 0
}

// Observe counts d's terms in the document frequencies. Call it once per
// new article that is not a copy of another, before Vector.
func (ix *Index) Observe(d Doc) {
	t := terms(d)
	ix.observe(&t)
	t.release()
}

// Add observes d and returns its vector, reading d once: Observe followed
// by Vector.
func (ix *Index) Add(d Doc) map[string]float64 {
	t := terms(d)
	ix.observe(&t)
	v := ix.vector(&t)
	t.release()
	return v
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

// observe counts t's terms, and notes in t each one's document frequency
// and the number of documents as they now stand, which vector reads for
// an article with a body instead of looking each term up again.
func (ix *Index) observe(t *docTerms) {
	ix.learnNames(t)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	t.df = slices.Grow(t.df[:0], len(t.counts))[:len(t.counts)]
	nw := ix.wordsOf(t.lang)
	for i := range t.counts {
		c := &t.counts[i]
		id, ok := ix.ids[c.Term]
		if !ok {
			if n := len(ix.free); n > 0 {
				id, ix.free = ix.free[n-1], ix.free[:n-1]
			} else {
				id = int32(len(ix.df))
				ix.df = append(ix.df, 0)
			}
			ix.ids[c.Term] = id
		}
		ix.df[id]++
		t.df[i] = ix.df[id]
		if nw != nil && text.IsName(c.Term) {
			nw.preferName(c.Term, ix.df[id], ix)
		}
	}
	ix.n++
	t.n, t.observed = ix.n, true
	if len(ix.ids) > maxTerms {
		ix.prune()
		t.observed = false // some frequencies noted are now forgotten
	}
}

// prune forgets the rarest terms until the table is a quarter below
// maxTerms, so that it is not pruned again on the next document. A
// forgotten term counts as never seen: it weighs as much as a new name.
func (ix *Index) prune() {
	for atMost := int32(1); len(ix.ids) > maxTerms*3/4; atMost++ {
		for term, id := range ix.ids {
			if ix.df[id] <= atMost {
				delete(ix.ids, term)
				ix.df[id] = 0
				ix.free = append(ix.free, id)
			}
		}
	}
	for _, nw := range ix.words {
		for name, stem := range nw.asStem {
			if _, ok := ix.ids[name]; !ok {
				delete(nw.asStem, name)
				if nw.asName[stem] == name {
					delete(nw.asName, stem)
				}
			}
		}
	}
}

// learnNames records the stem of each name in t not seen before in its
// language, so that canonical can tell a name's word written where it is
// not recognised as a name (at the start of a sentence, in a Title Case
// headline: "Titanfall Launch Draws Crowds") from an ordinary word.
func (ix *Index) learnNames(t *docTerms) {
	var fresh []string
	ix.mu.RLock()
	nw := ix.wordsOf(t.lang)
	for _, c := range t.counts {
		if term := c.Term; text.IsName(term) {
			if nw == nil {
				fresh = append(fresh, term)
			} else if _, ok := nw.asStem[term]; !ok {
				fresh = append(fresh, term)
			}
		}
	}
	ix.mu.RUnlock()
	slices.Sort(fresh) // learnt in one order, whatever the map's
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
	nw = ix.words[t.lang]
	if nw == nil {
		nw = &nameWords{asStem: map[string]string{}, asName: map[string]string{}}
		ix.words[t.lang] = nw
	}
	for i, name := range fresh {
		nw.asStem[name] = stems[i]
		if stems[i] == "" || stems[i] == name {
			continue
		}
		if _, ok := nw.asName[stems[i]]; !ok {
			nw.asName[stems[i]] = name // until one more used (preferName)
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
func (ix *Index) canonical(term string, nw *nameWords) (string, int32) {
	var name, stem string
	switch {
	case nw == nil || text.IsNumber(term):
		return term, ix.freq(term)
	case text.IsName(term):
		name, stem = term, nw.asStem[term]
	default:
		name, stem = nw.asName[term], term
	}
	if name == "" || stem == "" {
		return term, ix.freq(term)
	}
	dn, ds := ix.freq(name), ix.freq(stem)
	if float64(dn) >= nameShare*float64(dn+ds) {
		return name, dn + ds
	}
	return stem, dn + ds
}

// Vector returns d's TF-IDF vector: its TopTerms heaviest terms,
// L2-normalised. A term's weight is (1 + ln tf) × idf, tf counting a title
// occurrence as titleWeight, times nameBoost or numberBoost (for an
// article without a body, headlineNameBoost or headlineNumberBoost).
func (ix *Index) Vector(d Doc) map[string]float64 {
	t := terms(d)
	v := ix.vector(&t)
	t.release()
	return v
}

func (ix *Index) vector(t *docTerms) map[string]float64 {
	ws := slices.Grow(t.ws[:0], len(t.counts))
	var n float64
	switch {
	case t.bodyTerms == 0:
		// A headline alone: its terms read as most documents write them,
		// which may make two of its terms one.
		ix.mu.RLock()
		n = float64(ix.n)
		canon := make(map[string]int, len(t.counts))
		nw := ix.wordsOf(t.lang)
		for _, c := range t.counts {
			term, df := ix.canonical(c.Term, nw)
			if i, ok := canon[term]; ok {
				ws[i].w += titleWeight * float64(c.Title) // the sum of occurrences, for now
				continue
			}
			canon[term] = len(ws)
			ws = append(ws, weighted{term: term, w: titleWeight * float64(c.Title), df: df})
		}
		ix.mu.RUnlock()
	case t.observed:
		n = float64(t.n)
		for i, c := range t.counts {
			ws = append(ws, weighted{term: c.Term, w: titleWeight*float64(c.Title) + float64(c.Body), df: t.df[i]})
		}
	default:
		ix.mu.RLock()
		n = float64(ix.n)
		for _, c := range t.counts {
			ws = append(ws, weighted{term: c.Term, w: titleWeight*float64(c.Title) + float64(c.Body), df: ix.freq(c.Term)})
		}
		ix.mu.RUnlock()
	}
	nb, ub := nameBoost, numberBoost
	if t.bodyTerms == 0 {
		nb, ub = headlineNameBoost, headlineNumberBoost
	}
	for i := range ws {
		x := &ws[i]
		w := (1 + math.Log(x.w)) * (math.Log((n+1)/(float64(x.df)+1)) + 1)
		switch {
		case text.IsName(x.term):
			w *= nb
		case text.IsNumber(x.term) && len(x.term) >= 2:
			w *= ub
		}
		x.w = w
	}
	v := heaviestOf(ws, TopTerms, 0)
	clear(ws) // let the terms be collected
	t.ws = ws[:0]
	return v
}

// Assign picks the story d, whose vector is v, belongs to: among
// candidates whose span of dates is within Window of d.Published, the one
// most similar to v (see similarity; for a headline faded by the gap: see
// fade), if the
// similarity reaches
// the threshold for v (see threshold) and the two agree (see agree: a
// headline alone shares two terms with it). StoryID 0 means d starts a new
// story. Ties go to the earlier story (lower ID), so the outcome does not
// depend on the order of candidates.
func (ix *Index) Assign(d Doc, v map[string]float64, candidates []Story) Match {
	var best Match
	for _, c := range candidates {
		gap := c.gap(d.Published)
		if gap > Window {
			continue
		}
		s := similarity(v, c.Terms, crossLanguage(d.Lang, c.Langs)) * fade(v, gap)
		if s < threshold(v) || !agree(v, c.Terms) {
			continue
		}
		if best.StoryID == 0 || s > best.Similarity || (s == best.Similarity && c.ID < best.StoryID) {
			best = Match{StoryID: c.ID, Similarity: s}
		}
	}
	return best
}

// fade is what a story's similarity with a headline alone (vector v) is
// multiplied by when the headline lies gap outside the story's span of
// dates: 1 inside it, falling by fadeShare over Window. A headline says
// little; of the stories it matches, one not heard of for a day is less
// likely its story than one reported on today, which may have started
// apart from it (UCI, day by day: BCubed F1 0.789 to 0.794, recall 0.758
// to 0.769; 0.3 to 0.9 do alike). A full article says enough: fading its
// similarity too split the demo world's reports in other languages, which
// come days after a story starts, from their stories.
func fade(v map[string]float64, gap time.Duration) float64 {
	if !headline(v) {
		return 1
	}
	return 1 - fadeShare*float64(gap)/float64(Window)
}

// gap returns how far t lies outside the story's time span: 0 within
// it, else the time to its nearer end. An article dated inside a
// long-running story's span is as close to it as its latest one.
func (st Story) gap(t time.Time) time.Duration {
	first, _ := st.span()
	switch {
	case t.After(st.LastSeen):
		return t.Sub(st.LastSeen)
	case t.Before(first):
		return first.Sub(t)
	}
	return 0
}

// span returns the dates of the story's first and latest articles; the
// first is the latest when unknown.
func (st Story) span() (first, last time.Time) {
	first = st.FirstSeen
	if first.IsZero() || first.After(st.LastSeen) {
		first = st.LastSeen
	}
	return first, st.LastSeen
}

// threshold is the similarity at which an article with vector v joins a
// story.
func threshold(v map[string]float64) float64 {
	f := min(1, float64(len(v))/fullLength)
	return ShortThreshold + (Threshold-ShortThreshold)*f
}

// headlines reports whether most of the story's articles are headlines
// alone.
func (st Story) headlines() bool { return 2*st.Headlines > st.Size }

// headline reports whether an article with vector v is a headline alone:
// a handful of terms.
func headline(v map[string]float64) bool { return len(v) <= headlineTerms }

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
// with vector v: the running mean, cut to its heaviest terms. After a
// full article it is scaled to unit length, which weighs the story's
// earlier articles more than a plain mean would, so that the story holds
// to the development it started with (ECB+: BCubed F1 0.874, against
// 0.857 with the plain mean). After a headline alone it is the plain
// mean, so that a story of headlines follows what its headlines share as
// they accumulate and meets a story of the same development started
// apart (see Stories.Converging; first ten UCI days: 0.78, against 0.76
// with unit length). Past headlineMemory articles, the centroid counts as
// that many when a headline joins, so that it follows the latest
// headlines.
func Merge(centroid map[string]float64, size int, v map[string]float64) map[string]float64 {
	size = max(size, 0)
	if headline(v) {
		size = min(size, headlineMemory)
	}
	buf := sumsPool.Get().(*[]weighted)
	sum := slices.Grow((*buf)[:0], len(centroid)+len(v))
	for term, w := range centroid {
		sum = append(sum, weighted{term: term, w: w*float64(size) + v[term]})
	}
	for term, w := range v {
		if _, ok := centroid[term]; !ok {
			sum = append(sum, weighted{term: term, w: w})
		}
	}
	scale := 0.0 // unit length
	if headline(v) {
		scale = 1 / float64(size+1)
	}
	out := heaviestOf(sum, centroidTerms, scale)
	clear(sum) // let the terms be collected
	*buf = sum[:0]
	sumsPool.Put(buf)
	return out
}

// sumsPool holds Merge's lists of weighted terms.
var sumsPool = sync.Pool{New: func() any { return new([]weighted) }}

// Combine returns the story that two converging stories (see
// Stories.Converging) make together. It keeps the older story's ID (the
// lower), so an article's story keeps its identity as it develops; its
// centroid is the two centroids' mean weighted by their sizes, and its
// span and languages are the two together.
func Combine(a, b Story) Story {
	if b.ID < a.ID {
		a, b = b, a
	}
	sum := make(map[string]float64, len(a.Terms)+len(b.Terms))
	for term, w := range a.Terms {
		sum[term] = w * float64(max(a.Size, 1))
	}
	for term, w := range b.Terms {
		sum[term] += w * float64(max(b.Size, 1))
	}
	out := a
	out.Size = max(a.Size, 1) + max(b.Size, 1)
	out.Headlines = a.Headlines + b.Headlines
	out.Terms = heaviest(sum, centroidTerms, 1/float64(out.Size)) // as Merge keeps stories of headlines
	af, al := a.span()
	bf, bl := b.span()
	out.FirstSeen, out.LastSeen = af, al
	if bf.Before(af) {
		out.FirstSeen = bf
	}
	if bl.After(al) {
		out.LastSeen = bl
	}
	out.Langs = slices.Clone(a.Langs)
	for _, l := range b.Langs {
		if !slices.Contains(out.Langs, l) {
			out.Langs = append(out.Langs, l)
		}
	}
	return out
}

// KeyTerms returns the n heaviest terms of v, heaviest first. A story can
// only be similar to an article if they share terms, and they almost
// always share some of their heaviest: a store that indexes each story
// under its key terms can fetch Assign's candidates by the article's key
// terms instead of comparing it with every open story.
func KeyTerms(v map[string]float64, n int) []string {
	all := make([]weighted, 0, len(v))
	for term, w := range v {
		all = append(all, weighted{term: term, w: w})
	}
	all = all[:selectHeaviest(all, n)]
	slices.SortFunc(all, func(a, b weighted) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.term, b.term)
	})
	out := make([]string, len(all))
	for i := range out {
		out[i] = all[i].term
	}
	return out
}

// Cosine returns the cosine similarity of two vectors.
func Cosine(a, b map[string]float64) float64 {
	na, nb := norm(a), norm(b)
	if na == 0 || nb == 0 {
		return 0
	}
	return dot(a, b) / (na * nb)
}

// agree reports whether an article with vector v may join a story with
// centroid terms, beyond their similarity: a headline alone must share
// headlineShared terms with it.
func agree(v, terms map[string]float64) bool {
	return !headline(v) || common(v, terms) >= headlineShared
}

// common returns how many terms a and b share.
func common(a, b map[string]float64) int {
	if len(b) < len(a) {
		a, b = b, a
	}
	n := 0
	for term := range a {
		if _, ok := b[term]; ok {
			n++
		}
	}
	return n
}

func dot(a, b map[string]float64) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	s := 0.0
	for term, w := range a {
		s += w * b[term]
	}
	return s
}

// norm returns the length of v.
func norm(v map[string]float64) float64 {
	s := 0.0
	for _, w := range v {
		s += w * w
	}
	return math.Sqrt(s)
}

// similarity is how alike an article's vector a and a story's centroid b
// are (or two centroids, a the one that asks).
//
// For a full article (a not a headline alone) whose plain cosine with the
// story reaches floorShare of Threshold, it is the plain cosine moved
// towards the cosine of their names alone (by nameWeight) and towards
// that of their numbers alone (by numberWeight), each where both have
// some. Two reports of one event name the same people and places and give
// the same figures; two events of one kind share the words for the kind
// of event, which the plain cosine weighs as much.
//
// Across languages, a Spanish report of a story told so far in English
// shares its names and numbers but hardly any stems, so its plain cosine
// stays low. When the story has articles in a language other than the
// article's (cross) and the two share at least crossShared names and
// numbers, they may instead be compared on those alone, discounted by
// crossWeight. Within one language the plain cosine must reach its floor
// first: two stories about one government share many names, and must
// stay apart.
func similarity(a, b map[string]float64, cross bool) float64 {
	return similarityOf(a, b, lengthsOf(a), lengthsOf(b), cross)
}

// similarityOf is similarity given the vectors' lengths (lengthsOf),
// which Stories keeps for each story.
func similarityOf(a, b map[string]float64, la, lb lengths, cross bool) float64 {
	d, dn, du := dotsOf(a, b)
	s := fromDots(d, dn, du, la, lb, headline(a))
	if !cross {
		return s
	}
	if n, shared := neutralCosine(a, b); shared >= crossShared {
		s = max(s, crossWeight*n)
	}
	return s
}

// dotsOf returns the dot products of a and b: of all their terms, of
// their names alone and of their numbers alone.
func dotsOf(a, b map[string]float64) (d, dn, du float64) {
	for term, w := range a {
		x, ok := b[term]
		if !ok {
			continue
		}
		d += w * x
		switch kindOf(term) {
		case nameTerm:
			dn += w * x
		case numberTerm:
			du += w * x
		}
	}
	return d, dn, du
}

// fromDots is similarity within one language given the dot products of
// two vectors (d), of their names (dn) and of their numbers (du), their
// lengths, and whether the first is a headline alone.
func fromDots(d, dn, du float64, la, lb lengths, head bool) float64 {
	var s float64
	if la.all > 0 && lb.all > 0 {
		s = d / (la.all * lb.all)
	}
	if !head && s >= plainFloor() {
		s = withNamesAndNumbers(s, dn, du, la, lb)
	}
	return s
}

// plainFloor is the plain cosine a full article needs with a story before
// its names and numbers count (see similarity).
func plainFloor() float64 { return floorShare * Threshold }

// withNamesAndNumbers moves the plain cosine s of two vectors towards the
// cosines of their names alone and of their numbers alone (see
// similarity), given the dot products of their names (dn) and of their
// numbers (du), and their lengths. Since each cosine is at most 1, the
// result is at most s + nameWeight + numberWeight.
func withNamesAndNumbers(s, dn, du float64, la, lb lengths) float64 {
	out := s
	if la.names > 0 && lb.names > 0 {
		out += nameWeight * (dn/(la.names*lb.names) - s)
	}
	if la.numbers > 0 && lb.numbers > 0 {
		out += numberWeight * (du/(la.numbers*lb.numbers) - s)
	}
	return out
}

// lengths are the lengths of a vector, of its names alone and of its
// numbers alone.
type lengths struct{ all, names, numbers float64 }

func lengthsOf(v map[string]float64) lengths {
	var squares lengths
	for term, w := range v {
		squares.add(term, w)
	}
	return squares.roots()
}

// add adds the square of a term's weight w to the sums of squares l.
func (l *lengths) add(term string, w float64) {
	l.all += w * w
	switch kindOf(term) {
	case nameTerm:
		l.names += w * w
	case numberTerm:
		l.numbers += w * w
	}
}

// roots returns the lengths whose squares l sums.
func (l lengths) roots() lengths {
	return lengths{math.Sqrt(l.all), math.Sqrt(l.names), math.Sqrt(l.numbers)}
}

type termKind uint8

const (
	wordTerm termKind = iota
	nameTerm
	numberTerm // of two or more characters, as the boost counts them
)

func kindOf(term string) termKind {
	switch {
	case text.IsName(term):
		return nameTerm
	case len(term) >= 2 && text.IsNumber(term):
		return numberTerm
	}
	return wordTerm
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
	return heaviest(v, k, 0)
}

// heaviest keeps v's k heaviest terms (ties broken by term, for
// determinism), each multiplied by scale; scale 0 scales them to unit
// length.
func heaviest(v map[string]float64, k int, scale float64) map[string]float64 {
	all := make([]weighted, 0, len(v))
	for term, w := range v {
		all = append(all, weighted{term: term, w: w})
	}
	return heaviestOf(all, k, scale)
}

// heaviestOf is heaviest of terms given as a list; it reorders all.
func heaviestOf(all []weighted, k int, scale float64) map[string]float64 {
	all = slices.DeleteFunc(all, func(x weighted) bool { return !(x.w > 0) })
	all = all[:selectHeaviest(all, k)]
	if scale == 0 {
		n := 0.0
		for _, x := range all {
			n += x.w * x.w
		}
		scale = 1 / math.Sqrt(n)
	}
	out := make(map[string]float64, len(all))
	for _, x := range all {
		out[x.term] = x.w * scale
	}
	return out
}

// docTerms are a document's distinct terms, with how often each occurs
// in its title and in its body, in order of first occurrence, and its
// language. Once observed, df holds each term's document frequency, and
// n the number of documents, as observe left them.
type docTerms struct {
	*termBufs
	bodyTerms int // terms in the body, repeats included: 0 for a headline alone
	lang      string
	n         int
	observed  bool
}

// termBufs hold a document's counts and frequencies, reused from one
// document to the next (termBufsPool).
type termBufs struct {
	counts []text.TermCount
	df     []int32
	ws     []weighted // vector's, empty between calls
}

var termBufsPool = sync.Pool{New: func() any { return new(termBufs) }}

func terms(d Doc) docTerms {
	b := termBufsPool.Get().(*termBufs)
	title := d.Title
	if d.Text == "" && d.URL != "" {
		if words := SlugWords(d.URL); len(words) > 0 {
			title += " " + strings.Join(words, " ")
		}
	}
	var body int
	b.counts, body = text.DocumentCounts(b.counts, title, d.Text, d.Lang)
	if body == 0 && !d.Published.IsZero() {
		b.counts = withoutDate(b.counts, d.Published)
	}
	return docTerms{termBufs: b, bodyTerms: body, lang: d.Lang}
}

// withoutDate drops from a headline alone's terms the numbers that may
// be its date (see dateNumbers).
func withoutDate(counts []text.TermCount, at time.Time) []text.TermCount {
	date := dateNumbers(at)
	return slices.DeleteFunc(counts, func(c text.TermCount) bool {
		return text.IsNumber(c.Term) && slices.Contains(date[:], c.Term)
	})
}

// dateNumbers are the numbers in which an article published at may write
// its date, in its headline ("Hot Stocks on Monday, April 21", "Video
// 4/21/14") or its address ("oppo-n1-mini-in-the-works-19-03-2014"):
// the day of the month, or the day before or after it (time zones, and
// a report dated the day before it is read), the month and the year,
// whole and in two digits. Numbers of two or more digits are boosted as
// what tells one event from another (headlineNumberBoost), but the date is
// shared by every report of the day and tells nothing about which story
// a headline alone belongs to: it drew headlines of one day into each
// other's stories ("Sports on TV for March 19" into a story of BMW's
// results, through the date in that story's addresses). UCI, all 63
// days, three shuffle seeds: BCubed F1 0.8114 to 0.8179, on the first
// ten days 0.8340 to 0.8460. Articles with a body are read whole: they
// say which numbers count.
func dateNumbers(at time.Time) [6]string {
	var out [6]string
	for i := range 3 {
		out[i] = strconv.Itoa(at.AddDate(0, 0, i-1).Day())
	}
	out[3] = strconv.Itoa(int(at.Month()))
	out[4] = strconv.Itoa(at.Year())
	out[5] = strconv.Itoa(at.Year() % 100)
	return out
}

// release returns t's buffers for reuse; t is not to be read afterwards.
func (t *docTerms) release() {
	clear(t.counts) // let the terms be collected
	t.counts, t.df = t.counts[:0], t.df[:0]
	termBufsPool.Put(t.termBufs)
	t.termBufs = nil
}

// heavier orders terms heaviest first, ties by term.
func heavier(a, b weighted) bool {
	return a.w > b.w || (a.w == b.w && a.term < b.term)
}

// selectHeaviest moves the k heaviest of all (ties broken by term, so
// that the choice does not depend on the order given) to its front, in
// no particular order, and returns min(k, len(all)). It is quickselect:
// the vectors need their heaviest terms, not sorted, and most documents
// have several times more terms than are kept.
func selectHeaviest(all []weighted, k int) int {
	if k >= len(all) {
		return len(all)
	}
	if k <= 0 {
		return 0
	}
	lo, hi := 0, len(all)-1 // the k-th heaviest lies in all[lo:hi+1]
	for lo < hi {
		// Median of three as the pivot, moved to hi.
		mid := lo + (hi-lo)/2
		if heavier(all[mid], all[lo]) {
			all[mid], all[lo] = all[lo], all[mid]
		}
		if heavier(all[hi], all[lo]) {
			all[hi], all[lo] = all[lo], all[hi]
		}
		if heavier(all[mid], all[hi]) {
			all[mid], all[hi] = all[hi], all[mid]
		}
		pivot := all[hi]
		p := lo
		for i := lo; i < hi; i++ {
			if heavier(all[i], pivot) {
				all[i], all[p] = all[p], all[i]
				p++
			}
		}
		all[p], all[hi] = all[hi], all[p]
		switch {
		case p == k-1 || p == k:
			return k
		case p > k:
			hi = p - 1
		default:
			lo = p + 1
		}
	}
	return k
}
