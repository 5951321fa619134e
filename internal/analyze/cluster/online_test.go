package cluster

import (
	"strings"
	"testing"
	"time"
)

// TestNameAndPlainWordOneTerm checks that a name written where capitals
// say nothing (a Title Case headline) is the same term as where it is
// recognised, and that a body is read as written.
func TestNameAndPlainWordOneTerm(t *testing.T) {
	ix := NewIndex()
	ix.Seed([]Doc{
		{Title: "Crowds queue for Titanfall at midnight", Lang: "en"},
		{Title: "Reviewers praise Titanfall despite server trouble", Lang: "en"},
	})
	v := ix.Add(Doc{Title: "Titanfall Launch Draws Long Lines", Lang: "en"})
	if v["@titanfall"] == 0 || v["titanfal"] != 0 {
		t.Errorf("Title Case headline: %v; want the name @titanfall, not the stem", v)
	}
	// In the body, sentence case tells names apart: left as written.
	w := ix.Add(Doc{Title: "Review", Text: "Titanfall is fun. We played it.", Lang: "en"})
	if w["titanfal"] == 0 {
		t.Errorf("body, sentence start: %v; want the stem titanfal", w)
	}
}

// TestStoryGap checks the distance of a date from a story's span.
func TestStoryGap(t *testing.T) {
	st := Story{FirstSeen: t0, LastSeen: t0.Add(10 * 24 * time.Hour)}
	for _, tc := range []struct {
		at   time.Time
		want time.Duration
	}{
		{t0.Add(5 * 24 * time.Hour), 0}, // inside a long-running story
		{t0.Add(11 * 24 * time.Hour), 24 * time.Hour},
		{t0.Add(-2 * time.Hour), 2 * time.Hour},
	} {
		if got := st.gap(tc.at); got != tc.want {
			t.Errorf("gap(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
	if got := (Story{LastSeen: t0}).gap(t0.Add(-time.Hour)); got != time.Hour {
		t.Errorf("no FirstSeen: gap %v, want 1h from LastSeen", got)
	}
}

// TestClustererTime checks that a story closes after Window without
// articles, that an article dated inside a long-running story's span
// still joins it, and that Grow keeps the span.
func TestClustererTime(t *testing.T) {
	strike := func(at time.Time) Doc {
		return Doc{Title: "Rotterdam dockworkers strike", Text: "The FNV union called a 48-hour strike of 1,200 dockworkers at the port of Rotterdam.", Lang: "en", Published: at}
	}
	c := NewClusterer()
	var ids []int64
	// A story that runs for twelve days, an article every two days.
	for day := 0; day <= 12; day += 2 {
		ids = append(ids, c.Add(strike(t0.Add(time.Duration(day)*24*time.Hour))))
	}
	// A late article dated in the middle of it.
	ids = append(ids, c.Add(strike(t0.Add(3*24*time.Hour))))
	for i, id := range ids {
		if id != ids[0] {
			t.Fatalf("article %d went to story %d, apart from the long-running story %d", i, id, ids[0])
		}
	}
	st, _ := c.open.Get(ids[0])
	if !st.FirstSeen.Equal(t0) || !st.LastSeen.Equal(t0.Add(12*24*time.Hour)) || st.Size != len(ids) {
		t.Errorf("story span %v–%v, size %d; want %v–%v, %d", st.FirstSeen, st.LastSeen, st.Size, t0, t0.Add(12*24*time.Hour), len(ids))
	}
	// The same report long after the story went quiet starts a new one.
	if id := c.Add(strike(t0.Add(12*24*time.Hour + Window + time.Hour))); id == ids[0] {
		t.Errorf("an article %v after the story's last joined it", Window+time.Hour)
	}
}

// TestClustererMergesConvergingHeadlines checks that two stories of
// headlines started apart merge once a headline bridges them, that the
// older id survives, and that Story follows the merge.
func TestClustererMergesConvergingHeadlines(t *testing.T) {
	c := NewClusterer()
	at := func(title string) Doc { return Doc{Title: title, Lang: "en", Published: t0} }
	first := c.Add(at("Malaysia MH370 search widens"))
	second := c.Add(at("Missing jet pilots questioned by police"))
	if first == second {
		t.Fatalf("two headlines sharing no word in one story %d", first)
	}
	if n := c.Open(); n != 2 {
		t.Fatalf("%d stories open, want 2", n)
	}
	bridge := c.Add(at("MH370 search: missing jet pilots questioned"))
	if bridge != first || c.Story(second) != first || c.Story(first) != first {
		t.Errorf("after the bridging headline: it went to %d, story %d is now %d; want both in the older story %d",
			bridge, second, c.Story(second), first)
	}
	if n := c.Open(); n != 1 {
		t.Errorf("%d stories open after the merge, want 1", n)
	}
	st, _ := c.open.Get(first)
	if st.Size != 3 || st.Headlines != 3 {
		t.Errorf("merged story: %d articles, %d headlines; want 3 and 3", st.Size, st.Headlines)
	}
}

// TestStemReadsAsCommonestName: a stem that two names share reads as the
// one most documents use, whichever was learnt last, so that a headline
// that writes the word as a name and its address in lower case has one
// term for it, not two (which alone met headlineShared).
func TestStemReadsAsCommonestName(t *testing.T) {
	ix := NewIndex()
	for range 5 {
		ix.Observe(Doc{Title: "Sales", Text: "Shoppers bought the Chromecast in its first week.", Lang: "en"})
	}
	ix.Observe(Doc{Title: "Sales", Text: "Shoppers bought two Chromecasts each.", Lang: "en"})
	v := ix.Add(Doc{Title: "Google launches the Chromecast in Britain", URL: "https://example.com/tech/google-launches-chromecast-in-britain", Lang: "en"})
	var words []string
	for term := range v {
		if strings.Contains(term, "chromecast") {
			words = append(words, term)
		}
	}
	if len(words) != 1 || words[0] != "@chromecast" {
		t.Errorf("the headline reads Chromecast as %v, want [@chromecast] alone", words)
	}
}

// TestDateNumbersLeftOut: a headline alone's numbers that may be its date
// are not terms; its other numbers are, and so are the numbers of an
// article with a body, and of a headline with no date.
func TestDateNumbersLeftOut(t *testing.T) {
	ix := NewIndex()
	at := time.Date(2014, 4, 21, 0, 0, 0, 0, time.UTC)
	v := ix.Add(Doc{Title: "Hot stocks on Monday, April 21: 4/20/14 recap of 350 trades", URL: "https://example.com/2014/hot-stocks-april-21-2014", Published: at, Lang: "en"})
	for _, n := range []string{"21", "20", "4", "14", "2014"} {
		if _, ok := v[n]; ok {
			t.Errorf("date number %s is a term of %v", n, v)
		}
	}
	if _, ok := v["350"]; !ok {
		t.Errorf("350 missing from %v", v)
	}
	if w := ix.Add(Doc{Title: "Hot stocks on Monday, April 21", Lang: "en"}); w["21"] == 0 {
		t.Errorf("undated headline: 21 missing from %v", w)
	}
	if w := ix.Add(Doc{Title: "Results", Text: "The company earned 21 cents a share.", Published: at, Lang: "en"}); w["21"] == 0 {
		t.Errorf("article with a body: 21 missing from %v", w)
	}
}
