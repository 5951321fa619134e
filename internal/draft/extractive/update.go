package extractive

import (
	"fmt"
	"sort"
	"strings"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// UpdateInput is what the writer works from to update a live article
// whose story developed.
type UpdateInput struct {
	// Article is the live article; the update's sources are numbered
	// after its own.
	Article beatdesk.Draft
	// New are the story's articles published since the article's last
	// publication or update, the only ones the update quotes.
	New []beatdesk.Article
	// Known are the story's articles from before: a sentence of a new
	// article that repeats one of theirs (or of the article's cited
	// passages) is not news.
	Known []beatdesk.Article
	Lang  string // the publication language, "en" when empty
}

// An Update is a short dated update of a live article: one paragraph of
// sentences quoted from new sources, each cited to one of them, with the
// citation verifier's findings.
type Update struct {
	Text      string
	Citations []beatdesk.Citation // numbered after the article's own
	Findings  []beatdesk.Finding
}

// maxUpdateSentences bounds an update: a few sentences, not a second
// article.
const maxUpdateSentences = 4

// maxUpdateBytes keeps an update well inside what a notice may hold.
const maxUpdateBytes = 3000

// WriteUpdate composes an update from in.New alone: one to four of their
// sentences that say something the article's sources had not, dated
// facts first (a date or a figure: datedFact), one outlet after another,
// each quoted whole in the attribution frame "According to <outlet>" and
// cited to its article; an update needs at least one new dated fact. Its
// citations follow the article's, numbered in the order first quoted,
// each holding the paragraphs quoted. It returns ErrInvalid when the new
// articles carry no new dated fact. The same input always gives the same
// update.
func WriteUpdate(in UpdateInput) (Update, error) {
	const op = "extractive.WriteUpdate"
	v := vocabularyFor(in.Lang)
	srcs := sources(in.New)
	if len(srcs) == 0 {
		return Update{}, beatdesk.Errorf(beatdesk.ErrInvalid, op, "no new article with text to quote")
	}
	known := candidates(knownSources(in), v)
	var fresh []*candidate
	for _, c := range verifiable(candidates(srcs, v), srcs, v) {
		if !repeats(c, known) {
			fresh = append(fresh, c)
		}
	}
	picked := pickUpdate(fresh, srcs, v)
	if len(picked) == 0 {
		return Update{}, beatdesk.Errorf(beatdesk.ErrInvalid, op,
			"the %d new articles carry no dated fact that the article's sources had not reported", len(srcs))
	}

	base := 0
	for _, c := range in.Article.Citations {
		base = max(base, c.N)
	}
	for {
		cs, number := citations(picked, srcs)
		for i := range cs {
			cs[i].N += base
		}
		check := cite.NewChecker(cs)
		var kept []*candidate
		var sentences []string
		size := 0
		for _, c := range picked {
			src := srcs[c.src]
			s := fmt.Sprintf(v.frames[0], src.outlet, v.languageLabel(src.lang), v.quote(c.text)) +
				fmt.Sprintf(" [%d]", base+number[c.src])
			if !check.Check(s).Supported || (len(kept) > 0 && size+len(s) > maxUpdateBytes) {
				continue
			}
			kept, sentences, size = append(kept, c), append(sentences, s), size+len(s)+1
		}
		if len(kept) == 0 {
			return Update{}, beatdesk.Errorf(beatdesk.ErrInvalid, op, "no sentence of the new articles passed the citation check")
		}
		if len(kept) < len(picked) {
			picked = kept // the citations then hold only what is quoted
			continue
		}
		u := Update{Text: strings.Join(sentences, " "), Citations: cs}
		u.Findings = VerifyUpdate(u)
		return u, nil
	}
}

// VerifyUpdate runs the citation verifier over an update's text, one
// finding per sentence.
func VerifyUpdate(u Update) []beatdesk.Finding {
	d := beatdesk.Draft{Sections: []beatdesk.Section{{Paragraphs: []string{u.Text}}}, Citations: u.Citations}
	return cite.Verify(&d)
}

// knownSources are what the article's readers already had: the story's
// earlier articles, and the passages the article cites.
func knownSources(in UpdateInput) []source {
	known := sources(in.Known)
	for _, c := range in.Article.Citations {
		if strings.TrimSpace(c.Passage) == "" {
			continue
		}
		known = append(known, source{article: beatdesk.Article{Outlet: c.Outlet, URL: c.URL, Lang: c.Lang, Text: c.Passage},
			outlet: c.Outlet, lang: baseLang(c.Lang), paragraphs: cite.Paragraphs(c.Passage)})
	}
	return known
}

// repeats reports whether c says what one of known says already: a
// known sentence carries every figure c carries, or most of c's words
// when c has none. A figure no known sentence carries is news however
// the sentence is worded ("rose to 1,412" after "1,340").
func repeats(c *candidate, known []*candidate) bool {
	for _, k := range known {
		if len(c.amounts) > 0 {
			all := true
			for f := range c.amounts {
				all = all && k.amounts[f]
			}
			if all {
				return true
			}
			continue
		}
		shared := 0
		for w := range c.words {
			if k.words[w] {
				shared++
			}
		}
		if len(c.words) > 0 && float64(shared) >= 0.6*float64(len(c.words)) {
			return true
		}
	}
	return false
}

// pickUpdate chooses the update's sentences from fresh, in the order
// they will read: dated facts first, in the publication language first,
// leads before later paragraphs; one an outlet before a second of any,
// no sentence repeating one chosen. Sentences without a date or figure
// only round out an update of a single fact.
func pickUpdate(fresh []*candidate, srcs []source, v vocabulary) []*candidate {
	ranked := append([]*candidate(nil), fresh...)
	rank := func(c *candidate) [3]int {
		r := [3]int{1, 1, c.para}
		if c.fact {
			r[0] = 0
		}
		if srcs[c.src].lang == v.lang {
			r[1] = 0
		}
		return r
	}
	sort.SliceStable(ranked, func(i, j int) bool {
		a, b := rank(ranked[i]), rank(ranked[j])
		for k := range a {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return ranked[i].order < ranked[j].order
	})
	var picked []*candidate
	outlets := map[string]bool{}
	take := func(ok func(*candidate) bool, limit int) {
		for _, c := range ranked {
			if len(picked) >= limit {
				return
			}
			if !ok(c) || repeats(c, picked) {
				continue
			}
			picked = append(picked, c)
			outlets[srcs[c.src].outlet] = true
		}
	}
	isFact := func(c *candidate) bool { return c.fact }
	take(func(c *candidate) bool { return c.fact && !outlets[srcs[c.src].outlet] }, maxUpdateSentences)
	take(isFact, maxUpdateSentences)
	if len(picked) == 1 {
		take(func(c *candidate) bool { return !c.fact && c.src == picked[0].src }, 2)
	}
	// Facts first, then the rest; in the publication language first;
	// then in publication order.
	sort.SliceStable(picked, func(i, j int) bool {
		a, b := rank(picked[i]), rank(picked[j])
		if a[0] != b[0] || a[1] != b[1] {
			return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
		}
		return srcs[picked[i].src].article.Published.Before(srcs[picked[j].src].article.Published)
	})
	return picked
}
