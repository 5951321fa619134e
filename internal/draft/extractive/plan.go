package extractive

import (
	"slices"
	"sort"
)

// A draftPlan is which sentences go where, before any is written out.
type draftPlan struct {
	dek      *candidate
	sections []plannedSection
}

type plannedSection struct {
	title   string
	members bool
	groups  []group // paragraphs, in reading order
	rows    []*row  // a table after the paragraphs, one row a paragraph (figures.go)
}

// A group is one paragraph: one to three sentences. A dated group is a
// timeline entry, each sentence framed with its source's date.
type group struct {
	cands []*candidate
	dated bool
}

// A picker hands out the best remaining candidate, skipping near-repeats
// of what is already picked and discounting outlets already quoted, so a
// draft spreads across its sources.
type picker struct {
	cands      []*candidate // best first
	srcs       []source
	used       map[*candidate]bool
	picked     []*candidate
	outletUses map[string]int
}

func (p *picker) next(ok func(*candidate) bool) *candidate {
	var best *candidate
	bestScore := 0.0
	for _, c := range p.cands {
		if p.used[c] || !ok(c) || p.repeats(c) {
			continue
		}
		s := c.score / (1 + 0.5*float64(p.outletUses[p.srcs[c.src].outlet]))
		if best == nil || s > bestScore {
			best, bestScore = c, s
		}
	}
	if best != nil {
		p.take(best)
	}
	return best
}

func (p *picker) take(c *candidate) {
	p.used[c] = true
	p.picked = append(p.picked, c)
	p.outletUses[p.srcs[c.src].outlet]++
}

func (p *picker) repeats(c *candidate) bool {
	for _, q := range p.picked {
		if nearRepeat(c, q) {
			return true
		}
	}
	return false
}

// first is next under the first condition that any candidate meets.
func (p *picker) first(conds ...func(*candidate) bool) *candidate {
	for _, ok := range conds {
		if c := p.next(ok); c != nil {
			return c
		}
	}
	return nil
}

func both(a, b func(*candidate) bool) func(*candidate) bool {
	return func(c *candidate) bool { return a(c) && b(c) }
}

// nextOrRepeat is next, falling back to a near-repeat when nothing else
// is left: a section with a repeated fact beats a missing section.
func (p *picker) nextOrRepeat(ok func(*candidate) bool) *candidate {
	if c := p.next(ok); c != nil {
		return c
	}
	for _, c := range p.cands {
		if !p.used[c] && ok(c) {
			p.take(c)
			return c
		}
	}
	return nil
}

// left counts the candidates still available under ok.
func (p *picker) left(ok func(*candidate) bool) int {
	n := 0
	for _, c := range p.cands {
		if !p.used[c] && ok(c) && !p.repeats(c) {
			n++
		}
	}
	return n
}

func anyCandidate(*candidate) bool { return true }

// minFacts is how many dated facts (see datedFact) a draft should
// carry when its sources have them.
const minFacts = 8

// plan lays out the draft: the dek; public "What happened" and "The
// numbers"; members-only "What has changed since" (when the correspondent
// has written about it before), "Why it matters", "Background" (a dated
// timeline, one sentence per source in publication order, then context)
// and "What to watch". cands must be sorted best first; mem is the
// correspondent's earlier coverage (see memory.go).
func plan(cands []*candidate, srcs []source, v vocabulary, mem memory) draftPlan {
	p := &picker{cands: cands, srcs: srcs, used: map[*candidate]bool{}, outletUses: map[string]int{}}
	var d draftPlan
	isFact := func(c *candidate) bool { return c.fact }

	// The dek, and the first sentence of What happened, in the
	// publication language whenever a source in it has a sentence to
	// quote: readers meet the story in their language, and other languages
	// (labelled) follow. A salient sentence in another language does not
	// outrank it; scores across languages are not comparable anyway, as a
	// sentence is central when its words recur in other sources, and they
	// recur most in the language most sources use.
	inLang := func(c *candidate) bool { return srcs[c.src].lang == v.lang }
	// After an earlier article, the dek tells what is new since.
	newer := func(c *candidate) bool { return !mem.since.IsZero() && srcs[c.src].article.Published.After(mem.since) }
	d.dek = p.first(both(newer, inLang), inLang, anyCandidate)
	dekOutlet := srcs[d.dek.src].outlet
	otherOutlet := func(c *candidate) bool { return srcs[c.src].outlet != dekOutlet }

	// What happened: leave material for the sections after it. It quotes
	// a second outlet, when the story has one, as early as the
	// publication language allows.
	n := clamp(p.left(anyCandidate)/4, 1, 4)
	var happened []*candidate
	if c := p.first(both(inLang, otherOutlet), inLang, otherOutlet); c != nil {
		happened = append(happened, c)
		if srcs[c.src].outlet == dekOutlet {
			if c := p.next(otherOutlet); c != nil {
				happened = append(happened, c)
			}
		}
	}
	for len(happened) < n {
		c := p.next(anyCandidate)
		if c == nil && len(happened) == 0 {
			c = p.nextOrRepeat(anyCandidate)
		}
		if c == nil {
			break
		}
		happened = append(happened, c)
	}
	d.sections = append(d.sections, plannedSection{title: v.happened, groups: pairs(happened)})

	var since *plannedSection
	if len(mem.links) > 0 {
		// What the sources published after the correspondent's last
		// article say, dated facts first, told in publication order;
		// chosen before the numbers, so the new figures are told here.
		var changed []*candidate
		for len(changed) < 4 {
			c := p.first(both(newer, isFact), newer)
			if c == nil {
				break
			}
			changed = append(changed, c)
		}
		since = &plannedSection{title: v.since, members: true}
		for _, c := range mem.links {
			since.groups = append(since.groups, group{cands: []*candidate{c}})
		}
		since.groups = append(since.groups, timeline(changed)...)
	}

	// The numbers leave the forward-looking sentences, the scarcest, to
	// What to watch, unless no other has a figure.
	numbers := p.pick(4, func(c *candidate) bool { return c.figures && !c.cues })
	if len(numbers) == 0 {
		numbers = p.pick(2, func(c *candidate) bool { return c.figures })
	}
	watch := p.pick(3, func(c *candidate) bool { return c.cues && c.fact }, func(c *candidate) bool { return c.cues })
	numbersAt := -1
	if len(numbers) > 0 {
		numbersAt = len(d.sections)
		d.sections = append(d.sections, plannedSection{title: v.numbers, groups: pairs(numbers)})
	}

	why := p.pick(3, func(c *candidate) bool { return c.stakes && c.fact }, func(c *candidate) bool { return c.stakes })
	chron := chronology(p)

	var context []*candidate
	if p.left(anyCandidate) >= 2 || len(watch) == 0 {
		context = p.pick(2, isFact, anyCandidate)
	}
	if len(why) == 0 {
		// Nothing says in so many words why it matters: the best sentence
		// left that carries a fact stands in, as the most the sources
		// offer, even when it repeats.
		if c := p.first(isFact, anyCandidate); c != nil {
			why = append(why, c)
		} else if c := p.nextOrRepeat(anyCandidate); c != nil {
			why = append(why, c)
		}
	}
	// Dense with dated facts: add the best ones left to the context
	// until the draft carries minFacts of them or the sources run out.
	for facts := countFacts(d, chron, why, watch, context); facts < minFacts; facts++ {
		c := p.next(isFact)
		if c == nil {
			break
		}
		context = append(context, c)
	}
	// At least three citations (one per article): add sentences from
	// articles not yet quoted, near-repeats allowed, when the plan is
	// short of them.
	for cited := len(articlesOf(d, why, watch, chron, context)); cited < 3; cited++ {
		c := p.nextFromNewArticle(d, why, watch, chron, context)
		if c == nil {
			break
		}
		context = append(context, c)
	}

	// The key figures, as a table closing The numbers: from the public
	// part's sentences and from those no section quotes, never from a
	// members' section, as The numbers is public.
	public := map[*candidate]bool{}
	for _, s := range d.sections {
		for _, g := range s.groups {
			for _, c := range g.cands {
				public[c] = true
			}
		}
	}
	public[d.dek] = true
	if rows := figureRows(cands, srcs, v.lang, func(c *candidate) bool { return public[c] || !p.used[c] }); len(rows) > 0 {
		if numbersAt < 0 {
			numbersAt = len(d.sections)
			d.sections = append(d.sections, plannedSection{title: v.numbers})
		}
		d.sections[numbersAt].rows = rows
	}

	if since != nil {
		d.sections = append(d.sections, *since)
	}
	if len(why) > 0 {
		d.sections = append(d.sections, plannedSection{title: v.why, members: true, groups: pairs(why)})
	}
	background := plannedSection{title: v.background, members: true}
	for _, c := range chron {
		background.groups = append(background.groups, group{cands: []*candidate{c}, dated: true})
	}
	background.groups = append(background.groups, pairs(context)...)
	if len(background.groups) > 0 {
		d.sections = append(d.sections, background)
	}
	if len(watch) > 0 {
		d.sections = append(d.sections, plannedSection{title: v.watch, members: true, groups: pairs(watch)})
	}
	return d
}

// pick picks up to n candidates, each the best left under the first of
// conds that any candidate meets.
func (p *picker) pick(n int, conds ...func(*candidate) bool) []*candidate {
	var out []*candidate
	for len(out) < n {
		c := p.first(conds...)
		if c == nil {
			break
		}
		out = append(out, c)
	}
	return out
}

// countFacts counts the dated facts the plan carries, with extra groups
// not yet placed: every sentence whose text has a date or figure, and
// every timeline entry (chron), which its frame dates.
func countFacts(d draftPlan, chron []*candidate, extra ...[]*candidate) int {
	n := len(chron)
	count := func(c *candidate) {
		if c.fact {
			n++
		}
	}
	d.each(count)
	for _, g := range extra {
		for _, c := range g {
			count(c)
		}
	}
	return n
}

// timeline makes each candidate a dated entry of its own, in the order
// their sources were published.
func timeline(cs []*candidate) []group {
	cs = slices.Clone(cs)
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].src != cs[j].src {
			return cs[i].src < cs[j].src // sources are in publication order
		}
		return cs[i].order < cs[j].order
	})
	var out []group
	for _, c := range cs {
		out = append(out, group{cands: []*candidate{c}, dated: true})
	}
	return out
}

// chronology picks, for up to six sources in publication order, the best
// sentence not yet used, a dated fact when the source has one left; if
// none is left, the best of the first source is quoted again, so the
// members always get a timeline.
func chronology(p *picker) []*candidate {
	// With many sources, keep the six whose best sentence scores highest.
	type lead struct {
		src  int
		best float64
	}
	var leads []lead
	seen := map[int]bool{}
	for _, c := range p.cands {
		if !seen[c.src] {
			seen[c.src] = true
			leads = append(leads, lead{c.src, c.score})
		}
	}
	if len(leads) > 6 {
		leads = leads[:6] // p.cands is best first, so these are the six best
	}
	sort.Slice(leads, func(i, j int) bool { return leads[i].src < leads[j].src }) // sources are in publication order
	var out []*candidate
	for _, l := range leads {
		src := l.src
		of := func(c *candidate) bool { return c.src == src }
		if c := p.first(both(of, func(c *candidate) bool { return c.fact }), of); c != nil {
			out = append(out, c)
		}
	}
	if len(out) == 0 && len(leads) > 0 {
		for _, c := range p.cands {
			if c.src == leads[0].src {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// each calls fn with every planned sentence in reading order: the dek,
// then each section's paragraphs.
func (d draftPlan) each(fn func(*candidate)) {
	if d.dek != nil {
		fn(d.dek)
	}
	for _, s := range d.sections {
		for _, g := range s.groups {
			for _, c := range g.cands {
				fn(c)
			}
		}
		for _, r := range s.rows {
			fn(r.c)
		}
	}
}

// articlesOf returns the sources the plan quotes, with extra groups not
// yet placed in a section.
func articlesOf(d draftPlan, extra ...[]*candidate) map[int]bool {
	seen := map[int]bool{}
	d.each(func(c *candidate) { seen[c.src] = true })
	for _, g := range extra {
		for _, c := range g {
			seen[c.src] = true
		}
	}
	return seen
}

// nextFromNewArticle takes the best unused candidate from an article the
// plan does not quote yet, near-repeats allowed.
func (p *picker) nextFromNewArticle(d draftPlan, extra ...[]*candidate) *candidate {
	have := articlesOf(d, extra...)
	for _, c := range p.cands {
		if !p.used[c] && !have[c.src] {
			p.take(c)
			return c
		}
	}
	return nil
}

// pairs groups sentences two to a paragraph.
func pairs(cs []*candidate) []group {
	var out []group
	for i := 0; i < len(cs); i += 2 {
		out = append(out, group{cands: cs[i:min(i+2, len(cs))]})
	}
	return out
}

func clamp(n, lo, hi int) int { return max(lo, min(n, hi)) }
