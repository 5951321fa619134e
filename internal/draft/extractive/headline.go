package extractive

import (
	"math"
	"sort"
	"strings"

	"beatdesk"
	"beatdesk/internal/draft/cite"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// headline returns the most representative source title, unchanged but
// for the outlet's name tacked on its end: the title whose words weigh
// most in the story's centroid, among titles in the publication language
// when there are any. It falls back to the story's title, then to the
// best sentence.
func headline(story beatdesk.Story, srcs []source, cands []*candidate, pubLang string) string {
	centroid := map[string]float64{}
	for _, c := range cands {
		for _, tw := range c.vec {
			centroid[tw.term] += tw.weight
		}
	}
	type option struct {
		title string
		score float64
	}
	var inLang, other []option
	for _, s := range srcs {
		t := cleanTitle(s.article.Title, s.outlet)
		if len(strings.Fields(t)) < 3 {
			continue
		}
		ws := cite.ContentWords(t, s.lang)
		sort.Strings(ws)
		var sum float64
		for _, w := range ws {
			sum += centroid[w]
		}
		o := option{t, sum / math.Sqrt(float64(len(ws)+1))}
		if cite.Fold(t) == cite.Fold(cleanTitle(story.Title, s.outlet)) {
			o.score *= 1.1 // the clusterer also found it representative
		}
		if s.lang == baseLang(pubLang) {
			inLang = append(inLang, o)
		} else {
			other = append(other, o)
		}
	}
	opts := inLang
	if len(opts) == 0 {
		opts = other
	}
	best := option{score: -1}
	for _, o := range opts {
		if o.score > best.score {
			best = o
		}
	}
	switch {
	case best.title != "":
		return best.title
	case strings.TrimSpace(story.Title) != "":
		return strings.Join(strings.Fields(story.Title), " ")
	}
	return cands[0].text
}

// cleanTitle collapses white space and drops a trailing " - Outlet" or
// " | Outlet", which is the page's branding, not the headline.
func cleanTitle(t, outlet string) string {
	t = strings.Join(strings.Fields(t), " ")
	for _, sep := range []string{" - ", " | ", " – ", " — ", " :: "} {
		if i := strings.LastIndex(t, sep); i > 0 && cite.Fold(strings.TrimSpace(t[i+len(sep):])) == cite.Fold(outlet) {
			return strings.TrimSpace(t[:i])
		}
	}
	return t
}

// places lists up to five places for the illustration: those the
// articles mention most, then the story's countries, named in the
// publication language.
func places(story beatdesk.Story, srcs []source, pubLang string) []string {
	count := map[string]int{}
	first := map[string]int{}
	name := map[string]string{}
	var keys []string
	add := func(p string, weight int) {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			return
		}
		k := cite.Fold(p)
		if _, ok := count[k]; !ok {
			first[k] = len(keys)
			name[k] = p
			keys = append(keys, k)
		}
		count[k] += weight
	}
	for _, s := range srcs {
		for _, p := range s.article.Places {
			add(p, 1)
		}
	}
	namer := display.Regions(language.Make(baseLang(pubLang)))
	for _, code := range story.Countries {
		if r, err := language.ParseRegion(code); err == nil {
			if n := namer.Name(r); n != "" {
				add(n, 0)
			}
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return first[keys[i]] < first[keys[j]]
	})
	var out []string
	for _, k := range keys {
		if len(out) == 5 {
			break
		}
		out = append(out, name[k])
	}
	return out
}
