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
}

// Writer is the name the writer signs its drafts with (Draft.Writer).
const Writer = "extractive"

// Write composes a draft about in.Story from in.Articles in which every
// sentence is a source sentence quoted whole, attributed to its outlet
// and cited to the paragraph it comes from. It returns ErrInvalid when the
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

	p := plan(all, srcs, v)
	w := &writer{v: v, srcs: srcs, now: in.Now}
	d := beatdesk.Draft{
		StoryID:     in.Story.ID,
		PersonaSlug: in.Persona.Slug,
		Writer:      Writer,
		Headline:    headline(in.Story, srcs, all, in.Lang),
		Region:      in.Story.Region,
		Places:      places(in.Story, srcs, in.Lang),
		CreatedAt:   in.Now,
		UpdatedAt:   in.Now,
	}
	d.Dek = w.paragraph([]*candidate{p.dek}, false)
	for _, s := range p.sections {
		var paras []string
		for _, group := range s.paragraphs {
			if text := w.paragraph(group, s.dated); text != "" {
				paras = append(paras, text)
			}
		}
		if len(paras) > 0 {
			d.Sections = append(d.Sections, beatdesk.Section{Title: s.title, Paragraphs: paras, MembersOnly: s.members})
		}
	}
	d.Citations = w.citations
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
		out = append(out, source{article: a, outlet: outlet, lang: baseLang(a.Lang), paragraphs: paragraphs(a.Text)})
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
// verifier against their own paragraph. It catches the sentences whose
// punctuation the verifier would read differently from the writer.
func verifiable(cands []*candidate, srcs []source, v vocabulary) []*candidate {
	var cs []beatdesk.Citation
	index := map[[2]int]int{}
	for _, c := range cands {
		k := [2]int{c.src, c.para}
		if _, ok := index[k]; !ok {
			index[k] = len(cs) + 1
			cs = append(cs, citation(len(cs)+1, srcs[c.src], c.para))
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

func citation(n int, src source, para int) beatdesk.Citation {
	a := src.article
	return beatdesk.Citation{
		N: n, ArticleID: a.ID, Outlet: src.outlet, Title: strings.TrimSpace(a.Title), URL: a.URL,
		Lang: a.Lang, Published: a.Published, FetchedAt: a.FetchedAt, Passage: src.paragraphs[para],
	}
}

// A writer renders planned sentences into attributed, cited text,
// numbering citations in the order they are first used.
type writer struct {
	v         vocabulary
	srcs      []source
	now       time.Time
	citations []beatdesk.Citation
	index     map[[2]int]int
	frame     int // rotates the attribution frames
}

// paragraph renders a group of candidates as one paragraph. A sentence
// the verifier would not pass is left out (it cannot happen for a
// candidate that passed verifiable, but a draft must never carry one).
func (w *writer) paragraph(group []*candidate, dated bool) string {
	if w.index == nil {
		w.index = map[[2]int]int{}
	}
	var out []string
	for _, c := range group {
		src := w.srcs[c.src]
		k := [2]int{c.src, c.para}
		n, known := w.index[k]
		if !known {
			n = len(w.citations) + 1
		}
		label := w.v.languageLabel(src.lang)
		q := w.v.quote(c.text)
		var s string
		switch {
		case dated && !src.article.Published.IsZero():
			s = fmt.Sprintf(w.v.dated, src.outlet, label, q, w.v.formatDate(src.article.Published, w.now))
		case dated:
			s = fmt.Sprintf(w.v.undated, src.outlet, label, q)
		default:
			s = fmt.Sprintf(w.v.frames[w.frame%len(w.v.frames)], src.outlet, label, q)
			w.frame++
		}
		s += fmt.Sprintf(" [%d]", n)
		cs := w.citations
		if !known {
			cs = append(cs[:len(cs):len(cs)], citation(n, src, c.para))
		}
		if !cite.NewChecker(cs).Check(s).Supported {
			continue
		}
		if !known {
			w.citations = cs
			w.index[k] = n
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}
