package jobs

import (
	"testing"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// Two earthquakes, three full reports each, told alike but for where,
// when and how strong.
var (
	quakeHaiti = []report{
		{"en", "Earthquake of magnitude 7.0 devastates Haiti", "The earthquake struck 25 kilometres west of Port-au-Prince on 12 January; President René Préval said the national palace had collapsed and that thousands were feared dead in the capital and in Léogâne."},
		{"en", "Haiti counts its dead after the 7.0 earthquake", "Rescue teams searched the rubble of Port-au-Prince and Léogâne after the magnitude 7.0 earthquake of 12 January, as Préval asked for water, doctors and field hospitals for the capital."},
		{"en", "Haiti earthquake toll passes 100,000", "Officials in Port-au-Prince said more than 100,000 people died in the magnitude 7.0 earthquake of 12 January; Préval said Léogâne, near the epicentre, was almost entirely destroyed."},
	}
	quakeChile = []report{
		{"en", "Earthquake of magnitude 8.8 strikes Chile", "The earthquake struck off the coast of Maule on 27 February; President Michelle Bachelet declared a state of catastrophe in Concepción and said hundreds were feared dead along the coast and in Talcahuano."},
		{"en", "Chile counts its dead after the 8.8 earthquake", "Rescue teams searched the ruins of Concepción and Talcahuano after the magnitude 8.8 earthquake of 27 February, as Bachelet sent the navy and 10,000 troops to the coast of Maule."},
		{"en", "Chile earthquake toll rises to 795", "Officials in Santiago said 795 people died in the magnitude 8.8 earthquake of 27 February and the tsunami that followed; Bachelet said Concepción and Talcahuano would be rebuilt."},
	}
)

// TestSplitApart puts the two earthquakes' reports in one story, as one
// wrong early join would, and checks that the pipeline splits it: the
// part with the first report keeps the story's id, the other earthquake's
// reports move to a new story, both are counted from their articles; and
// that a story with a draft is left whole.
func TestSplitApart(t *testing.T) {
	for _, drafted := range []bool{false, true} {
		name := map[bool]string{false: "no draft", true: "drafted"}[drafted]
		t.Run(name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				h := newHarness(t, s, testConfig())
				reps := append(background[:len(background):len(background)], quakeHaiti[0], quakeChile[0], quakeHaiti[1], quakeChile[1], quakeHaiti[2], quakeChile[2])
				all := h.addReports(reps...)
				ids := all[len(background):]
				ix := h.p.clusterIndex(h.ctx)
				if err := h.p.open.ensure(h.ctx, h.s); err != nil {
					t.Fatal(err)
				}
				var sid int64
				var got split
				var ok bool
				err := h.s.Update(h.ctx, func(tx *store.Tx) error {
					for _, id := range all {
						ix.Add(docOf(h.article(id)))
					}
					var err error
					first := h.article(ids[0])
					if sid, err = tx.SaveStory(h.ctx, beatdesk.Story{Title: first.Title, FirstSeen: first.Published, LastSeen: first.Published, Articles: len(ids)}); err != nil {
						return err
					}
					for _, id := range ids {
						if err := tx.SetArticleStory(h.ctx, id, sid); err != nil {
							return err
						}
					}
					if drafted {
						if _, err := tx.AddDraft(h.ctx, draftFor(sid), store.ActorSystem); err != nil {
							return err
						}
					}
					st, tally, _, err := tx.StoryForUpdate(h.ctx, sid)
					if err != nil {
						return err
					}
					var arts []beatdesk.Article
					var ms []cluster.Member
					for _, id := range ids {
						a := h.article(id)
						arts = append(arts, a)
						ms = append(ms, cluster.Member{V: ix.Vector(docOf(a)), At: publishedOrFetched(a), Lang: a.Lang})
					}
					st, _ = h.p.recount(st, arts, cluster.Regrow(sid, ms))
					if err := tx.UpdateStory(h.ctx, st, tally, len(ids)); err != nil {
						return err
					}
					got, ok, err = h.p.splitApart(h.ctx, tx, ix, st)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if drafted {
					if ok {
						t.Fatal("a story with a draft was split")
					}
					return
				}
				if !ok {
					t.Fatal("a story of two earthquakes was not split")
				}
				if got.keep.ID != sid || got.apart.ID == 0 || got.apart.ID == sid {
					t.Fatalf("split into stories %d and %d, want %d kept and a new one", got.keep.ID, got.apart.ID, sid)
				}
				for i, id := range ids {
					want := sid // Haiti: the first report's part
					if i%2 == 1 {
						want = got.apart.ID
					}
					if a := h.article(id); a.StoryID != want {
						t.Errorf("report %d (%s) in story %d, want %d", i, []string{"Haiti", "Chile"}[i%2], a.StoryID, want)
					}
				}
				for _, st := range []beatdesk.Story{h.story(sid), h.story(got.apart.ID)} {
					if st.Articles != 3 || st.Title == "" || len(st.Terms) == 0 {
						t.Errorf("story %d after the split: %d articles, title %q, %d terms; want 3, a title, a centroid", st.ID, st.Articles, st.Title, len(st.Terms))
					}
				}
			})
		})
	}
}
