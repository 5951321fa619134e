package extractive

import (
	"sort"
)

// A draftPlan is which sentences go where, before any is written out.
type draftPlan struct {
	dek      *candidate
	sections []plannedSection
}

type plannedSection struct {
	title      string
	members    bool
	dated      bool // the chronology: each sentence carries its source's date
	paragraphs [][]*candidate
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

// plan lays out the draft: the dek; public "What happened" and "The
// numbers"; members-only "How it unfolded" (one sentence per source, in
// publication order), "Background" and "What to watch". cands must be
// sorted best first.
func plan(cands []*candidate, srcs []source, v vocabulary) draftPlan {
	p := &picker{cands: cands, srcs: srcs, used: map[*candidate]bool{}, outletUses: map[string]int{}}
	var d draftPlan

	// The dek, and the first sentence of What happened, in the
	// publication language whenever a source in it has a sentence to
	// quote: readers meet the story in their language, and other languages
	// (labelled) follow. A salient sentence in another language does not
	// outrank it; scores across languages are not comparable anyway, as a
	// sentence is central when its words recur in other sources, and they
	// recur most in the language most sources use.
	inLang := func(c *candidate) bool { return srcs[c.src].lang == v.lang }
	d.dek = p.first(inLang, anyCandidate)
	dekOutlet := srcs[d.dek.src].outlet
	otherOutlet := func(c *candidate) bool { return srcs[c.src].outlet != dekOutlet }

	// What happened: leave material for the sections after it. It quotes
	// a second outlet, when the story has one, as early as the
	// publication language allows.
	n := clamp(p.left(anyCandidate)/3, 1, 4)
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
	d.sections = append(d.sections, plannedSection{title: v.happened, paragraphs: pairs(happened)})

	var numbers []*candidate
	for len(numbers) < 4 {
		c := p.next(func(c *candidate) bool { return c.figures })
		if c == nil {
			break
		}
		numbers = append(numbers, c)
	}
	if len(numbers) > 0 {
		d.sections = append(d.sections, plannedSection{title: v.numbers, paragraphs: pairs(numbers)})
	}

	d.sections = append(d.sections, chronology(p, v))

	var watch []*candidate
	for len(watch) < 3 {
		c := p.next(func(c *candidate) bool { return c.cues })
		if c == nil {
			break
		}
		watch = append(watch, c)
	}

	var background []*candidate
	if p.left(anyCandidate) >= 2 || len(d.sections) < 3 || len(watch) == 0 {
		for len(background) < 4 {
			c := p.next(anyCandidate)
			if c == nil {
				break
			}
			background = append(background, c)
		}
	}
	if len(d.sections)+len(nonEmpty(background, watch)) < 3 {
		// Three sections at least, even when the rest repeats.
		if c := p.nextOrRepeat(anyCandidate); c != nil {
			background = append(background, c)
		}
	}
	// At least three citations (one per article): add sentences from
	// articles not yet quoted, near-repeats allowed, when the plan is
	// short of them.
	for cited := len(articlesOf(d, background, watch)); cited < 3; cited++ {
		c := p.nextFromNewArticle(d, background, watch)
		if c == nil {
			break
		}
		background = append(background, c)
	}
	if len(background) > 0 {
		d.sections = append(d.sections, plannedSection{title: v.background, members: true, paragraphs: pairs(background)})
	}
	if len(watch) > 0 {
		d.sections = append(d.sections, plannedSection{title: v.watch, members: true, paragraphs: pairs(watch)})
	}
	return d
}

// chronology picks, for up to six sources in publication order, the best
// sentence not yet used; if none is left, the best of the first source is
// quoted again, so the members always get a timeline.
func chronology(p *picker, v vocabulary) plannedSection {
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
	s := plannedSection{title: v.unfolded, members: true, dated: true}
	for _, l := range leads {
		src := l.src
		if c := p.next(func(c *candidate) bool { return c.src == src }); c != nil {
			s.paragraphs = append(s.paragraphs, []*candidate{c})
		}
	}
	if len(s.paragraphs) == 0 {
		for _, c := range p.cands {
			if c.src == leads[0].src {
				s.paragraphs = append(s.paragraphs, []*candidate{c})
				break
			}
		}
	}
	return s
}

// each calls fn with every planned sentence in reading order: the dek,
// then each section's paragraphs.
func (d draftPlan) each(fn func(*candidate)) {
	if d.dek != nil {
		fn(d.dek)
	}
	for _, s := range d.sections {
		for _, g := range s.paragraphs {
			for _, c := range g {
				fn(c)
			}
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

func nonEmpty(groups ...[]*candidate) [][]*candidate {
	var out [][]*candidate
	for _, g := range groups {
		if len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// pairs groups sentences two to a paragraph.
func pairs(cs []*candidate) [][]*candidate {
	var out [][]*candidate
	for i := 0; i < len(cs); i += 2 {
		out = append(out, cs[i:min(i+2, len(cs))])
	}
	return out
}

func clamp(n, lo, hi int) int { return max(lo, min(n, hi)) }
