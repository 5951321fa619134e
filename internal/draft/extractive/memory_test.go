package extractive

import (
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// TestMemory drafts the Sinaloa story twice for the same correspondent:
// first from the two articles of 14 November, published that evening;
// then from all four, remembering the first. The second draft links the
// first (its page, its date, its headline, cited to it) and, under what
// has changed since, quotes only the sources published after it, dated.
func TestMemory(t *testing.T) {
	first := write(t, "en", testArticles[:2])
	first.Slug = "fighting-in-sinaloa-highlands-forces-1340-from-their-homes-7"
	first.PublishedAt = time.Date(2024, 11, 14, 20, 0, 0, 0, time.UTC)
	first.State = beatdesk.DraftPublished

	d, err := Write(Input{Persona: testPersona, Story: testStory, Articles: testArticles, Lang: "en", Now: testNow,
		Earlier: []beatdesk.Draft{first}})
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		t.Log("\n" + render(d))
	}
	checkDraft(t, d, testArticles, titlesOf("en"))
	if d.Headline == first.Headline {
		t.Errorf("the follow-up is headed like the first article: %q", d.Headline)
	}

	var since *beatdesk.Section
	for i := range d.Sections {
		if d.Sections[i].Title == "What has changed since" {
			since = &d.Sections[i]
		}
	}
	if since == nil || !since.MembersOnly || len(since.Paragraphs) < 2 {
		t.Fatalf("no members-only What has changed since section with a link and news: %q", sectionTitles(d))
	}
	link := since.Paragraphs[0]
	want := "On 14 November, Lucía Ferrer wrote: “" + first.Headline + "”"
	if !strings.HasPrefix(link, want) {
		t.Errorf("the section opens with %q, want the link to the first article, %q", link, want)
	}
	ns := beatdesk.CiteMarkers(link)
	if len(ns) != 1 {
		t.Fatalf("the link cites %v, want the first article alone", ns)
	}
	if c := d.Citations[ns[0]-1]; c.URL != EarlierURL(first.Slug) || !c.Published.Equal(first.PublishedAt) || c.Outlet != testPersona.Name || c.Title != first.Headline {
		t.Errorf("the link's citation is %+v, want the first article's page, date, author and headline", c)
	}
	for _, p := range since.Paragraphs[1:] {
		for _, claim := range claimsOf(p) {
			ns := beatdesk.CiteMarkers(claim)
			c := d.Citations[ns[0]-1]
			if !c.Published.After(first.PublishedAt) {
				t.Errorf("under what changed, a fact from %s of %s, before the first article: %s", c.Outlet, c.Published, claim)
			}
			if !strings.HasPrefix(claim, "On 15 November, ") {
				t.Errorf("a change is not dated with its source's date: %s", claim)
			}
		}
	}
	for _, f := range cite.Verify(&d) {
		if !f.Supported {
			t.Errorf("unsupported: %s (%s)", f.Claim, f.Reason)
		}
	}

	// In every publication language the link is written in that
	// language's frame and passes the verifier.
	for _, lang := range []string{"es", "fr", "pt"} {
		d, err := Write(Input{Persona: testPersona, Story: testStory, Articles: testArticles, Lang: lang, Now: testNow,
			Earlier: []beatdesk.Draft{first}})
		if err != nil {
			t.Fatal(err)
		}
		var link string
		for _, s := range d.Sections {
			if s.Title == vocabularyFor(lang).since {
				link = s.Paragraphs[0]
			}
		}
		ns := beatdesk.CiteMarkers(link)
		if len(ns) != 1 || d.Citations[ns[0]-1].URL != EarlierURL(first.Slug) {
			t.Errorf("%s: no link to the first article opens %q: %q", lang, vocabularyFor(lang).since, link)
		}
		if d.Unsupported() != 0 {
			t.Errorf("%s: %d unsupported claims", lang, d.Unsupported())
		}
	}

	// Without memory, or with only an article not yet out, no such
	// section.
	future := first
	future.PublishedAt = testNow.Add(time.Hour)
	for _, earlier := range [][]beatdesk.Draft{nil, {future}} {
		d := write(t, "en", testArticles)
		d2, err := Write(Input{Persona: testPersona, Story: testStory, Articles: testArticles, Lang: "en", Now: testNow, Earlier: earlier})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range d2.Sections {
			if s.Title == "What has changed since" {
				t.Errorf("earlier %v: a What has changed since section without a published earlier article", earlier)
			}
		}
		if len(d2.Sections) != len(d.Sections) {
			t.Errorf("earlier %v: %d sections, want %d as without memory", earlier, len(d2.Sections), len(d.Sections))
		}
	}
}
