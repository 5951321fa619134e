package jobs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/analyze/score"
	"beatdesk/internal/demo"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// correspondentFor is who should get each demo story: the correspondent
// of the region the corpus labels it with, or, for the stories listed in
// onTheme, the thematic correspondent whose subject it is. The test checks
// the table against the labels first, so it cannot drift from them.
var correspondentFor = map[string][]string{
	"mx-fresnillo-police":         {"valeria-montes"},
	"co-cauca-ceasefire":          {"valeria-montes"},
	"ec-guayaquil-port-strike":    {"valeria-montes"},
	"br-amazon-oil-auction":       {"ingrid-solberg"},
	"ke-mombasa-port-strike":      {"amara-diallo"},
	"sn-pirogue-el-hierro":        {"amara-diallo"},
	"us-border-court-bill":        {"daniel-whitford"},
	"us-states-education-lawsuit": {"daniel-whitford"},
	"eu-baltic-cable":             {"katrin-lindqvist"},
	"de-military-service":         {"katrin-lindqvist"},
	"ye-prisoner-exchange":        {"samir-haddad"},
	"eg-suez-revenue":             {"samir-haddad"},
	"cn-huaxin-default":           {"hana-liu"},
	"bd-garment-wages":            {"priya-raman"},
	"cl-copper-record":            {"ingrid-solberg", "julian-marsh"}, // labelled "world": either thematic correspondent
}

// onTheme are the demo stories in a region that belong to a thematic
// correspondent all the same, and why.
var onTheme = map[string]string{
	"br-amazon-oil-auction": "an oil auction is energy first, wherever the blocks lie",
}

var developmentReasons = regexp.MustCompile(`^(new story|crossed the desk's threshold|story jumps): \d+ independent sources? in \d+ languages?( from \d+ countries)?( \(\d+ outlets counting copies\))? in \d+ hours?\b`)

// TestDevelopmentsReachCorrespondents runs the demo corpus through the
// pipeline and checks that every demo story becomes a development on the
// desk, with reasons an editor reads, routed to the right correspondent
// with the router's reasons, and that a development says what became of
// its draft.
func TestDevelopmentsReachCorrespondents(t *testing.T) {
	stories, err := demo.Stories()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stories {
		want := correspondentFor[s.ID]
		if len(want) == 0 {
			t.Fatalf("demo story %s has no correspondent in the test's table", s.ID)
		}
		for _, slug := range want {
			p, ok := persona.BySlug(persona.Default(), slug)
			if !ok {
				t.Fatalf("demo story %s: no correspondent %s", s.ID, slug)
			}
			covers := slices.Contains(p.Regions, s.Region)
			if thematic := slices.Equal(p.Regions, []string{"world"}); !covers && !(thematic && onTheme[s.ID] != "") {
				t.Errorf("the table gives demo story %s (labelled %s) to %s, who covers %v", s.ID, s.Region, slug, p.Regions)
			}
		}
	}

	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t)
		h := newHarness(t, s, testConfig())
		arts := newsroom(t, h, w, nil)

		// The story holding most of each demo story's articles.
		count := map[string]map[int64]int{}
		for _, id := range arts {
			a := h.article(id)
			d := w.articleAt(t, a.URL).Story
			if count[d] == nil {
				count[d] = map[int64]int{}
			}
			count[d][a.StoryID]++
		}
		for _, ds := range stories {
			var main int64
			for sid, n := range count[ds.ID] {
				if main == 0 || n > count[ds.ID][main] {
					main = sid
				}
			}
			var devs []store.Development
			err := s.View(h.ctx, func(tx *store.Tx) (err error) { devs, err = tx.StoryDevelopments(h.ctx, main); return err })
			if err != nil {
				t.Fatal(err)
			}
			if len(devs) != 1 {
				t.Errorf("demo story %s (story %d, %d articles): %d developments on the desk, want 1", ds.ID, main, count[ds.ID][main], len(devs))
				continue
			}
			d := devs[0]
			if !slices.Contains(correspondentFor[ds.ID], d.PersonaSlug) || d.RoutedTo != d.PersonaSlug {
				t.Errorf("demo story %s went to %q (router: %q, %s), want %v", ds.ID, d.PersonaSlug, d.RoutedTo, d.RouteReason, correspondentFor[ds.ID])
			}
			if !developmentReasons.MatchString(d.Reasons) || d.Score < score.DevelopmentScore {
				t.Errorf("demo story %s: score %.3f, reasons %q", ds.ID, d.Score, d.Reasons)
			}
			if !strings.Contains(d.RouteReason, "places in ") && !strings.Contains(d.RouteReason, "topics: ") {
				t.Errorf("demo story %s: routing reasons %q", ds.ID, d.RouteReason)
			}
			st := h.story(main)
			ready := st.Articles >= h.p.cfg.MinArticles && st.Outlets >= h.p.cfg.MinOutlets
			if ready && (d.State != store.DevelopmentDrafting || !strings.Contains(d.Note, "draft is queued")) {
				t.Errorf("demo story %s is being drafted, but its development is %s: %q", ds.ID, d.State, d.Note)
			}
			if !ready && (d.State != store.DevelopmentNew || !strings.HasPrefix(d.Note, "waiting for sources")) {
				t.Errorf("demo story %s waits for sources, but its development is %s: %q", ds.ID, d.State, d.Note)
			}
			t.Logf("%-28s %.3f %-16s %s | %s", ds.ID, d.Score, d.PersonaSlug, d.Reasons, d.RouteReason)
		}
	})
}

// TestDevelopmentCountsCopiesOnce: outlets running copies of a story's
// report widen its reach but not its independent sources.
func TestDevelopmentCountsCopiesOnce(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	w := newWorld(t)
	h := newHarness(t, s, testConfig())
	arts := newsroom(t, h, w, nil)
	st := h.story(h.article(arts[0]).StoryID)

	reports := func() []store.StoryReport {
		var rows []store.StoryReport
		err := s.View(h.ctx, func(tx *store.Tx) (err error) { rows, err = tx.StoryReports(h.ctx, st.ID, reportsRead); return err })
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	assess := func() score.Significance {
		var reps []score.Report
		for _, r := range reports() {
			reps = append(reps, reportOf(r))
		}
		return score.Assess(reps, st.LastSeen)
	}
	// The story's latest report is copied by three outlets of another country.
	var first beatdesk.Article
	for _, r := range reports() {
		if a := h.article(r.ArticleID); first.ID == 0 || publishedOrFetched(a).After(publishedOrFetched(first)) {
			first = a
		}
	}
	before := assess()
	var srcs []beatdesk.Source
	for i, name := range []string{"Wire Reprint One", "Wire Reprint Two", "Wire Reprint Three"} {
		srcs = append(srcs, h.addSource(beatdesk.Source{Name: name, FeedURL: fmt.Sprintf("%s/reprint-%d/feed.xml", w.srv.URL, i), Lang: "en", Country: "AU"}))
	}
	err := s.Update(h.ctx, func(tx *store.Tx) error {
		for i, src := range srcs {
			u := fmt.Sprintf("%s/reprint-%d/copy.html", w.srv.URL, i)
			item, _, err := tx.AddItem(h.ctx, beatdesk.Item{SourceID: src.ID, GUID: u, URL: u, Title: first.Title})
			if err != nil {
				return err
			}
			_, _, err = tx.AddArticle(h.ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: u, Title: first.Title, Text: first.Text,
				Lang: first.Lang, Published: first.Published, FetchedAt: first.FetchedAt, DuplicateOf: first.ID})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after := assess()
	if after.Sources != before.Sources || after.Outlets != before.Outlets+3 || after.Countries != before.Countries {
		t.Errorf("three copies of one report: sources %d → %d, outlets %d → %d, countries %d → %d; want the same sources and countries, 3 more outlets",
			before.Sources, after.Sources, before.Outlets, after.Outlets, before.Countries, after.Countries)
	}
	if after.Score != before.Score || !strings.Contains(after.Reasons, "outlets counting copies") {
		t.Errorf("copies changed the score %.3f → %.3f, reasons %q", before.Score, after.Score, after.Reasons)
	}
}
