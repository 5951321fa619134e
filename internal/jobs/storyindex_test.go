package jobs

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/analyze/score"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// fromArticles describes a story the slow way, as Cluster once did for
// every article: from all its articles, their text read together.
func (h *harness) fromArticles(storyID int64) beatdesk.Story {
	h.t.Helper()
	var arts []beatdesk.Article
	if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { arts, err = tx.StoryArticles(h.ctx, storyID); return err }); err != nil {
		h.t.Fatal(err)
	}
	st := beatdesk.Story{ID: storyID, Articles: len(arts)}
	outlets, langs := map[int64]bool{}, map[string]bool{}
	var text strings.Builder
	for _, a := range arts {
		outlets[a.SourceID] = true
		if a.Lang != "" {
			langs[a.Lang] = true
		}
		text.WriteString(a.Title + "\n" + a.Text + "\n\n")
	}
	st.Outlets, st.Languages = len(outlets), slices.Sorted(maps.Keys(langs))
	for _, a := range arts {
		if a.Lang == h.p.cfg.SiteLang && a.Title != "" {
			st.Title = a.Title
			break
		}
	}
	if st.Title == "" {
		st.Title = arts[0].Title
	}
	mentions := entity.Find(text.String())
	countries, regions := map[string]int{}, map[string]int{}
	for _, m := range mentions {
		countries[m.Place.Country] += m.Count
		regions[m.Place.Region] += m.Count
	}
	st.Countries, st.Region = topKeys(countries, 5), "world"
	if r := topKeys(regions, 1); len(r) == 1 {
		st.Region = r[0]
	}
	if routes := score.RouteStory(h.p.personas, score.Signals{Title: st.Title, Text: text.String(), Langs: st.Languages,
		Outlets: st.Outlets, Articles: st.Articles, Mentions: mentions}); len(routes) > 0 {
		st.PersonaSlug = routes[0].PersonaSlug
	}
	return st
}

// checkDescribed compares every story the articles are in with its
// description from all its articles: the counts must be equal; the
// places, title and correspondent must be, on the demo corpus, although
// Cluster reads each article once and routes on the start of the text.
func (h *harness) checkDescribed(arts []int64) {
	h.t.Helper()
	seen := map[int64]bool{}
	for _, id := range arts {
		sid := h.article(id).StoryID
		if sid == 0 || seen[sid] {
			continue
		}
		seen[sid] = true
		got, want := h.story(sid), h.fromArticles(sid)
		if got.Articles != want.Articles || got.Outlets != want.Outlets || !slices.Equal(got.Languages, want.Languages) {
			h.t.Errorf("story %d: %d articles, %d outlets, languages %v; its articles give %d, %d, %v",
				sid, got.Articles, got.Outlets, got.Languages, want.Articles, want.Outlets, want.Languages)
		}
		if got.Title != want.Title || got.Region != want.Region || !slices.Equal(got.Countries, want.Countries) || got.PersonaSlug != want.PersonaSlug {
			h.t.Errorf("story %d: title %q, region %s, countries %v, correspondent %q; from its articles %q, %s, %v, %q",
				sid, got.Title, got.Region, got.Countries, got.PersonaSlug, want.Title, want.Region, want.Countries, want.PersonaSlug)
		}
	}
	if len(seen) == 0 {
		h.t.Fatal("no story to check")
	}
}

// grouping is which articles share a story, by URL: comparable between
// two databases whose ids differ.
func (h *harness) grouping(arts []int64) map[string]string {
	h.t.Helper()
	first := map[int64]string{} // story → URL of its first article here
	out := map[string]string{}
	for _, id := range arts {
		a := h.article(id)
		if _, ok := first[a.StoryID]; !ok {
			first[a.StoryID] = a.URL
		}
		out[a.URL] = first[a.StoryID]
	}
	return out
}

// restart forgets what the pipeline holds in memory, as a new process
// would start.
func (h *harness) restart() {
	h.p.open = openStories{}
	h.p.index, h.p.warmOnce = cluster.NewIndex(), sync.Once{}
}

// TestClusterTallies checks that the stories Cluster builds one article at
// a time are the stories their articles describe when read together.
func TestClusterTallies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		h.checkDescribed(newsroom(t, h, newWorld(t), nil))
	})
}

// TestClusterRestart clusters half the demo corpus, restarts the pipeline
// with the stories' tallies wiped, as a database from before tallies were
// kept would have them, and clusters the rest. The articles must be
// grouped as in one uninterrupted run, and every story described as its
// articles describe it.
func TestClusterRestart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		one := newHarness(t, storetest.Open(t, s.Engine()), testConfig())
		whole := one.grouping(newsroom(t, one, w, nil))

		h := newHarness(t, s, testConfig())
		n := 0
		arts := newsroom(t, h, w, func(int64) {
			if n++; n == len(w.articles)/2 {
				if _, err := s.DB().ExecContext(h.ctx, `UPDATE stories SET tally = ''`); err != nil {
					t.Fatal(err)
				}
				h.restart()
			}
		})
		if got := h.grouping(arts); !maps.Equal(got, whole) {
			t.Errorf("after a restart the articles are grouped otherwise than in one run")
		}
		h.checkDescribed(arts)
	})
}

// TestClusterStaleMemory changes a story in the store behind the
// clusterer's back; the next article for it must still leave the story's
// count one above what the store held.
func TestClusterStaleMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		h := newHarness(t, s, testConfig())
		var target int64
		var before int
		newsroom(t, h, w, func(id int64) {
			sid := h.article(id).StoryID
			switch {
			case target == 0 && h.story(sid).Articles == 2:
				target = sid
				if _, err := s.DB().ExecContext(h.ctx, `UPDATE stories SET articles = 7 WHERE id = $1`, sid); err != nil {
					t.Fatal(err)
				}
				before = 7
			case sid == target && before == 7:
				if got := h.story(sid).Articles; got != 8 {
					t.Errorf("story %d had 7 articles in the store and gained one; it counts %d", sid, got)
				}
				before = 0
			}
		})
		if target == 0 || before != 0 {
			t.Fatalf("no story grew after its count was changed (story %d)", target)
		}
	})
}

// TestOpenStoriesRefresh checks what Cluster does after a failed write:
// the stories it touched are read again into memory, a story that is gone
// is forgotten, and when the store cannot be read the memory is dropped to
// be loaded afresh.
func TestOpenStoriesRefresh(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		arts := newsroom(t, h, newWorld(t, "el-vigia", "meridian-herald"), nil)
		o := &h.p.open
		sid := h.article(arts[0]).StoryID
		o.set.Put(cluster.Story{ID: sid, Terms: map[string]float64{"stale": 1}, Size: 99})
		o.set.Put(cluster.Story{ID: 424242, Terms: map[string]float64{"gone": 1}, Size: 1})
		o.refresh(h.ctx, s, sid, 424242)
		got, _ := o.set.Get(sid)
		if want := h.story(sid); got.Size != want.Articles || !maps.Equal(got.Terms, want.Terms) {
			t.Errorf("after refresh story %d holds %d articles and %d terms; the store has %d and %d", sid, got.Size, len(got.Terms), want.Articles, len(want.Terms))
		}
		if _, ok := o.set.Get(424242); ok {
			t.Error("a story missing from the store is still held after refresh")
		}

		broken := storetest.Open(t, s.Engine())
		broken.Close()
		o.refresh(h.ctx, broken, sid)
		if o.set != nil {
			t.Fatal("memory kept after the store could not be read")
		}
		if err := o.ensure(h.ctx, s); err != nil || o.set.Len() != len(h.ids(`SELECT id FROM stories`)) {
			t.Errorf("reload: %v; %d stories held", err, o.set.Len())
		}
	})
}
