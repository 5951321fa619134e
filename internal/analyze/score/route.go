// Package score decides what a story is worth to the newsroom: which
// correspondents' beats it is on (RouteStory), and how significant it is
// now (Assess: independent sources, languages, countries, velocity against
// its own pace, first mentions, recency), so that IsDevelopment can tell
// the desk when a story is new or suddenly moving, with reasons in words.
//
// A story is on a beat for two reasons an editor would recognise: it is
// about places the correspondent covers, and it uses the vocabulary of the
// beat. RouteStory weighs both. Places count by how often the story names
// them; a correspondent's key countries count fully and the rest of its
// regions at 70%. Topic terms count on word boundaries, in any language the
// correspondent lists them in, with plurals and close inflections.
//
// Regional correspondents take 60% of their score from places and 40% from
// topics. Thematic ones (energy, the economy: region "world" only) take no
// credit for places, so their score is topics alone, scaled to 90%, and
// less in long stories, where their words turn up in passing. That
// is what lets the energy correspondent win an oil-price story that names
// Saudi Arabia, while the Latin America correspondent wins a shooting in
// Culiacán that mentions fuel theft in passing.
package score

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"beatdesk"
	"beatdesk/internal/analyze/entity"
)

// Signals is what the router knows about a story.
type Signals struct {
	Title, Text string
	Langs       []string // ISO 639-1 codes of the story's articles
	Outlets     int      // independent outlets reporting it
	Articles    int      // original articles (used when Outlets is 0)
	// Mentions are the places the story names. When nil, RouteStory finds
	// them in Title and Text itself, counting the title twice.
	Mentions []entity.Mention
}

// A Route is one correspondent's claim on a story.
type Route struct {
	PersonaSlug string
	Score       float64 // 0 to 1; comparable across stories
	Reason      string  // e.g. "places in Mexico (Sinaloa, Culiacán); topics: cartel, homicides"
}

const (
	keyCountryWeight = 1.0  // a place in one of the persona's countries
	regionWeight     = 0.7  // elsewhere in one of its regions
	placeShare       = 0.6  // of a regional persona's score
	topicShareRegion = 0.4  // the rest
	topicShareTheme  = 0.9  // a thematic persona's ceiling
	langBonus        = 0.05 // for reading the story's non-English languages
	minScore         = 0.1  // below this a route is noise and dropped
)

// RouteStory ranks the personas in ps for a story, best first, and leaves
// out those the story is not about. It returns nil when no persona matches.
func RouteStory(ps []beatdesk.Persona, s Signals) []Route {
	mentions := s.Mentions
	if mentions == nil {
		mentions = findMentions(s.Title, s.Text)
	}
	total := 0.0
	for _, m := range mentions {
		total += float64(m.Count)
	}
	d := newDoc(s.Title, s.Text)
	breadth := breadthFactor(s)

	var routes []Route
	for _, p := range ps {
		thematic := isThematic(p)
		place, places := placeScore(p, mentions, total)
		topic, topics := topicScore(p, d)
		var sc float64
		if thematic {
			sc = topicShareTheme * topic * passingDamp(d)
		} else {
			sc = placeShare*place + topicShareRegion*topic
		}
		if sc > 0 {
			sc += langBonus * readsShare(p, s.Langs)
		}
		sc *= breadth
		if sc < minScore {
			continue
		}
		routes = append(routes, Route{PersonaSlug: p.Slug, Score: math.Round(sc*1000) / 1000, Reason: reason(places, topics)})
	}
	slices.SortStableFunc(routes, func(a, b Route) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.PersonaSlug, b.PersonaSlug)
	})
	return routes
}

// findMentions finds places in the title (counted twice: headlines name
// what the story is about) and the text.
func findMentions(title, text string) []entity.Mention {
	ms := entity.Find(text)
	for _, t := range entity.Find(title) {
		k := slices.IndexFunc(ms, func(m entity.Mention) bool { return m.Place == t.Place })
		if k < 0 {
			ms = append(ms, entity.Mention{Place: t.Place})
			k = len(ms) - 1
		}
		ms[k].Count += 2 * t.Count
	}
	slices.SortStableFunc(ms, func(a, b entity.Mention) int { return b.Count - a.Count })
	return ms
}

// isThematic reports whether p covers a subject rather than a part of the
// world: its only region, if any, is "world".
func isThematic(p beatdesk.Persona) bool {
	for _, r := range p.Regions {
		if r != "world" {
			return false
		}
	}
	return true
}

// placeScore is the weighted share of the story's place mentions that fall
// in p's countries and regions, damped when the story names few places at
// all (one passing mention is weak evidence). It also returns the places
// that counted, for the reason.
func placeScore(p beatdesk.Persona, ms []entity.Mention, total float64) (float64, []entity.Mention) {
	if total == 0 || isThematic(p) {
		return 0, nil
	}
	matched := 0.0
	var hits []entity.Mention
	for _, m := range ms {
		w := 0.0
		switch {
		case m.Place.Country != "" && slices.Contains(p.Countries, m.Place.Country):
			w = keyCountryWeight
		case m.Place.Region != "world" && slices.Contains(p.Regions, m.Place.Region):
			w = regionWeight
		}
		if w > 0 {
			matched += w * float64(m.Count)
			hits = append(hits, m)
		}
	}
	evidence := 1 - math.Exp(-total/3)
	return matched / total * evidence, hits
}

type topicHit struct {
	surface string
	count   int
}

// topicScore saturates with the number of topic occurrences (each term
// counted at most three times, so one repeated word cannot carry a story):
// 2 hits give 0.39, 4 give 0.63, 8 give 0.86.
func topicScore(p beatdesk.Persona, d *doc) (float64, []topicHit) {
	var hits []topicHit
	sum := 0
	seen := map[string]bool{}
	for _, t := range p.Topics {
		n, surface := newTerm(t).count(d)
		if n == 0 || seen[surface] {
			continue // a surface form listed twice ("ceasefire" in two lists) counts once
		}
		seen[surface] = true
		hits = append(hits, topicHit{surface, n})
		sum += min(n, 3)
	}
	slices.SortStableFunc(hits, func(a, b topicHit) int { return b.count - a.count })
	return 1 - math.Exp(-float64(sum)/4), hits
}

// readsShare is the fraction of the story's non-English languages that p
// reads: a small nudge towards the correspondent who can read the sources.
func readsShare(p beatdesk.Persona, langs []string) float64 {
	n, read := 0, 0
	for _, l := range langs {
		if l == "en" || l == "" {
			continue
		}
		n++
		if slices.Contains(p.Languages, l) {
			read++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(read) / float64(n)
}

// breadthFactor lifts stories reported by more independent outlets: from
// 0.85 for a single outlet to 1 at five or more, so scores also say how
// well established a story is. It never changes the order of personas.
func breadthFactor(s Signals) float64 {
	n := s.Outlets
	if n == 0 {
		n = s.Articles
	}
	return 0.85 + 0.15*math.Min(1, math.Max(0, float64(n-1))/4)
}

// reason says in an editor's words why a persona got the story:
// "places in Mexico (Sinaloa, Culiacán); topics: cartel, homicides".
func reason(places []entity.Mention, topics []topicHit) string {
	var parts []string
	if len(places) > 0 {
		parts = append(parts, "places in "+placeGroups(places))
	}
	if len(topics) > 0 {
		var ws []string
		for _, t := range topics[:min(len(topics), 5)] {
			ws = append(ws, t.surface)
		}
		parts = append(parts, "topics: "+strings.Join(ws, ", "))
	}
	return strings.Join(parts, "; ")
}

// placeGroups lists places by country, most mentioned first, naming up to
// three places inside each: "Mexico (Sinaloa, Culiacán), Colombia".
func placeGroups(places []entity.Mention) string {
	type group struct {
		label string
		inner []string
	}
	var groups []*group
	byLabel := map[string]*group{}
	for _, m := range places {
		label := m.Place.Name
		if m.Place.Country != "" {
			label = entity.CountryName(m.Place.Country, "en")
		}
		g, ok := byLabel[label]
		if !ok {
			g = &group{label: label}
			byLabel[label] = g
			groups = append(groups, g)
		}
		if m.Place.Name != label && len(g.inner) < 3 {
			g.inner = append(g.inner, m.Place.Name)
		}
	}
	var out []string
	for _, g := range groups[:min(len(groups), 3)] {
		s := g.label
		if len(g.inner) > 0 {
			s += fmt.Sprintf(" (%s)", strings.Join(g.inner, ", "))
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// passingWords is how long a story may be before a thematic
// correspondent's words in it start to count for less.
const passingWords = 650

// passingDamp discounts a thematic correspondent's topic score in long
// stories. Its words (inflation, tariffs, climate) turn up in passing in
// any long story about anywhere, while a story on its subject is dense
// with them: a story of 1,300 words counts the score at 71%. It is what
// keeps a wage protest in Bangladesh that mentions inflation and tariffs
// in passing with the South Asia correspondent.
func passingDamp(d *doc) float64 {
	if n := len(d.toks); n > passingWords {
		return math.Sqrt(passingWords / float64(n))
	}
	return 1
}
