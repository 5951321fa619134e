package cluster

import (
	"fmt"
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
	set.Put(Story{ID: 2, Terms: map[string]float64{"strike": 1}, LastSeen: t0, Size: 1})
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
	quake := map[string]float64{"earthquak": 1}
	for i := range 3000 {
		set.Put(Story{ID: int64(i + 1), Terms: map[string]float64{fmt.Sprintf("@port%d", i): 1}, LastSeen: t0, Size: 1})
	}
	set.Put(Story{ID: 5000, Terms: quake, LastSeen: t0, Size: 1})
	if m := set.Assign(at, quake); m.StoryID != 5000 {
		t.Fatalf("Assign = %+v, want 5000", m)
	}
	// Moving every story to new terms leaves 3,001 stale postings, more
	// than the current ones: the set compacts.
	for i := range 3000 {
		set.Put(Story{ID: int64(i + 1), Terms: map[string]float64{fmt.Sprintf("@harbour%d", i): 1}, LastSeen: t0, Size: 2})
	}
	set.Put(Story{ID: 5000, Terms: map[string]float64{"flood": 1}, LastSeen: t0, Size: 2})
	if m := set.Assign(at, quake); m.StoryID != 0 {
		t.Errorf("Assign by the old centroid = %+v, want a new story", m)
	}
	if m := set.Assign(at, map[string]float64{"@harbour17": 1}); m.StoryID != 18 {
		t.Errorf("Assign by the new centroid = %+v, want story 18", m)
	}
	if set.stale >= set.live {
		t.Errorf("%d stale postings for %d current: not compacted", set.stale, set.live)
	}
	set.Remove(18)
	if m := set.Assign(at, map[string]float64{"@harbour17": 1}); m.StoryID != 0 {
		t.Errorf("Assign after Remove = %+v, want a new story", m)
	}
	if _, ok := set.Get(18); ok || set.Len() != 3000 {
		t.Errorf("after Remove: Get(18) found it or Len %d, want 3000", set.Len())
	}
}

// TestStoriesLooksUpEnoughTerms checks that a story sharing only the
// article's third-heaviest term is still found when that term alone
// reaches Threshold.
func TestStoriesLooksUpEnoughTerms(t *testing.T) {
	v := map[string]float64{"strike": 0.6, "dock": 0.56, "wage": 0.57} // about unit length
	set := NewStories()
	set.Put(Story{ID: 4, Terms: map[string]float64{"dock": 1}, LastSeen: t0, Size: 1})
	if m := set.Assign(Doc{Lang: "en", Published: t0}, v); m.StoryID != 4 {
		t.Errorf("Assign = %+v, want story 4 (cosine 0.56 through its one term)", m)
	}
}
