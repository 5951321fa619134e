package extractive

import (
	"slices"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/demo"
	"beatdesk/internal/draft/persona"
)

// demoStories turns the demo corpus (fictional outlets in six languages)
// into the articles the writer would get for each story, as the pipeline
// stores them: outlet name, paragraphs joined by blank lines, the outlet's
// language, published at now minus the article's age.
func demoStories(t *testing.T, now time.Time) (ids []string, regions map[string]string, byStory map[string][]beatdesk.Article) {
	t.Helper()
	outlets, articles, err := demo.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	stories, err := demo.Stories()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, o := range outlets {
		names[o.Slug] = o.Name
	}
	regions = map[string]string{}
	for _, s := range stories {
		ids = append(ids, s.ID)
		regions[s.ID] = s.Region
	}
	byStory = map[string][]beatdesk.Article{}
	for i, a := range articles {
		published := now.Add(-a.Age)
		byStory[a.Story] = append(byStory[a.Story], beatdesk.Article{
			ID: int64(i + 1), SourceID: int64(i + 1), Outlet: names[a.Outlet], Lang: a.Lang,
			URL:   "https://" + a.Outlet + ".example/" + a.Slug,
			Title: a.Title, Author: a.Author, Text: strings.Join(a.Paragraphs, "\n\n"),
			Published: published, FetchedAt: published.Add(10 * time.Minute),
		})
	}
	return ids, regions, byStory
}

// correspondentFor picks the first default correspondent whose beat
// covers region, as routing would for a story with no stronger topic.
func correspondentFor(region string) beatdesk.Persona {
	ps := persona.Default()
	for _, p := range ps {
		if slices.Contains(p.Regions, region) {
			return p
		}
	}
	return ps[0]
}

// TestDemoStories writes every demo story told by at least three
// articles from at least two outlets for an English site, and checks
// what a reader of the published page sees: no unsupported claim, one
// source-list entry per article, at least three of them from two
// outlets, and an English dek whenever an English source has something
// to quote.
func TestDemoStories(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	ids, regions, byStory := demoStories(t, now)
	eligible := 0
	for i, id := range ids {
		arts := byStory[id]
		outlets := map[string]bool{}
		langs := map[string]bool{}
		for _, a := range arts {
			outlets[a.Outlet] = true
			langs[a.Lang] = true
		}
		if len(arts) < 3 || len(outlets) < 2 {
			continue
		}
		eligible++
		t.Run(id, func(t *testing.T) {
			story := beatdesk.Story{ID: int64(i + 1), Title: arts[0].Title, Region: regions[id]}
			d, err := Write(Input{Persona: correspondentFor(regions[id]), Story: story, Articles: arts, Lang: "en", Now: now})
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			if testing.Verbose() {
				t.Log("\n" + render(d))
			}
			if err := d.Validate(); err != nil {
				t.Error(err)
			}
			for _, f := range d.Findings {
				if !f.Supported {
					t.Errorf("unsupported: %s\n  reason: %s", f.Claim, f.Reason)
				}
			}
			checkOneCitationPerArticle(t, d, arts)
			if len(d.Citations) < 3 || len(d.Outlets()) < 2 {
				t.Errorf("%d citations from %d outlets, want at least 3 from 2", len(d.Citations), len(d.Outlets()))
			}
			dek := leadLang(d, d.Dek)
			if langs["en"] && dek != "en" {
				t.Errorf("the story has English sources but the dek is in %q: %s", dek, d.Dek)
			}
			happened := leadLang(d, d.Sections[0].Paragraphs[0])
			if englishQuotes(arts) >= 2 && happened != "en" {
				t.Errorf("English sources have sentences to spare, but What happened opens in %q: %s", happened, d.Sections[0].Paragraphs[0])
			}
			t.Logf("%d articles, %d outlets, langs %v: %d citations from %d outlets, dek in %s, What happened opens in %s",
				len(arts), len(outlets), sortedKeys(langs), len(d.Citations), len(d.Outlets()), dek, happened)
		})
	}
	if eligible < 10 {
		t.Errorf("only %d demo stories have 3 articles from 2 outlets; the corpus should have at least 10", eligible)
	}
}

// leadLang is the language of the source the first sentence of text
// quotes.
func leadLang(d beatdesk.Draft, text string) string {
	ns := beatdesk.CiteMarkers(text)
	if len(ns) == 0 || ns[0] < 1 || ns[0] > len(d.Citations) {
		return ""
	}
	return d.Citations[ns[0]-1].Lang
}

// englishQuotes counts the sentences of English articles the writer
// could quote.
func englishQuotes(arts []beatdesk.Article) int {
	srcs := sources(arts)
	n := 0
	for _, c := range verifiable(candidates(srcs, vocabularyFor("en")), srcs, vocabularyFor("en")) {
		if srcs[c.src].lang == "en" {
			n++
		}
	}
	return n
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
