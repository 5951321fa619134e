package jobs

import (
	"errors"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// Two reports of one port strike that share hardly a name: one from the
// quay, one from the shipping lines. A roundup that tells both joins the
// first, whose story then meets the second's.
var (
	strikeQuay = report{"en", "Rotterdam dockworkers walk out over automation",
		"Dockworkers at the port of Rotterdam began a 48-hour strike on Tuesday. The FNV union said 1,200 members stopped work " +
			"after talks on automated cranes failed. Union leader Niek Stam said the terminals had refused to guarantee jobs."}
	strikeShipping = report{"en", "Container lines divert ships to Antwerp and Hamburg",
		"Maersk and MSC sent container ships to Antwerp and Hamburg instead, and 40 vessels waited at anchor in the North Sea. " +
			"Shipping analysts at Drewry expect delays of a week for cargo bound for Germany."}
	strikeRoundup = report{"en", "Rotterdam dockworkers walk out over automation; Maersk and MSC divert ships to Antwerp and Hamburg",
		strikeQuay.text + " The FNV union and Niek Stam said the 1,200 dockworkers of Rotterdam would stay out for 48 hours. " + strikeShipping.text}
	strikeRoundup2 = report{"en", "Ships wait off Antwerp and Hamburg as Rotterdam dockworkers strike",
		"Maersk and MSC sent container ships to Antwerp and Hamburg while 1,200 Rotterdam dockworkers of the FNV union were on a 48-hour strike over automated cranes. " +
			"Niek Stam said the union would not back down; Drewry said 40 vessels waited in the North Sea and cargo bound for Germany would be a week late."}
	strikeLater = report{"en", "Maersk and MSC ships wait off Antwerp and Hamburg",
		"More container ships bound for Rotterdam waited at anchor in the North Sea, Maersk and MSC said; Drewry expects delays of a week for cargo bound for Germany."}
)

// TestClusterMergesConvergingStories checks that the pipeline merges two
// stories once an article makes them alike, as the Clusterer does: the
// older story keeps its id and gains the other's articles, the other is
// gone from the store and from memory (a later article of it goes to the
// survivor), and the survivor is counted again from its articles.
func TestClusterMergesConvergingStories(t *testing.T) {
	for _, drafted := range []bool{false, true} {
		name := map[bool]string{false: "no draft", true: "younger story drafted"}[drafted]
		t.Run(name, func(t *testing.T) { testMerge(t, drafted) })
	}
}

// testMerge runs the strike's reports through the pipeline; with
// drafted, the younger story has a draft before the roundups come, so
// it is the one that survives: a story on the desk keeps its identity.
func testMerge(t *testing.T, drafted bool) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		cluster := func(ids ...int64) {
			t.Helper()
			for _, id := range ids {
				if err := h.p.Cluster(h.ctx, id); err != nil {
					t.Fatalf("Cluster(%d): %v", id, err)
				}
			}
		}
		all := h.addReports(append(background[:len(background):len(background)], strikeQuay, strikeShipping, strikeRoundup, strikeRoundup2, strikeLater)...)
		ids := all[len(background):]
		cluster(all[:len(background)]...)
		cluster(ids[0], ids[1])
		keep, gone := h.article(ids[0]).StoryID, h.article(ids[1]).StoryID
		if keep == gone {
			t.Fatalf("the quay's and the shipping lines' reports started one story %d: the test needs two", keep)
		}
		if drafted {
			err := h.s.Update(h.ctx, func(tx *store.Tx) error {
				_, err := tx.AddDraft(h.ctx, draftFor(gone), store.ActorSystem)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			keep, gone = gone, keep
		}
		cluster(ids[2:]...)
		for i, id := range ids {
			if got := h.article(id).StoryID; got != keep {
				t.Errorf("report %d is in story %d, want story %d", i, got, keep)
			}
		}
		err := h.s.View(h.ctx, func(tx *store.Tx) error { _, err := tx.Story(h.ctx, gone); return err })
		if !errors.Is(err, beatdesk.ErrNotFound) {
			t.Errorf("story %d, merged away, is still stored (err %v)", gone, err)
		}
		var devs []store.Development
		if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { devs, err = tx.StoryDevelopments(h.ctx, gone); return err }); err != nil || len(devs) != 0 {
			t.Errorf("developments of the merged-away story: %d (err %v), want none", len(devs), err)
		}
		st := h.story(keep)
		if st.Articles != len(ids) || st.Outlets != 1 || st.Title == "" || len(st.Terms) == 0 {
			t.Errorf("merged story: %d articles, %d outlets, title %q, %d terms; want %d, 1, a title, a centroid",
				st.Articles, st.Outlets, st.Title, len(st.Terms), len(ids))
		}
	})
}

// draftFor returns a valid draft of the story, as a correspondent's would
// be, to put a story on the desk.
func draftFor(storyID int64) beatdesk.Draft {
	return beatdesk.Draft{StoryID: storyID, PersonaSlug: "p", Writer: "extractive", Headline: "H", Dek: "D [1].",
		Region: "europe", Sections: []beatdesk.Section{{Title: "T", Paragraphs: []string{"P [1]."}}},
		Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "P."}}}
}
