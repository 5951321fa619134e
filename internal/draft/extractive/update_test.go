package extractive

import (
	"errors"
	"strings"
	"testing"

	"beatdesk"
)

// TestWriteUpdate: the article of 14 November, written from the first two
// reports, is updated from the two of 15 November alone: one to four
// sentences, each "According to <outlet>" and cited to a new source
// numbered after the article's own, dated facts first, none repeating
// what the article's sources had said, every one supported.
func TestWriteUpdate(t *testing.T) {
	article := write(t, "en", testArticles[:2])
	base := len(article.Citations)
	u, err := WriteUpdate(UpdateInput{Article: article, New: testArticles[2:], Known: testArticles[:2], Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("update: %s", u.Text)
	claims := claimsOf(u.Text)
	if len(claims) < 1 || len(claims) > maxUpdateSentences || len(u.Findings) != len(claims) {
		t.Fatalf("%d sentences and %d findings in %q; want 1-%d, one finding each", len(claims), len(u.Findings), u.Text, maxUpdateSentences)
	}
	newIDs := map[int64]string{103: "Noticias del Pacífico", 104: "The Border Ledger"}
	byN := map[int]beatdesk.Citation{}
	for i, c := range u.Citations {
		if c.N != base+i+1 || newIDs[c.ArticleID] == "" || c.Passage == "" {
			t.Errorf("citation %+v: want number %d, a new article, its quoted passage", c, base+i+1)
		}
		byN[c.N] = c
	}
	for i, claim := range claims {
		ns := beatdesk.CiteMarkers(claim)
		if len(ns) != 1 {
			t.Fatalf("%q cites %v, want one source", claim, ns)
		}
		c, ok := byN[ns[0]]
		if !ok {
			t.Fatalf("%q cites [%d], which is not among the update's sources", claim, ns[0])
		}
		if !strings.HasPrefix(claim, "According to "+c.Outlet) {
			t.Errorf("%q is not attributed “According to %s”", claim, c.Outlet)
		}
		if i == 0 && !datedFact(markerless(claim)) {
			t.Errorf("the update opens with %q, which carries no date or figure", claim)
		}
		for _, old := range []string{"1,340", "1.340", "600"} {
			if strings.Contains(claim, old) {
				t.Errorf("%q repeats %s, which the article's sources reported before", claim, old)
			}
		}
	}
	for _, f := range u.Findings {
		if !f.Supported {
			t.Errorf("unsupported: %s (%s)", f.Claim, f.Reason)
		}
	}
	if !strings.Contains(u.Text, "1,412") && !strings.Contains(u.Text, "1.412") {
		t.Errorf("the update misses the new count of 1,412 displaced: %q", u.Text)
	}

	// A new report that only repeats an earlier one carries no news.
	again := testArticles[1]
	again.ID, again.URL = 105, again.URL+"?repost=1"
	_, err = WriteUpdate(UpdateInput{Article: article, New: []beatdesk.Article{again}, Known: testArticles[:2], Lang: "en"})
	if !errors.Is(err, beatdesk.ErrInvalid) {
		t.Errorf("an update from a repeated report: %v, want ErrInvalid", err)
	}
	// Nor does a report whose only new sentences have no date or figure.
	plain := beatdesk.Article{ID: 106, Outlet: "Quiet Post", Lang: "en", URL: "https://quiet.example/a",
		Published: testNow, FetchedAt: testNow,
		Text: "Residents of the highlands said they were tired and afraid of what comes next for them.\n\n" +
			"Church groups in the capital said they were collecting blankets and food for the families."}
	_, err = WriteUpdate(UpdateInput{Article: article, New: []beatdesk.Article{plain}, Known: testArticles[:2], Lang: "en"})
	if !errors.Is(err, beatdesk.ErrInvalid) {
		t.Errorf("an update without a dated fact: %v, want ErrInvalid", err)
	}
}
