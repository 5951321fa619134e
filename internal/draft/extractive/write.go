package extractive

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// Input is what the writer works from.
type Input struct {
	Persona  beatdesk.Persona
	Story    beatdesk.Story
	Articles []beatdesk.Article // originals only (copies already removed)
	Lang     string             // the publication language, "en" when empty
	Now      time.Time
	// Earlier is the correspondent's own earlier published articles on
	// this story or its places (store.Tx.Memory), newest first. The draft
	// links them and tells what the sources published since.
	Earlier []beatdesk.Draft
}

// Writer is the name the writer signs its drafts with (Draft.Writer).
const Writer = "extractive"

// Write composes a draft about in.Story from in.Articles in which every
// sentence is a source sentence quoted whole, attributed to its outlet
// and cited to the article it comes from: one citation per article,
// numbered in the order the articles are first quoted, whose Passage is
// every paragraph of the article the draft quotes, in the article's
// order, separated by blank lines. It returns ErrInvalid when the
// articles hold too little to quote (fewer than three usable sentences
// from three paragraphs). The draft comes with its Findings from
// cite.Verify; State is left for the desk to set. The same input always
// gives the same draft.
func Write(in Input) (beatdesk.Draft, error) {
	const op = "extractive.Write"
	if in.Lang == "" {
		in.Lang = "en"
	}
	v := vocabularyFor(in.Lang)
	srcs := sources(in.Articles)
	if len(srcs) == 0 {
		return beatdesk.Draft{}, beatdesk.Errorf(beatdesk.ErrInvalid, op,
			"story %d has no article with text to quote; wait until its articles are fetched and extracted", in.Story.ID)
	}
	all := candidates(srcs, v)
	all = verifiable(all, srcs, v)
	passages := map[[2]int]bool{}
	for _, c := range all {
		passages[[2]int{c.src, c.para}] = true
	}
	if len(all) < 3 || len(passages) < 3 {
		return beatdesk.Draft{}, beatdesk.Errorf(beatdesk.ErrInvalid, op,
			"story %d has only %d quotable sentences in %d paragraphs across %d articles; "+
				"an extractive draft needs at least 3 from 3 paragraphs. Wait for more sources or write this one by hand",
			in.Story.ID, len(all), len(passages), len(srcs))
	}
	score(all, srcs, in.Persona, in.Lang)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].order < all[j].order
	})

	quoted := srcs
	srcs, mem := remember(srcs, in.Earlier, in.Persona, in.Lang, in.Now)
	p := plan(all, srcs, v, mem)
	d := beatdesk.Draft{
		StoryID:     in.Story.ID,
		PersonaSlug: in.Persona.Slug,
		Writer:      Writer,
		Headline:    headline(in.Story, headlineSources(quoted, mem), all, in.Lang),
		Region:      in.Story.Region,
		Places:      places(in.Story, quoted, in.Lang),
		CreatedAt:   in.Now,
		UpdatedAt:   in.Now,
	}
	w := &writer{v: v, srcs: srcs, now: in.Now}
	d.Dek, d.Sections, d.Citations = w.write(p)
	if d.Dek == "" || len(d.Sections) == 0 {
		// Every sentence passed the verifier on its own, so this means the
		// writer and the verifier disagree: a bug, not bad input.
		return beatdesk.Draft{}, beatdesk.Errorf(beatdesk.ErrInvalid, op,
			"story %d: the composed draft failed its own citation check; report this with the story id", in.Story.ID)
	}
	d.Findings = cite.Verify(&d)
	return d, nil
}

// sources keeps the articles that have text, in a stable order (by
// publication time, then outlet and URL), and splits their paragraphs.
func sources(articles []beatdesk.Article) []source {
	var out []source
	for _, a := range articles {
		if a.Partial || strings.TrimSpace(a.Text) == "" {
			continue
		}
		outlet := strings.TrimSpace(a.Outlet)
		if outlet == "" {
			if u, err := url.Parse(a.URL); err == nil {
				outlet = strings.TrimPrefix(u.Hostname(), "www.")
			}
		}
		if outlet == "" {
			continue // a quote must be attributed to someone
		}
		out = append(out, source{article: a, outlet: outlet, lang: baseLang(a.Lang), paragraphs: cite.Paragraphs(a.Text)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].article, out[j].article
		if !a.Published.Equal(b.Published) {
			return a.Published.Before(b.Published)
		}
		if out[i].outlet != out[j].outlet {
			return out[i].outlet < out[j].outlet
		}
		return a.URL < b.URL
	})
	return out
}

// verifiable keeps the candidates whose quoted form passes the citation
// verifier against their own paragraph alone. It catches the sentences
// whose punctuation the verifier would read differently from the writer.
// A sentence that passes against its paragraph also passes against any
// passage holding that paragraph, which is what the draft's citations are.
func verifiable(cands []*candidate, srcs []source, v vocabulary) []*candidate {
	var cs []beatdesk.Citation
	index := map[[2]int]int{}
	for _, c := range cands {
		k := [2]int{c.src, c.para}
		if _, ok := index[k]; !ok {
			index[k] = len(cs) + 1
			cs = append(cs, citation(len(cs)+1, srcs[c.src], []int{c.para}))
		}
	}
	check := cite.NewChecker(cs)
	var out []*candidate
	for _, c := range cands {
		src := srcs[c.src]
		s := fmt.Sprintf(v.frames[0], src.outlet, v.languageLabel(src.lang), v.quote(c.text)) + fmt.Sprintf(" [%d]", index[[2]int{c.src, c.para}])
		if check.Check(s).Supported {
			c.order = len(out)
			out = append(out, c)
		}
	}
	return out
}

// citation documents one article as source n, its Passage being the
// article's paragraphs paras (indices in article order), each exact,
// separated by a blank line.
func citation(n int, src source, paras []int) beatdesk.Citation {
	a := src.article
	texts := make([]string, len(paras))
	for i, p := range paras {
		texts[i] = src.paragraphs[p]
	}
	return beatdesk.Citation{
		N: n, ArticleID: a.ID, Outlet: src.outlet, Title: strings.TrimSpace(a.Title), URL: a.URL,
		Lang: a.Lang, Published: a.Published, FetchedAt: a.FetchedAt, Passage: strings.Join(texts, "\n\n"),
	}
}

// citations gives each article quoted by cands (in reading order) one
// citation, numbered in the order the articles are first quoted, whose
// passage holds every paragraph of the article the draft quotes. It
// returns the citations and each source's number.
func citations(cands []*candidate, srcs []source) ([]beatdesk.Citation, map[int]int) {
	number := map[int]int{}
	var order []int
	quoted := map[int]map[int]bool{}
	for _, c := range cands {
		if _, ok := number[c.src]; !ok {
			number[c.src] = len(order) + 1
			order = append(order, c.src)
			quoted[c.src] = map[int]bool{}
		}
		quoted[c.src][c.para] = true
	}
	cs := make([]beatdesk.Citation, len(order))
	for i, si := range order {
		var paras []int
		for p := range srcs[si].paragraphs {
			if quoted[si][p] {
				paras = append(paras, p)
			}
		}
		cs[i] = citation(i+1, srcs[si], paras)
	}
	return cs, number
}

// A writer renders a plan into attributed, cited text.
type writer struct {
	v     vocabulary
	srcs  []source
	now   time.Time
	frame int // rotates the attribution frames
}

// write renders the plan: the dek, the sections and their citations. A
// sentence the verifier would not pass against the finished citations is
// left out and the rest written again, so the citations hold only the
// paragraphs the draft quotes. (It cannot happen for a candidate that
// passed verifiable, but a draft must never carry one.)
func (w *writer) write(p draftPlan) (string, []beatdesk.Section, []beatdesk.Citation) {
	dropped := map[*candidate]bool{}
	for {
		var reading []*candidate
		p.each(func(c *candidate) {
			if !dropped[c] {
				reading = append(reading, c)
			}
		})
		cs, number := citations(reading, w.srcs)
		check := cite.NewChecker(cs)
		w.frame = 0
		failed := false
		// render writes a group as one paragraph, or as one paragraph a
		// sentence when the sentence splitter (and so the verifier) would
		// not find where one ends and the next begins.
		render := func(group []*candidate, dated bool) []string {
			var out []string
			for _, c := range group {
				if dropped[c] {
					continue
				}
				s := w.sentence(c, dated, number[c.src])
				if !check.Check(s).Supported {
					dropped[c], failed = true, true
					continue
				}
				out = append(out, s)
			}
			if text := strings.Join(out, " "); len(out) > 0 && len(cite.Sentences(text)) == len(out) {
				return []string{text}
			}
			return out
		}
		var dek string
		if p.dek != nil {
			dek = strings.Join(render([]*candidate{p.dek}, false), " ")
		}
		var sections []beatdesk.Section
		for _, s := range p.sections {
			var paras []string
			for _, g := range s.groups {
				paras = append(paras, render(g.cands, g.dated)...)
			}
			// The table's rows, each a paragraph that must read as one
			// sentence, so the verifier checks it whole.
			for _, r := range s.rows {
				if dropped[r.c] {
					continue
				}
				line := w.row(r, number[r.c.src])
				if !check.Check(line).Supported || len(cite.Sentences(line)) != 1 {
					dropped[r.c], failed = true, true
					continue
				}
				paras = append(paras, line)
			}
			if len(paras) > 0 {
				sections = append(sections, beatdesk.Section{Title: s.title, Paragraphs: paras, MembersOnly: s.members})
			}
		}
		if !failed {
			return dek, sections, cs
		}
	}
}

// sentence quotes c whole inside an attribution frame, cited as [n].
func (w *writer) sentence(c *candidate, dated bool, n int) string {
	src := w.srcs[c.src]
	label := w.v.languageLabel(src.lang)
	q := w.v.quote(c.text)
	var s string
	switch {
	case src.earlier:
		s = fmt.Sprintf(w.v.earlier, src.outlet, "", q, w.v.formatDate(src.article.Published, w.now))
	case dated && !src.article.Published.IsZero():
		s = fmt.Sprintf(w.v.dated, src.outlet, label, q, w.v.formatDate(src.article.Published, w.now))
	case dated:
		s = fmt.Sprintf(w.v.undated, src.outlet, label, q)
	default:
		s = fmt.Sprintf(w.v.frames[w.frame%len(w.v.frames)], src.outlet, label, q)
		w.frame++
	}
	return s + fmt.Sprintf(" [%d]", n)
}
