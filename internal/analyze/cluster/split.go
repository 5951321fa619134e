package cluster

import (
	"math"
	"slices"
	"sync"
	"time"
)

// Splitting. An article decides its story when the story is small, and
// one wrong decision then lasts: a report of one earthquake joins the
// story of another while that story has two articles, and from then on
// each event's reports find both in it (ECB+, where every topic holds two
// events of one kind: the helper's error analysis found nearly every
// wrong merge of two events began so, at similarities of 0.29 to 0.40,
// with nothing in the single decision to tell it from a right one). Once
// both events have drawn in reports, the story's articles fall into two
// groups that are less alike than two stories must be to merge, which a
// single decision could not see. So the Clusterer looks again: each time
// a story of full articles has doubled since it was last looked at, it
// cuts the story in two (twoParts) and, if the parts are less alike than
// SplitThreshold and each has splitPart articles, makes them two stories.
// The part holding the story's first article keeps its id, so a published
// article's story keeps its identity; the other part gets a new id.
//
// Parts of figuresPart articles or more are also apart when their figures
// disagree (their numbers' cosine is below FiguresThreshold), however alike
// their words and names: each half of one event's reports, once it has
// several, cites the event's figures (the toll, the sum, the score, the
// date), while two events of one kind cite their own. On ECB+ the two
// events of one topic (two DUI arrests of one team's players, two
// emergency patches of one browser) that a story had drawn together were
// alike at 0.48 to 0.62, above SplitThreshold, but their numbers met at
// 0.00 to 0.40; the halves of single events of that size, at 0.67 to 0.90.
//
// Stories of headlines alone are not split: a headline has too few terms
// for its story's two parts to be told apart (UCI, day by day: BCubed F1
// 0.809 to 0.811 at best, at a tenth of the speed).

var (
	// SplitThreshold is the similarity (see similarity: names and
	// numbers count) of a story's two parts below which they become two
	// stories. Stories that a split would cut apart do not merge (see
	// Stories.Converging), so parts cut apart stay apart. On ECB+ (three
	// arrival orders) splitting at 0.45 raised BCubed F1 from 0.901 to 0.913
	// (precision 0.892 to 0.928, recall 0.910 to 0.899); 0.40 and 0.50
	// do a little worse (0.910, 0.913).
	SplitThreshold = 0.45
	// FiguresThreshold is the cosine of two parts' numbers alone below
	// which parts of figuresPart articles or more become two stories
	// whatever their similarity. On ECB+ it raised BCubed F1 from 0.920 to
	// 0.926 (three arrival orders; twenty: 0.915 to 0.922; odd and even
	// topics apart: 0.904 to 0.917 and 0.941 to 0.939); 0.4 to 0.6 do
	// alike. Such parts are alike above FullMergeThreshold: until
	// Converging refused to merge what a split cuts apart, most of them
	// merged back and split again as articles arrived (ECB+: 22 of 29
	// such stories in three orders); refusing it raised F1 from 0.929 to
	// 0.930 (precision 0.924 to 0.942, recall 0.934 to 0.919; twenty
	// orders 0.928 either way; odd and even topics 0.910 to 0.913, 0.946
	// to 0.949).
	FiguresThreshold = 0.5
)

// SplitFrom is how many articles a story needs before Split looks at it.
const SplitFrom = 4

const (
	// splitPart is how many articles each part needs to become a story:
	// a part of one or two articles is more often a report that tells its
	// event differently (ECB+: parts of 2 gave 0.909, of 3 0.913, of 4
	// 0.911).
	splitPart = 3
	// figuresPart is how many articles each part needs for its figures to
	// count (see FiguresThreshold): fewer reports cite fewer of the
	// event's figures. 5 to 7 do alike on ECB+; at 8 few stories gain.
	figuresPart = 6
	// splitRounds is how many times twoParts moves articles between the
	// parts and recomputes them.
	splitRounds = 5
)

// A Member is an article of a story as a split reads it: enough to cut
// the story in two and to grow each part anew.
type Member struct {
	V    map[string]float64 // its vector
	At   time.Time          // its date
	Lang string
}

// member is what the Clusterer keeps of an article while its story is
// open.
type member struct {
	doc int // the order it was added in (Clusterer.StoryOf)
	Member
}

// Split reports whether a story of full articles ms (in the order they
// joined it), whose centroid is st.Terms, falls into two parts apart (see
// Splitting), and if so which articles go to the second part: the one
// without the story's first article, which is to become a new story.
// Stories of headlines alone are never split.
func Split(st Story, ms []Member) (second []bool, ok bool) {
	if len(ms) < SplitFrom || st.headlines() {
		return nil, false
	}
	second, ok = twoParts(ms, st.Terms)
	if !ok {
		return nil, false
	}
	if second[0] {
		for i := range second {
			second[i] = !second[i]
		}
	}
	return second, true
}

// Regrow returns the story with the given id grown from ms, in order: its
// centroid, size, languages and span, as if they had joined it one by
// one.
func Regrow(id int64, ms []Member) Story {
	st := Story{ID: id}
	for _, m := range ms {
		st = Grow(st, Doc{Lang: m.Lang, Published: m.At}, m.V)
	}
	return st
}

// maybeSplit looks at the story with the given id if it has doubled
// since it was last looked at, and splits it if its two parts are apart
// (see Splitting above). It returns the id of the new story, if any.
func (c *Clusterer) maybeSplit(id int64) (int64, bool) {
	ms := c.members[id]
	if len(ms) < SplitFrom || len(ms) < 2*c.checked[id] {
		return 0, false
	}
	c.checked[id] = len(ms)
	st, ok := c.open.Get(id)
	if !ok {
		return 0, false
	}
	all := make([]Member, len(ms))
	for i, m := range ms {
		all[i] = m.Member
	}
	second, ok := Split(st, all)
	if !ok {
		return 0, false
	}
	var keep, move []member
	var keepAll, moveAll []Member
	for i, m := range ms {
		if second[i] {
			move, moveAll = append(move, m), append(moveAll, m.Member)
		} else {
			keep, keepAll = append(keep, m), append(keepAll, m.Member)
		}
	}
	c.next++
	nid := c.next
	c.open.Put(Regrow(id, keepAll))
	c.open.Put(Regrow(nid, moveAll))
	c.members[id], c.members[nid] = keep, move
	c.checked[id], c.checked[nid] = len(keep), len(move)
	for _, m := range move {
		c.stories[m.doc] = nid
	}
	return nid, true
}

// twoParts cuts a story's members in two by spherical two-means: it
// starts from the member least like the centroid and the member least
// like that one, then puts each member with the part it is more similar
// to (names and numbers counting, as for an article joining a story) and
// recomputes the parts, up to splitRounds times. It reports, for each
// member, whether it is in the second part, and whether the parts are
// apart: each has splitPart members and their similarity is below
// SplitThreshold, or each has figuresPart members and their numbers'
// cosine is below FiguresThreshold (partsApart). The members' terms are
// numbered once, so that the rounds add and look up weights in slices
// rather than maps; the parts are kept by column only, never as maps.
func twoParts(ms []Member, centroid map[string]float64) (second []bool, apart bool) {
	size := 0
	for _, m := range ms {
		size += len(m.V)
	}
	// The buffers are the last call's (see partsBufs), kept as grown when
	// done. Sized for the members sharing about half their terms, which
	// saves most of the growing.
	buf := partsPool.Get().(*partsBufs)
	cols := buf.columns(size / 2)
	kinds, terms := buf.kinds[:0], buf.terms[:0]
	members := slices.Grow(buf.members[:0], size) // the members' cells, one array
	cells, lm, heads := zeroed(buf.cells, len(ms)), zeroed(buf.lm, len(ms)), zeroed(buf.heads, len(ms))
	all := buf.all[:0]               // part's
	ta, tb := buf.ta[:0], buf.tb[:0] // the parts' terms
	var pa, pb, sa, sb []float64     // the parts and their sums, by column
	cs := buf.cs[:0]
	defer func() {
		buf.kinds, buf.terms, buf.members, buf.cells, buf.lm, buf.heads = kinds, terms, members, cells, lm, heads
		buf.all, buf.ta, buf.tb, buf.pa, buf.pb, buf.sa, buf.sb, buf.cs = all, ta, tb, pa, pb, sa, sb, cs
		buf.release()
	}()
	for i, m := range ms {
		begin := len(members)
		for term, w := range m.V {
			c, ok := cols[term]
			if !ok {
				c = int32(len(kinds))
				cols[term] = c
				kinds = append(kinds, kindOf(term))
				terms = append(terms, term)
			}
			members = append(members, cell{col: c, w: w})
			lm[i].add(term, w)
		}
		cells[i], lm[i], heads[i] = members[begin:len(members):len(members)], lm[i].roots(), headline(m.V)
	}
	// similar is similarityOf(ms[i].v, p, …) with p given by column.
	similar := func(i int, p []float64, lp lengths) float64 {
		d, dn, du := dotsByKind(cells[i], p, kinds)
		return fromDots(d, dn, du, lm[i], lp, heads[i])
	}
	// leastLike is the member least like the vector p (the first of
	// equals), given by column with its length: its terms that no member
	// has add nothing to the dot products.
	leastLike := func(p []float64, norm float64) int {
		least, at := 2.0, 0
		for i := range ms {
			if s := dotColumns(cells[i], p) / norm; s < least {
				least, at = s, i
			}
		}
		return at
	}
	// part sets p to the part whose columns sum to sum, as heaviestOf
	// would make it (its centroidTerms heaviest terms, unit length), and
	// returns its terms, with their columns, in top, and its lengths.
	part := func(sum, p []float64, top []weighted) ([]weighted, lengths) {
		all = all[:0]
		for c, w := range sum {
			if w > 0 {
				all = append(all, weighted{term: terms[c], w: w, col: int32(c)})
			}
		}
		top = append(top[:0], all[:selectHeaviest(all, centroidTerms)]...)
		n := 0.0
		for _, x := range top {
			n += x.w * x.w
		}
		scale := 1 / math.Sqrt(n)
		clear(p)
		var squares lengths
		for i := range top {
			x := &top[i]
			x.w *= scale
			p[x.col] = x.w
			squares.add(x.term, x.w)
		}
		return top, squares.roots()
	}

	pa, pb = zeroed(buf.pa, len(kinds)), zeroed(buf.pb, len(kinds))
	for term, w := range centroid {
		if c, ok := cols[term]; ok {
			pa[c] = w
		}
	}
	a := leastLike(pa, norm(centroid))
	clear(pa)
	for _, c := range cells[a] {
		pa[c.col] = c.w
	}
	b := leastLike(pa, lm[a].all)
	for _, c := range cells[b] {
		pb[c.col] = c.w
	}
	var la, lb lengths
	second = make([]bool, len(ms))
	sa, sb = zeroed(buf.sa, len(kinds)), zeroed(buf.sb, len(kinds))
	for round := range splitRounds {
		clear(sa)
		clear(sb)
		na, moved := 0, false
		for i := range ms {
			var toB bool
			if round == 0 {
				toB = dotColumns(cells[i], pb) > dotColumns(cells[i], pa) // both unit length
			} else {
				toB = similar(i, pb, lb) > similar(i, pa, la)
			}
			moved = moved || toB != second[i]
			second[i] = toB
			sum := sa
			if toB {
				sum = sb
			} else {
				na++
			}
			for _, c := range cells[i] {
				sum[c.col] += c.w
			}
		}
		if na == 0 || na == len(ms) {
			return second, false
		}
		if round > 0 && !moved {
			break // the parts are as the last round left them
		}
		ta, la = part(sa, pa, ta)
		tb, lb = part(sb, pb, tb)
	}
	na := 0
	for _, b := range second {
		if !b {
			na++
		}
	}
	if na < splitPart || len(ms)-na < splitPart {
		return second, false
	}
	// similarityOf of the two parts, by column.
	cs = zeroed(cs, len(ta))
	for i, x := range ta {
		cs[i] = cell{col: x.col, w: x.w}
	}
	d, dn, du := dotsByKind(cs, pb, kinds)
	return second, partsApart(d, dn, du, la, lb, len(ta) <= headlineTerms, na, len(ms)-na)
}

// partsBufs are twoParts' buffers, reused from one call to the next
// (partsPool). Made afresh for each call, they were a third of the bytes
// the Clusterer allocated on ECB+ (5.5 MB of the 17 MB of an arrival
// order), and reusing them made it about 9% faster (ECB+, simultaneous
// pairs), mostly in the collector's work.
type partsBufs struct {
	cols     map[string]int32
	colsHint int // the size cols was made for
	kinds    []termKind
	terms    []string
	members  []cell
	cells    [][]cell
	lm       []lengths
	heads    []bool
	all      []weighted
	ta, tb   []weighted
	cs       []cell
	pa, pb   []float64
	sa, sb   []float64
}

var partsPool = sync.Pool{New: func() any { return new(partsBufs) }}

// columns returns b.cols, empty (release cleared it), made for n terms
// or more. A map made for many more is made anew: clearing it costs as
// much as its size.
func (b *partsBufs) columns(n int) map[string]int32 {
	if b.cols == nil || n > b.colsHint || b.colsHint > 8*max(n, 64) {
		b.cols, b.colsHint = make(map[string]int32, n), n
	}
	return b.cols
}

// release lets the terms be collected and puts b back in partsPool.
// Buffers grown by an unusually large story are let go.
func (b *partsBufs) release() {
	if cap(b.members) > 1<<18 {
		*b = partsBufs{}
	}
	clear(b.cols)
	clear(b.terms)
	clear(b.all[:cap(b.all)])
	clear(b.ta[:cap(b.ta)])
	clear(b.tb[:cap(b.tb)])
	partsPool.Put(b)
}

// zeroed returns buf resized to n elements, all zero.
func zeroed[T any](buf []T, n int) []T {
	buf = slices.Grow(buf[:0], n)[:n]
	clear(buf)
	return buf
}

// partsApart reports whether two parts of a story, of na and nb articles,
// are apart (see Splitting), given the dot products of their centroids
// (all terms, names, numbers), their lengths and whether the first has
// no more terms than a headline alone: less alike than SplitThreshold,
// or, each of figuresPart articles or more, with numbers less alike than
// FiguresThreshold.
func partsApart(d, dn, du float64, la, lb lengths, head bool, na, nb int) bool {
	if fromDots(d, dn, du, la, lb, head) < SplitThreshold {
		return true
	}
	figures := na >= figuresPart && nb >= figuresPart && la.numbers > 0 && lb.numbers > 0
	return figures && du/(la.numbers*lb.numbers) < FiguresThreshold
}

// A cell is a term of a member's vector, by its column in twoParts.
type cell struct {
	col int32
	w   float64
}

// dotsByKind returns the dot products of cells cs with the vector p given
// by column: of all terms, of names alone and of numbers alone, each
// column's kind in kinds.
func dotsByKind(cs []cell, p []float64, kinds []termKind) (d, dn, du float64) {
	for _, c := range cs {
		x := c.w * p[c.col]
		d += x
		switch kinds[c.col] {
		case nameTerm:
			dn += x
		case numberTerm:
			du += x
		}
	}
	return d, dn, du
}

func dotColumns(cs []cell, p []float64) float64 {
	s := 0.0
	for _, c := range cs {
		s += c.w * p[c.col]
	}
	return s
}
