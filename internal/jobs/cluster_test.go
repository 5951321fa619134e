package jobs

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// newsroom polls every outlet of the world, fetches every item and
// clusters each article as soon as it is fetched, the way the pipeline's
// workers keep up with one another, calling each after every Cluster. It
// returns the articles' ids in the order they were clustered.
func newsroom(t *testing.T, h *harness, w *world, each func(articleID int64)) []int64 {
	t.Helper()
	for _, o := range w.outlets {
		h.poll(h.addSource(w.source(o)).ID)
	}
	var arts []int64
	for _, id := range h.jobArgs("fetch", "item_id") {
		h.fetchItem(id)
		for _, j := range h.jobs("cluster")[len(arts):] {
			id := j.Args["article_id"]
			if err := h.p.Cluster(h.ctx, id); err != nil {
				t.Fatalf("Cluster(%d): %v", id, err)
			}
			arts = append(arts, id)
			if each != nil {
				each(id)
			}
		}
	}
	if len(arts) != len(w.articles) {
		t.Fatalf("%d articles clustered for %d corpus articles", len(arts), len(w.articles))
	}
	return arts
}

// snapshot is what clustering leaves behind, to compare two moments.
type snapshot struct {
	Stories  map[int64]beatdesk.Story
	StoryOf  map[int64]int64 // article → story
	WriteFor []int64         // stories with a write job
}

func (h *harness) snapshot(arts []int64) snapshot {
	h.t.Helper()
	sn := snapshot{Stories: map[int64]beatdesk.Story{}, StoryOf: map[int64]int64{}}
	for _, id := range arts {
		a := h.article(id)
		sn.StoryOf[id] = a.StoryID
		if a.StoryID != 0 {
			sn.Stories[a.StoryID] = h.story(a.StoryID)
		}
	}
	sn.WriteFor = h.jobArgs("write", "story_id")
	return sn
}

// TestCluster clusters the whole demo corpus, one article at a time as
// the cluster queue does, and checks each step's contract: every article
// joins a story; a story's counts match its articles; a story gets its one
// write job when, and only when, it has enough articles and outlets and a
// correspondent; running an article again changes nothing. It also checks
// that the articles of each demo story end up in one story: with
// Apertium translating Spanish titles and leads, as beatdesk does by
// default where it is installed, every story told in several languages is
// one story; without it (outside CI only) at least 90% are.
func TestCluster(t *testing.T) {
	engine, missing := spanishEnglish(t)
	if engine == nil {
		t.Logf("clustering on original text only: %s", missing)
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		tc := testConfig()
		if engine != nil {
			tc.Translator, tc.TranslateTitles = engine, true
		}
		h := newHarness(t, s, tc)
		cfg := h.p.cfg
		n := 0
		arts := newsroom(t, h, w, func(id int64) {
			n++
			a := h.article(id)
			if a.StoryID == 0 || a.ClusteredAt.IsZero() {
				t.Fatalf("article %d not placed in a story", id)
			}
			st := h.story(a.StoryID)
			ready := st.PersonaSlug != "" && st.Articles >= cfg.MinArticles && st.Outlets >= cfg.MinOutlets
			writes := 0
			for _, j := range h.jobs("write") {
				if j.Args["story_id"] == st.ID {
					writes++
					if j.State != "scheduled" {
						t.Errorf("write job %d is %s, want scheduled after the write delay", j.ID, j.State)
					}
				}
			}
			if want := map[bool]int{true: 1, false: 0}[ready]; writes != want {
				t.Fatalf("after article %d of %d: story %d (%d articles, %d outlets, persona %q) has %d write jobs, want %d",
					n, len(w.articles), st.ID, st.Articles, st.Outlets, st.PersonaSlug, writes, want)
			}
		})

		before := h.snapshot(arts)
		for _, st := range before.Stories {
			members := 0
			outlets, langs := map[int64]bool{}, map[string]bool{}
			for id, sid := range before.StoryOf {
				if sid != st.ID {
					continue
				}
				a := h.article(id)
				members++
				outlets[a.SourceID] = true
				langs[a.Lang] = true
			}
			if st.Articles != members || st.Outlets != len(outlets) || !slices.Equal(st.Languages, slices.Sorted(maps.Keys(langs))) {
				t.Errorf("story %d %q: counts %d articles, %d outlets, languages %v; its articles give %d, %d, %v",
					st.ID, st.Title, st.Articles, st.Outlets, st.Languages, members, len(outlets), slices.Sorted(maps.Keys(langs)))
			}
			if st.Title == "" || st.Region == "" || st.FirstSeen.IsZero() || st.LastSeen.Before(st.FirstSeen) || len(st.Terms) == 0 {
				t.Errorf("story %d is not described: %+v", st.ID, st)
			}
		}
		if len(before.WriteFor) == 0 {
			t.Fatal("no story of the demo corpus was ready to write")
		}

		// The corpus's ground truth: no story mixes two demo stories, a demo
		// story's articles in one language always share a story, and across
		// languages all do when titles are translated. (Untranslated, a
		// follow-up that shares few names and numbers with the first reports
		// in another language can fall just short of the clusterer's
		// cross-language rule.)
		demoOf := map[int64]map[string]bool{}    // story → demo stories in it
		storiesOf := map[string]map[int64]bool{} // demo story → stories
		byLang := map[[2]string]map[int64]bool{} // demo story, language → stories
		langsOf := map[string]map[string]bool{}  // demo story → languages
		for id, sid := range before.StoryOf {
			a := h.article(id)
			d := w.articleAt(t, a.URL).Story
			add(demoOf, sid, d)
			add(storiesOf, d, sid)
			add(byLang, [2]string{d, a.Lang}, sid)
			add(langsOf, d, a.Lang)
		}
		for sid, ds := range demoOf {
			if len(ds) != 1 {
				t.Errorf("story %d %q mixes demo stories %v", sid, before.Stories[sid].Title, slices.Sorted(maps.Keys(ds)))
			}
		}
		for k, sids := range byLang {
			if len(sids) != 1 {
				t.Errorf("demo story %s: its %s articles were split into stories %v", k[0], k[1], slices.Sorted(maps.Keys(sids)))
			}
		}
		multilingual, whole := 0, 0
		for d, sids := range storiesOf {
			if len(langsOf[d]) < 2 {
				continue
			}
			multilingual++
			if len(sids) == 1 {
				whole++
			} else {
				t.Logf("demo story %s (languages %v) is told in stories %v", d, slices.Sorted(maps.Keys(langsOf[d])), slices.Sorted(maps.Keys(sids)))
			}
		}
		switch {
		case engine != nil && whole < multilingual:
			t.Errorf("with titles translated, only %d of %d demo stories told in several languages were gathered into one story, want all", whole, multilingual)
		case whole*10 < multilingual*9:
			t.Errorf("only %d of %d demo stories told in several languages were gathered into one story, want 90%%", whole, multilingual)
		}
		t.Logf("%d articles, %d demo stories (%d multilingual, %d of them whole), %d stories, %d ready to write",
			len(arts), len(storiesOf), multilingual, whole, len(before.Stories), len(before.WriteFor))

		// A second run for an article (a retried job) changes nothing.
		for _, id := range []int64{arts[0], arts[len(arts)/2], arts[len(arts)-1]} {
			if err := h.p.Cluster(h.ctx, id); err != nil {
				t.Fatalf("second Cluster(%d): %v", id, err)
			}
		}
		if after := h.snapshot(arts); !reflect.DeepEqual(before, after) {
			t.Errorf("clustering articles again changed the stories or jobs")
		}
		if err := h.p.Cluster(h.ctx, 999999); err != nil {
			t.Errorf("Cluster of a missing article: %v, want nil", err)
		}
	})
}

// add puts v in the set m[k].
func add[K, V comparable](m map[K]map[V]bool, k K, v V) {
	if m[k] == nil {
		m[k] = map[V]bool{}
	}
	m[k][v] = true
}
