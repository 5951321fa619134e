package cluster

import (
	"math"
	"slices"
	"time"
)

// Stories holds the open stories in memory, each indexed under every term
// of its centroid, so that Assign compares an article only with the
// stories whose plain cosine with it could reach the article's threshold
// (see threshold), or for a full article the floor below which its names
// and numbers do not count (see similarity; either is "the threshold"
// below), instead of with every open story.
//
// The pruning is exact. Sort the article's terms heaviest first; once the
// length of the rest of its vector falls below the threshold, a story sharing
// none of the terms before that point has a cosine below it (the
// centroid has unit length, so the rest contributes at most its own
// length). Stories are therefore found through those first terms, and
// through every name and number, which the cross-language rule counts;
// the lighter terms only add to the stories found. Each cosine is thus
// summed posting by posting, and only the few stories that reach
// the threshold, or may by the cross-language rule, are scored in full.
// Assign decides as Index.Assign over all stories would.
//
// Stories is not safe for concurrent use.
type Stories struct {
	byID     map[int64]*entry
	postings map[string]*postings
	lists    []*postings // the values of postings, for compaction
	live     int         // postings of current centroids
	stale    int         // postings left behind by Put and Remove
	round    uint64      // Assign calls, to mark entries seen in this one

	// Assign's scratch, kept between calls.
	order  []probe // probe's
	ranks  []rank  // the terms gather is given, heaviest first
	found  []*entry
	probes []float64
}

// entry is one story and Assign's running figures for it.
type entry struct {
	Story
	version uint32 // bumped when its centroid is replaced or it is removed
	removed bool

	norm   float64  // the centroid's length
	length lengths  // and of its names and numbers alone
	keys   []string // its mergeKeys heaviest terms, once asked for (see shareKeyTerms)
	terms  []probe  // its centroid's terms and their postings, as of Put
	round  uint64   // the Assign call that last touched acc and shared
	acc    float64  // cosine over the terms looked up so far
	shared int      // names and numbers shared with the article
}

// A posting says a story's centroid holds a term, with its weight, as of
// one version of the story; a posting of an older version is stale.
type posting struct {
	e       *entry
	version uint32
	w       float64
}

func (p posting) current() bool { return !p.e.removed && p.e.version == p.version }

// postings are the postings of one term, held by pointer so that Put
// appends to them with one lookup.
type postings struct {
	term string
	list []posting
}

// A probe is a term of a vector, its weight and the term's postings (nil
// when none), looked up once.
type probe struct {
	term string
	w    float64
	ps   *postings
}

// weighted is a term and its weight (and, while a vector is made, its
// document frequency; in twoParts, its column).
type weighted struct {
	term string
	w    float64
	df   int32
	col  int32
}

// NewStories returns an empty set.
func NewStories() *Stories {
	return &Stories{byID: map[int64]*entry{}, postings: map[string]*postings{}}
}

// Len returns how many stories are held.
func (s *Stories) Len() int { return len(s.byID) }

// Get returns the story with the given id, if held. Its Terms and Langs
// are the set's own: do not change them.
func (s *Stories) Get(id int64) (Story, bool) {
	e, ok := s.byID[id]
	if !ok {
		return Story{}, false
	}
	return e.Story, true
}

// Put adds st, or replaces the story with its ID. The set keeps st.Terms
// and st.Langs: the caller must not change them afterwards.
func (s *Stories) Put(st Story) { s.put(st) }

// put is Put, returning the story's entry.
func (s *Stories) put(st Story) *entry {
	e, ok := s.byID[st.ID]
	if ok {
		s.retire(e)
	} else {
		e = &entry{}
		s.byID[st.ID] = e
	}
	e.Story, e.removed, e.keys = st, false, nil
	e.terms = slices.Grow(e.terms[:0], len(st.Terms))
	var squares lengths
	for term, w := range st.Terms {
		ps := s.postings[term]
		if ps == nil {
			ps = &postings{term: term}
			s.postings[term] = ps
			s.lists = append(s.lists, ps)
		}
		e.terms = append(e.terms, probe{term: term, w: w, ps: ps})
		squares.add(term, w)
	}
	e.length = squares.roots()
	e.norm = e.length.all
	for _, p := range e.terms {
		// Weights scaled to unit length: sums of postings are cosines.
		p.ps.list = append(p.ps.list, posting{e: e, version: e.version, w: p.w / e.norm})
	}
	s.live += len(st.Terms)
	s.compactIfStale()
	return e
}

// Remove forgets the story with the given id, if held.
func (s *Stories) Remove(id int64) {
	if e, ok := s.byID[id]; ok {
		s.retire(e)
		e.removed = true
		delete(s.byID, id)
		s.compactIfStale()
	}
}

// Expire removes the stories last seen before the given time and returns
// how many went.
func (s *Stories) Expire(before time.Time) int {
	var gone []int64
	for id, e := range s.byID {
		if e.LastSeen.Before(before) {
			gone = append(gone, id)
		}
	}
	for _, id := range gone {
		s.Remove(id)
	}
	return len(gone)
}

// retire makes e's postings stale; they are dropped by the next compaction.
func (s *Stories) retire(e *entry) {
	e.version++
	s.live -= len(e.Terms)
	s.stale += len(e.Terms)
}

// compactIfStale drops stale postings once they outnumber current ones, so
// the work is paid for by the updates that made them.
func (s *Stories) compactIfStale() {
	if s.stale < 1024 || s.stale < s.live {
		return
	}
	lists := s.lists[:0]
	for _, ps := range s.lists {
		list := ps.list
		kept := list[:0]
		for _, p := range list {
			if p.current() {
				kept = append(kept, p)
			}
		}
		clear(list[len(kept):]) // let removed entries be collected
		ps.list = kept
		if len(kept) == 0 {
			delete(s.postings, ps.term)
			continue
		}
		lists = append(lists, ps)
	}
	clear(s.lists[len(lists):])
	s.lists = lists
	s.stale = 0
}

// Assign picks the story that d, whose vector is v, belongs to, exactly as
// Index.Assign would among all the stories held: the most similar story
// dated within Window of d.Published (a headline's similarity faded by
// the gap), if its similarity reaches the threshold; ties go to the lower
// ID. StoryID 0 means d starts a new story.
func (s *Stories) Assign(d Doc, v map[string]float64) Match {
	thr := threshold(v)
	// A full article's names and numbers count once its plain cosine
	// reaches the floor (see similarity).
	least := thr
	if !headline(v) {
		least = min(thr, plainFloor())
	}
	// Stories are found through every name and number too: the
	// cross-language rule needs a count of the ones shared.
	s.gather(s.probe(v), 1, least, d.Lang != "")

	var best Match
	lv := lengthsOf(v)
	for _, e := range s.found {
		plain := e.acc >= least-1e-9
		if !plain && e.shared < crossShared {
			continue // below the threshold, and too few names for the cross-language rule
		}
		gap := e.gap(d.Published)
		if gap > Window {
			continue
		}
		x := crossLanguage(d.Lang, e.Langs)
		if !plain && !x {
			continue
		}
		// The few left are scored as Index.Assign scores them (with the
		// lengths kept since Put), not from the sums of postings, whose
		// rounding could make the two decide differently.
		sim := similarityOf(v, e.Terms, lv, e.length, x) * fade(v, gap)
		if sim < thr || !agree(v, e.Terms) {
			continue
		}
		if best.StoryID == 0 || sim > best.Similarity || (sim == best.Similarity && e.ID < best.StoryID) {
			best = Match{StoryID: e.ID, Similarity: sim}
		}
	}
	return best
}

// Specific returns a headline alone's vector v (see headline) with each
// term's weight multiplied by how few of the open stories hold it, to the
// power storySpecific, scaled to unit length again: by (ln((S+1)/(s+1))
// + 1)^storySpecific for a term held by s of the S open stories' centroids.
// Any other vector is returned as it is. IDF counts documents, so it
// weighs least the words of the day's biggest stories ("malaysia"), which
// tell their story, and weighs words that many stories use now and then
// ("price", "study", "heart") as much as a development's own; a headline
// has so few terms that one such word shared decides where it goes (the
// Netflix price rise drew in headlines on petrol prices). The caller
// passes the result to Assign and grows the story with it (Grow, Merge),
// so that a story's centroid weighs its words as its headlines did.
func (s *Stories) Specific(v map[string]float64) map[string]float64 {
	if !headline(v) || len(v) == 0 {
		return v
	}
	n := float64(len(s.byID))
	out := make(map[string]float64, len(v))
	sum := 0.0
	for term, w := range v {
		held := 0.0
		if ps := s.postings[term]; ps != nil {
			for _, p := range ps.list {
				if p.current() {
					held++
				}
			}
		}
		w *= math.Pow(math.Log((n+1)/(held+1))+1, storySpecific)
		out[term] = w
		sum += w * w
	}
	scale := 1 / math.Sqrt(sum)
	for term := range out {
		out[term] *= scale
	}
	return out
}

// probe returns v's terms, their weights and their postings, in s.order.
func (s *Stories) probe(v map[string]float64) []probe {
	s.order = s.order[:0]
	for term, w := range v {
		s.order = append(s.order, probe{term: term, w: w, ps: s.postings[term]})
	}
	return s.order
}

// gather finds the stories that may reach the threshold thr with the
// vector given by its terms (see probe; an entry's terms, looked up by
// Put, are given as they are), their weights multiplied by scale to unit
// length, in s.found, each with acc its cosine with the vector. With
// names, stories sharing any name or number with it are found too, and
// each one's shared counts them.
//
// Stories are found through the vector's heaviest terms, until the rest
// of it cannot reach thr on its own; the lighter terms then only add to
// the stories found, so that acc ends as each one's cosine with v.
func (s *Stories) gather(terms []probe, scale, thr float64, names bool) {
	s.round++
	// The vector's terms, heaviest first, and its length from each term
	// on. Ties may go either way: any order gives a sound bound, and the
	// decisions do not depend on the order stories are found in.
	s.ranks = s.ranks[:0]
	for i, tw := range terms {
		s.ranks = append(s.ranks, rank{w: tw.w * scale, i: int32(i)})
	}
	sortHeaviestFirst(s.ranks)
	s.probes = s.probes[:0]
	var rest float64
	for i := len(s.ranks) - 1; i >= 0; i-- {
		rest += s.ranks[i].w * s.ranks[i].w
		s.probes = append(s.probes, math.Sqrt(rest))
	}
	slices.Reverse(s.probes) // probes[i]: length of the vector from term i on

	s.found = s.found[:0]
	for i, r := range s.ranks {
		tw := &terms[r.i]
		heavy := s.probes[i] >= thr-1e-9 // a hair low, against rounding
		name := names && neutral(tw.term)
		ps := tw.ps
		if ps == nil {
			continue
		}
		// Stale postings met on the way are dropped, as compaction would.
		// A posting is moved only once a stale one lies before it:
		// rewriting every posting cost a write barrier each while the
		// collector marks.
		list := ps.list
		kept := 0
		for j, p := range list {
			if !p.current() {
				continue
			}
			if kept != j {
				list[kept] = p
			}
			kept++
			e := p.e
			if e.round != s.round {
				if !heavy && !name {
					continue // shares no heavy term: below the threshold
				}
				e.round, e.acc, e.shared = s.round, 0, 0
				s.found = append(s.found, e)
			}
			e.acc += r.w * p.w
			if name {
				e.shared++
			}
		}
		if dropped := len(list) - kept; dropped > 0 {
			clear(list[kept:])
			ps.list = list[:kept]
			s.stale -= dropped
		}
	}
}

// Converging returns the open story, other than st, whose centroid is
// most like st's (ties to the lower ID), if both are of one kind, the
// similarity reaches that kind's threshold, they share key terms (see
// shareKeyTerms) and their spans of dates lie within Window of each
// other. Stories of headlines (most of their articles headlines alone)
// are compared by cosine, against MergeThreshold; stories of full
// articles by similarity, names and numbers counted, against
// FullMergeThreshold, once their cosine reaches fullMergeFloor, unless
// a split would cut them apart (see partsApart). Two stories started
// apart from the same development (its first reports worded differently)
// grow towards each other as more reports arrive; the caller merges them
// (Combine).
func (s *Stories) Converging(st Story) (Story, bool) { return s.converging(st, nil) }

// converging is Converging; self, when not nil, is st's entry as Put
// just left it, whose postings, lengths and key terms need not be found
// again.
func (s *Stories) converging(st Story, self *entry) (Story, bool) {
	if len(st.Terms) == 0 {
		return Story{}, false
	}
	heads := st.headlines()
	thr, least := MergeThreshold, MergeThreshold
	if !heads {
		thr, least = FullMergeThreshold, fullMergeFloor
	}
	var lst lengths
	var terms []probe
	if self != nil {
		lst, terms = self.length, self.terms
	} else {
		lst, terms = lengthsOf(st.Terms), s.probe(st.Terms)
	}
	s.gather(terms, 1/lst.all, least, false)
	var best *entry
	var bestSim float64
	var keys []string
	if self != nil {
		keys = self.keys
	}
	for _, e := range s.found {
		if e.ID == st.ID || e.headlines() != heads || e.acc < least-1e-9 || spanGap(e.Story, st) > Window {
			continue
		}
		sim := e.acc // the cosine, summed posting by posting
		if !heads {
			// Two stories a split would cut apart do not merge: parts
			// cut apart by their figures are alike above the threshold.
			d, dn, du := dotsOf(st.Terms, e.Terms)
			if partsApart(d, dn, du, lst, e.length, headline(st.Terms), st.Size, e.Size) {
				continue
			}
			sim = fromDots(d, dn, du, lst, e.length, headline(st.Terms))
		}
		if sim < thr {
			continue
		}
		if keys == nil {
			keys = KeyTerms(st.Terms, mergeKeys)
			if self != nil {
				self.keys = keys
			}
		}
		if e.keys == nil {
			e.keys = KeyTerms(e.Terms, mergeKeys)
		}
		if !shareKeyTerms(keys, e.keys) {
			continue
		}
		if best == nil || sim > bestSim || (sim == bestSim && e.ID < best.ID) {
			best, bestSim = e, sim
		}
	}
	if best == nil {
		return Story{}, false
	}
	return best.Story, true
}

// spanGap returns how far apart two stories' spans of dates lie: 0 when
// they overlap.
func spanGap(a, b Story) time.Duration {
	af, al := a.span()
	bf, bl := b.span()
	return max(0, af.Sub(bl), bf.Sub(al))
}

// shareKeyTerms reports whether two stories' key terms (their centroids'
// mergeKeys heaviest) have at least mergeShared in common: two stories
// that share one prominent word ("office": a box office, Microsoft
// Office) are not one story, however heavy the word.
func shareKeyTerms(a, b []string) bool {
	n := 0
	for _, t := range b {
		if slices.Contains(a, t) {
			n++
		}
	}
	return n >= mergeShared
}

// A rank is the weight of a probe, scaled, and its place among the
// terms gather is given: gather sorts these, which hold no pointers,
// rather than the probes.
type rank struct {
	w float64
	i int32
}

// sortHeaviestFirst sorts ranks by weight, heaviest first, ties in no
// particular order. It is gather's sort, written out because the generic
// sort's call per comparison cost a twentieth of the clusterer's time.
// Vectors and centroids (heaviestOf) hold no NaN weights.
func sortHeaviestFirst(ps []rank) {
	for len(ps) > 12 {
		pivot := ps[len(ps)/2].w
		i, j := 0, len(ps)-1
		for i <= j {
			for ps[i].w > pivot {
				i++
			}
			for ps[j].w < pivot {
				j--
			}
			if i <= j {
				ps[i], ps[j] = ps[j], ps[i]
				i++
				j--
			}
		}
		// Recurse into the shorter side, loop on the longer.
		if j+1 < len(ps)-i {
			sortHeaviestFirst(ps[:j+1])
			ps = ps[i:]
		} else {
			sortHeaviestFirst(ps[i:])
			ps = ps[:j+1]
		}
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].w > ps[j-1].w; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
