package cluster

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// streamBoth clusters docs in order twice at once, with Index.Assign over
// every story and with Stories.Assign, and fails at the first article the
// two place differently. It returns how many stories were made.
func streamBoth(t *testing.T, docs []Doc) int {
	t.Helper()
	ix := NewIndex()
	set := NewStories()
	var all []Story
	for i, d := range docs {
		v := ix.Add(d)
		want := ix.Assign(d, v, all)
		got := set.Assign(d, v)
		if got.StoryID != want.StoryID {
			t.Fatalf("doc %d (%q): Stories.Assign gives story %d (%.4f), Index.Assign over all %d stories gives %d (%.4f)",
				i, d.Title, got.StoryID, got.Similarity, len(all), want.StoryID, want.Similarity)
		}
		if want.StoryID == 0 {
			st := Story{ID: int64(len(all) + 1), Terms: v, LastSeen: d.Published, Size: 1, Langs: []string{d.Lang}}
			all = append(all, st)
			set.Put(st)
			continue
		}
		k := slices.IndexFunc(all, func(s Story) bool { return s.ID == want.StoryID })
		st := all[k]
		st.Terms = Merge(st.Terms, st.Size, v)
		st.Size++
		if !slices.Contains(st.Langs, d.Lang) {
			st.Langs = append(slices.Clone(st.Langs), d.Lang)
		}
		st.LastSeen = maxTime(st.LastSeen, d.Published)
		all[k] = st
		set.Put(st)
	}
	if set.Len() != len(all) {
		t.Errorf("Stories holds %d stories, want %d", set.Len(), len(all))
	}
	return len(all)
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TestStoriesAssignLikeIndex checks that the indexed set decides as the
// comparison with every story does, on the English/Spanish set (where the
// cross-language rule decides) in several orders, and on ECB+ when present.
func TestStoriesAssignLikeIndex(t *testing.T) {
	var docs []Doc
	for i, m := range multilingual {
		d := m.doc
		d.Published = t0.Add(time.Duration(i) * time.Hour)
		docs = append(docs, d)
	}
	for seed := uint64(1); seed <= 5; seed++ {
		order := rand.New(rand.NewPCG(seed, 2)).Perm(len(docs))
		shuffled := make([]Doc, len(docs))
		for i, j := range order {
			shuffled[i] = docs[j]
		}
		if n := streamBoth(t, shuffled); n < 3 {
			t.Errorf("order %d: %d stories from three developments in two languages", seed, n)
		}
	}

	if testing.Short() {
		return
	}
	all := loadECB(t)
	ecb := make([]Doc, len(all))
	for i, j := range rand.New(rand.NewPCG(7, 1)).Perm(len(all)) {
		ecb[i] = asDoc(all[j], t0.Add(time.Duration(i)*time.Minute))
	}
	n := streamBoth(t, ecb)
	t.Logf("ECB+: %d articles into %d stories, every decision the same", len(ecb), n)
}

// TestStoriesWindow checks that a story last seen more than Window before
// an article is not offered to it, and that Expire drops it.
func TestStoriesWindow(t *testing.T) {
	v := map[string]float64{"strike": 0.8, "@rotterdam": 0.6}
	set := NewStories()
	set.Put(Story{ID: 1, Terms: map[string]float64{"strike": 0.6, "@rotterdam": 0.8}, LastSeen: t0.Add(-Window - time.Minute), Size: 1})
	set.Put(Story{ID: 2, Terms: map[string]float64{"strike": 0.99, "@rotterdam": 0.141}, LastSeen: t0, Size: 1})
	if m := set.Assign(Doc{Lang: "en", Published: t0}, v); m.StoryID != 2 {
		t.Errorf("Assign = %+v, want story 2 (story 1 closed a minute ago)", m)
	}
	if n := set.Expire(t0.Add(-Window)); n != 1 || set.Len() != 1 {
		t.Errorf("Expire removed %d, %d left; want 1 and 1", n, set.Len())
	}
	if _, ok := set.Get(1); ok {
		t.Error("story 1 still held after Expire")
	}
}

// TestStoriesReplaceAndRemove checks that a story's old centroid stops
// matching once Put replaces it, that a removed story is never offered,
// and that this survives the compaction of stale postings.
func TestStoriesReplaceAndRemove(t *testing.T) {
	set := NewStories()
	at := Doc{Lang: "en", Published: t0}
	// Two terms each: a headline joins a story sharing two of its terms.
	two := func(a, b string) map[string]float64 { return map[string]float64{a: 0.8, b: 0.6} }
	quake := two("earthquak", "@chile")
	for i := range 3000 {
		set.Put(Story{ID: int64(i + 1), Terms: two(fmt.Sprintf("@port%d", i), fmt.Sprint("dock", i)), LastSeen: t0, Size: 1})
	}
	set.Put(Story{ID: 5000, Terms: quake, LastSeen: t0, Size: 1})
	if m := set.Assign(at, quake); m.StoryID != 5000 {
		t.Fatalf("Assign = %+v, want 5000", m)
	}
	// Moving every story to new terms leaves 3,001 stale postings, more
	// than the current ones: the set compacts.
	for i := range 3000 {
		set.Put(Story{ID: int64(i + 1), Terms: two(fmt.Sprintf("@harbour%d", i), fmt.Sprint("pier", i)), LastSeen: t0, Size: 2})
	}
	set.Put(Story{ID: 5000, Terms: two("flood", "@chile"), LastSeen: t0, Size: 2})
	if m := set.Assign(at, quake); m.StoryID != 0 {
		t.Errorf("Assign by the old centroid = %+v, want a new story", m)
	}
	if m := set.Assign(at, two("@harbour17", "pier17")); m.StoryID != 18 {
		t.Errorf("Assign by the new centroid = %+v, want story 18", m)
	}
	if set.stale >= set.live {
		t.Errorf("%d stale postings for %d current: not compacted", set.stale, set.live)
	}
	set.Remove(18)
	if m := set.Assign(at, two("@harbour17", "pier17")); m.StoryID != 0 {
		t.Errorf("Assign after Remove = %+v, want a new story", m)
	}
	if _, ok := set.Get(18); ok || set.Len() != 3000 {
		t.Errorf("after Remove: Get(18) found it or Len %d, want 3000", set.Len())
	}
}

// TestStoriesLooksUpEnoughTerms checks that a story sharing only the
// article's third-heaviest term is still found when that term alone
// reaches the threshold.
func TestStoriesLooksUpEnoughTerms(t *testing.T) {
	v := map[string]float64{"strike": 0.6, "dock": 0.56, "wage": 0.57} // about unit length
	// More terms than a headline has: a headline must share two.
	for i := range headlineTerms {
		v[fmt.Sprint("light", i)] = 0.001
	}
	set := NewStories()
	set.Put(Story{ID: 4, Terms: map[string]float64{"dock": 1}, LastSeen: t0, Size: 1})
	if m := set.Assign(Doc{Lang: "en", Published: t0}, v); m.StoryID != 4 {
		t.Errorf("Assign = %+v, want story 4 (cosine 0.56 through its one term)", m)
	}
}

// TestStoriesConverging checks when two open stories merge: both stories
// of headlines, a cosine of MergeThreshold or more, mergeShared key terms
// in common, spans within Window.
func TestStoriesConverging(t *testing.T) {
	plane := map[string]float64{"@mh370": 0.6, "search": 0.5, "@malaysia": 0.5, "plane": 0.3, "ocean": 0.2}
	jet := map[string]float64{"@mh370": 0.5, "jet": 0.5, "@malaysia": 0.5, "search": 0.4, "pilot": 0.3}
	office := map[string]float64{"offic": 0.9, "@peabody": 0.3, "box": 0.3}
	suite := map[string]float64{"offic": 0.9, "@microsoft": 0.3, "suit": 0.3}
	headlines := func(id int64, terms map[string]float64, at time.Time) Story {
		return Story{ID: id, Terms: terms, FirstSeen: at, LastSeen: at, Size: 4, Headlines: 4}
	}

	set := NewStories()
	set.Put(headlines(1, plane, t0))
	set.Put(headlines(2, office, t0))
	if got, ok := set.Converging(headlines(3, jet, t0)); !ok || got.ID != 1 {
		t.Errorf("Converging(jet) = %d, %v; want story 1 (cosine %.2f, key terms @mh370, @malaysia, search)", got.ID, ok, Cosine(plane, jet))
	}
	if got, ok := set.Converging(headlines(4, suite, t0)); ok {
		t.Errorf("Converging(suite) = story %d; want none: cosine %.2f through one word, offic", got.ID, Cosine(office, suite))
	}
	full := headlines(3, jet, t0)
	full.Headlines = 1
	if got, ok := set.Converging(full); ok {
		t.Errorf("a story of full articles converged with story %d; want none", got.ID)
	}
	if got, ok := set.Converging(headlines(3, jet, t0.Add(Window+time.Hour))); ok {
		t.Errorf("a story %v after story 1 converged with story %d; want none", Window+time.Hour, got.ID)
	}
}

// TestCombine checks that two merged stories keep the older id, and add up
// their sizes, spans, languages and centroids.
func TestCombine(t *testing.T) {
	older := Story{ID: 3, Terms: map[string]float64{"a": 1}, FirstSeen: t0, LastSeen: t0.Add(time.Hour), Size: 3, Headlines: 3, Langs: []string{"en"}}
	younger := Story{ID: 8, Terms: map[string]float64{"b": 1}, FirstSeen: t0.Add(-time.Hour), LastSeen: t0, Size: 1, Headlines: 1, Langs: []string{"es"}}
	for _, both := range []Story{Combine(older, younger), Combine(younger, older)} {
		if both.ID != 3 || both.Size != 4 || both.Headlines != 4 {
			t.Errorf("Combine: id %d, size %d, headlines %d; want 3, 4, 4", both.ID, both.Size, both.Headlines)
		}
		if !both.FirstSeen.Equal(t0.Add(-time.Hour)) || !both.LastSeen.Equal(t0.Add(time.Hour)) {
			t.Errorf("Combine: span %v–%v", both.FirstSeen, both.LastSeen)
		}
		if !slices.Equal(both.Langs, []string{"en", "es"}) {
			t.Errorf("Combine: languages %v", both.Langs)
		}
		if math.Abs(both.Terms["a"]-0.75) > 1e-9 || math.Abs(both.Terms["b"]-0.25) > 1e-9 {
			t.Errorf("Combine: centroid %v; want the mean weighted by size, a 0.75 and b 0.25", both.Terms)
		}
	}
	if older.Size != 3 || len(older.Terms) != 1 || len(older.Langs) != 1 {
		t.Errorf("Combine changed its input: %+v", older)
	}
}

// TestStoriesConvergingFullArticles: two stories of full articles about
// one event (same words, names and numbers) merge; a story of another
// event of the same kind does not, though it shares every word.
func TestStoriesConvergingFullArticles(t *testing.T) {
	full := func(id int64, terms map[string]float64) Story {
		return Story{ID: id, Terms: terms, FirstSeen: t0, LastSeen: t0, Size: 3, Langs: []string{"en"}}
	}
	set := NewStories()
	set.Put(full(1, sameKind("@reid", "@promises", "33")))
	other := full(2, sameKind("@lohan", "@betty", "90"))
	if c := Cosine(other.Terms, sameKind("@reid", "@promises", "33")); c < fullMergeFloor {
		t.Fatalf("test vectors: plain cosine %.3f below fullMergeFloor already", c)
	}
	if got, ok := set.Converging(other); ok {
		t.Errorf("another event of the same kind converged with story %d", got.ID)
	}
	if got, ok := set.Converging(full(3, sameKind("@reid", "@promises", "33", "@malibu"))); !ok || got.ID != 1 {
		t.Errorf("Converging = %d, %v; want story 1, the same event", got.ID, ok)
	}
}

func TestSortHeaviestFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 1))
	for n := range 300 {
		ps := make([]rank, n)
		for i := range ps {
			ps[i].w = float64(r.IntN(max(1, n/3))) // with ties
		}
		want := slices.Clone(ps)
		slices.SortFunc(want, func(a, b rank) int { return cmp.Compare(b.w, a.w) })
		sortHeaviestFirst(ps)
		for i := range ps {
			if ps[i].w != want[i].w {
				t.Fatalf("n=%d: position %d weighs %v, want %v", n, i, ps[i].w, want[i].w)
			}
		}
	}
}

// TestSpecific: a headline alone's term held by many open stories weighs
// less after Specific than one held by a single story; the vector keeps
// unit length; a full article's vector is left as it is.
func TestSpecific(t *testing.T) {
	s := NewStories()
	for i := range 20 {
		s.Put(Story{ID: int64(i + 1), Terms: map[string]float64{"price": 0.6, fmt.Sprintf("topic%d", i): 0.8}, LastSeen: t0, Size: 1, Headlines: 1})
	}
	s.Put(Story{ID: 21, Terms: map[string]float64{"netflix": 0.6, "price": 0.8}, LastSeen: t0, Size: 1, Headlines: 1})
	v := map[string]float64{"netflix": 0.6, "price": 0.6, "rais": 0.6}
	w := s.Specific(v)
	if !(w["netflix"] > w["price"]) || !(w["rais"] > w["netflix"]) {
		t.Errorf("Specific(%v) = %v: want rais (no story) > netflix (one story) > price (21 stories)", v, w)
	}
	if n := norm(w); math.Abs(n-1) > 1e-9 {
		t.Errorf("norm %.6f, want 1", n)
	}
	full := map[string]float64{}
	for i := range fullLength - 1 {
		full[fmt.Sprintf("term%d", i)] = 1 / math.Sqrt(fullLength)
	}
	full["price"] = 1 / math.Sqrt(fullLength)
	if got := s.Specific(full); !maps.Equal(got, full) {
		t.Errorf("a full article's vector changed")
	}
}
