package jobs

import (
	"errors"
	"testing"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestAbsorbLone puts four reports of the Chile earthquake in one story
// and three lone reports in stories of their own: one of the same
// earthquake, one of the same earthquake whose story has a draft, and one
// of the Haiti earthquake. The pipeline's story draws in the first only:
// its story is merged away and the story recounted.
func TestAbsorbLone(t *testing.T) {
	chileMore := report{"en", "Troops patrol Concepción after the earthquake", "Bachelet sent 10,000 troops to Concepción and Talcahuano on 1 March, four days after the magnitude 8.8 earthquake of 27 February off Maule, as shops were looted and a curfew was declared along the coast."}
	chileLone := report{"en", "Chileans sleep outdoors after the 8.8 earthquake", "Fearing aftershocks, families in Concepción and Talcahuano slept in tents after the magnitude 8.8 earthquake of 27 February off Maule; Bachelet promised aid and said the coast would be rebuilt."}
	chileDrafted := report{"en", "Bachelet tours Talcahuano after the earthquake", "Michelle Bachelet toured the port of Talcahuano and Concepción after the magnitude 8.8 earthquake of 27 February off Maule and promised that the coast would be rebuilt; rescue teams searched the ruins."}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		reps := append(background[:len(background):len(background)], quakeChile[0], quakeChile[1], quakeChile[2], chileMore, chileLone, chileDrafted, quakeHaiti[1])
		all := h.addReports(reps...)
		ids := all[len(background):]
		ix := h.p.clusterIndex(h.ctx)
		if err := h.p.open.ensure(h.ctx, h.s); err != nil {
			t.Fatal(err)
		}
		vector := func(id int64) (beatdesk.Article, cluster.Member) {
			a := h.article(id)
			return a, cluster.Member{V: ix.Vector(docOf(a)), At: publishedOrFetched(a), Lang: a.Lang}
		}
		for _, id := range all {
			ix.Add(docOf(h.article(id)))
		}
		var story int64
		lone := map[string]int64{} // lone report → its story
		var after beatdesk.Story
		var gone []int64
		err := h.s.Update(h.ctx, func(tx *store.Tx) error {
			// A story of ids[:4] and one story each for ids[4:].
			save := func(ids []int64) (int64, error) {
				var arts []beatdesk.Article
				var ms []cluster.Member
				for _, id := range ids {
					a, m := vector(id)
					arts, ms = append(arts, a), append(ms, m)
				}
				st, tally := h.p.recount(beatdesk.Story{}, arts, cluster.Regrow(0, ms))
				sid, err := tx.AddStory(h.ctx, st, tally)
				if err != nil {
					return 0, err
				}
				for _, id := range ids {
					if err := tx.SetArticleStory(h.ctx, id, sid); err != nil {
						return 0, err
					}
				}
				st.ID = sid
				h.p.open.set.Put(clusterStory(st))
				return sid, nil
			}
			var err error
			if story, err = save(ids[:4]); err != nil {
				return err
			}
			for i, name := range []string{"chile", "drafted", "haiti"} {
				if lone[name], err = save(ids[4+i : 5+i]); err != nil {
					return err
				}
			}
			if _, err := tx.AddDraft(h.ctx, draftFor(lone["drafted"]), store.ActorSystem); err != nil {
				return err
			}
			st, _, _, err := tx.StoryForUpdate(h.ctx, story)
			if err != nil {
				return err
			}
			mem, _ := h.p.open.set.Get(story)
			st.Terms = mem.Terms // as clusterIn has it: the stored story comes without its centroid
			after, gone, err = h.p.absorbLone(h.ctx, tx, st)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(gone) != 1 || gone[0] != lone["chile"] {
			t.Fatalf("stories merged in: %v, want only the lone Chile report's %d (drafted %d, Haiti %d)", gone, lone["chile"], lone["drafted"], lone["haiti"])
		}
		if a := h.article(ids[4]); a.StoryID != story {
			t.Errorf("the lone Chile report is in story %d, want %d", a.StoryID, story)
		}
		err = h.s.View(h.ctx, func(tx *store.Tx) error { _, err := tx.Story(h.ctx, lone["chile"]); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("the lone report's story, merged away, is still stored (err %v)", err)
		}
		for _, name := range []string{"drafted", "haiti"} {
			if got := h.story(lone[name]); got.Articles != 1 {
				t.Errorf("the %s lone story has %d articles, want its 1", name, got.Articles)
			}
		}
		if st := h.story(story); st.Articles != 5 || after.Articles != 5 {
			t.Errorf("the story has %d articles stored, %d returned; want 5", st.Articles, after.Articles)
		}
		if _, held := h.p.open.set.Get(lone["chile"]); held {
			t.Errorf("the merged-away story %d is still held in memory", lone["chile"])
		}
	})
}
