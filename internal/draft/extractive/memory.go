package extractive

import (
	"sort"
	"strings"
	"time"

	"beatdesk"
)

// maxEarlier bounds how many of the correspondent's earlier articles a
// draft links.
const maxEarlier = 3

// memory is what the correspondent published before on the story or its
// places: the links to those articles, each its headline quoted and cited
// to the article itself, and when the newest of them came out, which
// divides what the sources say into known then and new since.
type memory struct {
	links []*candidate
	since time.Time
}

// remember makes each of the correspondent's earlier articles (newest
// maxEarlier, live ones with a slug, a headline and a publication time
// before now) a source of its own, appended to srcs: the author is the
// correspondent, the URL the article's page, the one paragraph its
// headline. It returns the sources and the memory that links them.
func remember(srcs []source, earlier []beatdesk.Draft, who beatdesk.Persona, lang string, now time.Time) ([]source, memory) {
	author := strings.TrimSpace(who.Name)
	if author == "" {
		author = who.Slug
	}
	var keep []beatdesk.Draft
	for _, d := range earlier {
		h := strings.Join(strings.Fields(d.Headline), " ")
		if author == "" || d.Slug == "" || h == "" || d.PublishedAt.IsZero() || (!now.IsZero() && !d.PublishedAt.Before(now)) {
			continue
		}
		d.Headline = h
		keep = append(keep, d)
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].PublishedAt.After(keep[j].PublishedAt) })
	if len(keep) > maxEarlier {
		keep = keep[:maxEarlier]
	}
	var m memory
	for _, d := range keep {
		a := beatdesk.Article{
			Outlet: author, Lang: lang, URL: EarlierURL(d.Slug), Title: d.Headline, Text: d.Headline,
			Published: d.PublishedAt, FetchedAt: d.PublishedAt,
		}
		srcs = append(srcs, source{article: a, outlet: author, lang: baseLang(lang), paragraphs: []string{d.Headline}, earlier: true})
		m.links = append(m.links, &candidate{src: len(srcs) - 1, text: d.Headline})
		if d.PublishedAt.After(m.since) {
			m.since = d.PublishedAt
		}
	}
	return srcs, m
}

// EarlierURL is the page of the correspondent's earlier article slug on
// the reader site, by which a draft cites it (Citation.URL) and its
// provenance lists it.
func EarlierURL(slug string) string { return "/article/" + slug }

// KeyPlaces names the places a draft about story from articles carries
// (Draft.Places), in the publication language lang: the places by which
// the correspondent's earlier articles on it are found
// (store.MemoryQuery.Places).
func KeyPlaces(story beatdesk.Story, articles []beatdesk.Article, lang string) []string {
	if lang == "" {
		lang = "en"
	}
	return places(story, sources(articles), lang)
}

// headlineSources are the sources whose titles may head the draft: after
// an earlier article, those published since, when there are any, so a
// follow-up is not headed like the article it follows.
func headlineSources(srcs []source, m memory) []source {
	if m.since.IsZero() {
		return srcs
	}
	var out []source
	for _, s := range srcs {
		if s.article.Published.After(m.since) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return srcs
	}
	return out
}
