package cluster

import (
	"strings"
	"testing"
	"time"
)

// lonely adds a story of one article to c, as if the article had started
// it, and returns its id and the article's number for StoryOf.
func lonely(c *Clusterer, text string, headlineOnly bool) (int64, int) {
	d := ECBDoc(ECBArticle{Text: text}, time.Date(2010, 3, 2, 0, 0, 0, 0, time.UTC))
	if headlineOnly {
		d.Text = ""
	}
	c.next++
	id := c.next
	doc := len(c.stories)
	c.stories = append(c.stories, id)
	m := member{doc: doc, Member: Member{V: c.ix.Add(d), At: d.Published, Lang: d.Lang}}
	c.members[id] = []member{m}
	c.open.Put(regrowMembers(id, c.members[id]))
	return id, doc
}

// fuller returns the articles of one event with each one's body followed
// by the next one's: quakeA's and quakeB's articles are short enough to
// count as headlines alone (headlineTerms), whose stories do not absorb.
func fuller(texts []string) []string {
	out := make([]string, len(texts))
	for i, s := range texts {
		_, next, _ := strings.Cut(texts[(i+1)%len(texts)], "\n")
		out[i] = s + " " + next
	}
	return out
}

// TestAbsorbLoneReport checks that a report of an event that started a
// story of its own joins the event's story once that story is like it,
// which keeps its id, and that StoryOf and Story follow it there.
func TestAbsorbLoneReport(t *testing.T) {
	c := NewClusterer()
	storyOf(c, fuller(quakeB), false)
	lone, doc := lonely(c, "Chileans sleep outdoors after earthquake\nFearing aftershocks, families in Concepción and Talcahuano slept in tents after the magnitude 8.8 earthquake off Maule; Bachelet promised aid.", false)
	st, _ := c.open.Get(1)
	l, _ := c.open.Get(lone)
	if st.headlines() || l.headlines() {
		t.Fatalf("the story (%d of %d articles headlines) or the lone report (%d terms) are headlines: the test shows nothing", st.Headlines, st.Size, len(l.Terms))
	}
	if sim := similarity(l.Terms, st.Terms, false); sim < Threshold {
		t.Fatalf("the lone Chile report's similarity with the Chile story is %.3f, below Threshold: the test shows nothing", sim)
	}
	c.absorb(1)
	if got := c.StoryOf(doc); got != 1 {
		t.Errorf("the lone report is in story %d, want 1", got)
	}
	if got := c.Story(lone); got != 1 {
		t.Errorf("Story(%d) = %d, want 1", lone, got)
	}
	if _, open := c.open.Get(lone); open {
		t.Errorf("story %d is still open", lone)
	}
	st, _ = c.open.Get(1)
	if want := len(quakeB) + 1; st.Size != want || len(c.members[1]) != want {
		t.Errorf("story 1: size %d, %d members; want %d", st.Size, len(c.members[1]), want)
	}
}

// TestAbsorbLeavesOthers checks that a story does not draw in a lone
// report of another event of its kind, nor a lone headline of its own
// event (stories of headlines are not absorbed), nor is drawn in by a
// story too small to be established.
func TestAbsorbLeavesOthers(t *testing.T) {
	c := NewClusterer()
	storyOf(c, fuller(quakeB), false)
	// Told in the Chile story's words (plain cosine 0.23), but of other
	// places and figures.
	haiti, hdoc := lonely(c, "Haiti counts its dead after the earthquake\nRescue teams searched the ruins of Port-au-Prince on Sunday after the magnitude 7.0 earthquake; officials said the toll rises, and troops patrol the capital as shops were looted.", false)
	head, headDoc := lonely(c, "Chile earthquake: Bachelet visits Concepción and Talcahuano", true)
	st, _ := c.open.Get(1)
	h, _ := c.open.Get(head)
	if sim := similarity(h.Terms, st.Terms, false); sim < Threshold {
		t.Fatalf("the lone Chile headline's similarity with the Chile story is %.3f, below Threshold: the test shows nothing", sim)
	}
	c.absorb(1)
	if got := c.StoryOf(hdoc); got != haiti {
		t.Errorf("the lone Haiti report went to story %d, want its own %d", got, haiti)
	}
	if got := c.StoryOf(headDoc); got != head {
		t.Errorf("the lone Chile headline went to story %d, want its own %d", got, head)
	}

	// A story of absorbFrom-1 articles draws in nothing.
	c = NewClusterer()
	storyOf(c, fuller(quakeB)[:absorbFrom-1], false)
	lone, doc := lonely(c, fuller(quakeB)[absorbFrom-1], false)
	st, _ = c.open.Get(1)
	l, _ := c.open.Get(lone)
	if sim := similarity(l.Terms, st.Terms, false); sim < Threshold {
		t.Fatalf("a Chile report's similarity with the Chile story is %.3f, below Threshold: the test shows nothing", sim)
	}
	c.absorb(1)
	if got := c.StoryOf(doc); got != lone {
		t.Errorf("a story of %d articles drew in a lone report", absorbFrom-1)
	}
}
