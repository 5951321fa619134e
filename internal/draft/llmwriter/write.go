// Package llmwriter has a correspondent write its analysis through a
// language model, beside the extractive writer and in the same shape: a
// headline, a dek, titled sections whose every sentence carries citation
// markers, and one Citation per source article whose Passage holds the
// paragraphs the draft relies on.
//
// The model sees the sources only as fenced data (a random per-request
// fence it cannot predict, look-alike tags removed; see userPrompt) and is
// told that instructions inside them are not to be followed. It answers
// by JSON schema: each claim with its source numbers and the source's own
// words that back it. The answer's structure is checked, and a broken one
// sent back once with the reason (llm.Call); whether the sources really
// support each claim is left to the citation verifier, which runs on
// every draft, so a claim that does not come from its sources (an obeyed
// injection, an invention) is flagged on the desk and blocks automatic
// publication instead of vanishing in a retry.
//
// The correspondent's earlier articles on the story (Input.Earlier) are
// shown fenced the same way, as data, with their pages and dates, so the
// model can say what has changed since.
//
// When the model fails (unreachable, refusing, out of retries), the
// extractive writer writes the draft instead, and the draft's editor note
// says so.
package llmwriter

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"beatdesk"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/draft/extractive"
	"beatdesk/internal/llm"
)

// Writer writes drafts through Model.
type Writer struct {
	Model llm.Model
	Retry llm.Retry // how hard to try; the zero value is llm.Call's defaults
	Price llm.Price // for the cost in Result; zero when unknown

	// MaxSources and MaxRunes bound the prompt: the newest MaxSources
	// articles, MaxRunes of each. Zero means 12 and 6,000.
	MaxSources, MaxRunes int
}

// Result is a draft and how it was made, for its provenance.
type Result struct {
	Draft         beatdesk.Draft
	Model         string // the model asked, as Model.Name gives it
	PromptVersion string
	PromptHash    string
	Outcome       llm.Outcome // attempts, tokens over all of them, failures
	CostUSD       float64
	// Fallback says why the extractive writer wrote the draft instead of
	// the model; "" when the model wrote it.
	Fallback string
}

// Write has in.Persona write about in.Story through the model, falling
// back to the extractive writer when the model fails. Its error is the
// extractive writer's (ErrInvalid when the articles hold too little),
// or ErrInvalid when no article has text. The draft comes with its
// Findings from cite.Verify.
func (w *Writer) Write(ctx context.Context, in extractive.Input) (Result, error) {
	const op = "llmwriter.Write"
	if in.Lang == "" {
		in.Lang = "en"
	}
	maxSources, maxRunes := w.MaxSources, w.MaxRunes
	if maxSources <= 0 {
		maxSources = 12
	}
	if maxRunes <= 0 {
		maxRunes = 6000
	}
	res := Result{Model: w.Model.Name(), PromptVersion: PromptVersion, PromptHash: promptHash}
	srcs := sources(in.Articles, maxSources, maxRunes)
	if len(srcs) == 0 {
		return res, beatdesk.Errorf(beatdesk.ErrInvalid, op,
			"story %d has no article with text; wait until its articles are fetched and extracted", in.Story.ID)
	}

	req := llm.Request{
		System:      systemPrompt(in.Persona, in.Lang),
		Messages:    []llm.Message{{Role: llm.RoleUser, Content: userPrompt(in.Story, srcs, earlierOf(in.Earlier), in.Now)}},
		Schema:      json.RawMessage(schema),
		SchemaName:  "analysis_article",
		MaxTokens:   6000,
		Temperature: 0.2,
	}
	var a answer
	resp, out, err := llm.Call(ctx, w.Model, req, w.Retry, func(text string) (err error) {
		a, err = parse(text, len(srcs))
		return err
	})
	res.Outcome = out
	res.CostUSD = out.Usage.Cost(w.Price)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err() // shutting down: the job runs again later
		}
		d, xerr := extractive.Write(in)
		if xerr != nil {
			return res, xerr
		}
		res.Fallback = err.Error()
		last := err.Error()
		if len(out.Failures) > 0 {
			last = out.Failures[len(out.Failures)-1]
		}
		d.EditorNote = fmt.Sprintf("The model %s failed after %d attempt(s) (last: %s); the extractive writer wrote this draft instead.",
			res.Model, out.Attempts, clip(last, 200))
		res.Draft = d
		return res, nil
	}

	d := compose(a, srcs)
	d.StoryID, d.PersonaSlug = in.Story.ID, in.Persona.Slug
	d.Writer = res.Model
	if resp.Model != "" && !strings.HasSuffix(res.Model, ":"+resp.Model) {
		d.Writer += " (answered by " + resp.Model + ")"
	}
	d.Region = in.Story.Region
	d.CreatedAt, d.UpdatedAt = in.Now, in.Now
	d.Findings = cite.Verify(&d)
	res.Draft = d
	return res, nil
}

// compose turns the model's answer into a draft: each claim's sentences
// carry the markers of the sources it names, renumbered in order of first
// citation, and each cited article's Passage holds its paragraphs that
// back some claim.
func compose(a answer, srcs []source) beatdesk.Draft {
	number := map[int]int{}     // source n → citation number
	backing := map[int][]bool{} // source n → which of its paragraphs are cited
	markers := func(c claim) string {
		var b strings.Builder
		for _, n := range dedupe(c.Sources) {
			if number[n] == 0 {
				number[n] = len(number) + 1
				backing[n] = make([]bool, len(srcs[n-1].paragraphs))
			}
			backing[n][backingParagraph(srcs[n-1], c)] = true
			fmt.Fprintf(&b, " [%d]", number[n])
		}
		return b.String()
	}
	cited := func(c claim) string {
		m := markers(c)
		var out []string
		for _, s := range cite.Sentences(c.Text) {
			out = append(out, strings.TrimSpace(s)+m)
		}
		return strings.Join(out, " ")
	}

	var d beatdesk.Draft
	d.Headline = oneLine(a.Headline)
	d.Dek = cited(claim{Text: oneLine(a.Dek.Text), Sources: a.Dek.Sources, Support: a.Dek.Support})
	for _, s := range a.Sections {
		sec := beatdesk.Section{Title: oneLine(s.Title), MembersOnly: s.MembersOnly}
		var para []string
		for _, c := range s.Claims {
			para = append(para, cited(c))
			if len(para) == claimsPerParagraph {
				sec.Paragraphs = append(sec.Paragraphs, strings.Join(para, " "))
				para = nil
			}
		}
		if len(para) > 0 {
			sec.Paragraphs = append(sec.Paragraphs, strings.Join(para, " "))
		}
		d.Sections = append(d.Sections, sec)
	}
	// The first section is always public, whatever the model marked.
	d.Sections[0].MembersOnly = false

	for _, src := range srcs {
		n := number[src.n]
		if n == 0 {
			continue
		}
		var passage []string
		for i, used := range backing[src.n] {
			if used {
				passage = append(passage, src.paragraphs[i])
			}
		}
		a := src.article
		d.Citations = append(d.Citations, beatdesk.Citation{
			N: n, ArticleID: a.ID, Outlet: a.Outlet, Title: strings.TrimSpace(a.Title), URL: a.URL,
			Lang: a.Lang, Published: a.Published, FetchedAt: a.FetchedAt, Passage: strings.Join(passage, "\n\n"),
		})
	}
	slices.SortFunc(d.Citations, func(x, y beatdesk.Citation) int { return x.N - y.N })
	return d
}

// claimsPerParagraph groups claims into paragraphs of readable length.
const claimsPerParagraph = 3

// backingParagraph returns the index of src's paragraph that holds c's
// support, or, when the support is not found word for word, the one
// sharing the most words with the claim: the verifier then judges the
// claim against the passage most likely to back it.
func backingParagraph(src source, c claim) int {
	if sup := cite.Fold(c.Support); strings.TrimSpace(sup) != "" {
		for i, p := range src.paragraphs {
			if strings.Contains(cite.Fold(p), sup) {
				return i
			}
		}
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(cite.Fold(c.Text + " " + c.Support)) {
		words[w] = true
	}
	best, bestShared := 0, -1
	for i, p := range src.paragraphs {
		shared := 0
		for _, w := range strings.Fields(cite.Fold(p)) {
			if words[w] {
				shared++
			}
		}
		if shared > bestShared {
			best, bestShared = i, shared
		}
	}
	return best
}

func dedupe(ns []int) []int {
	var out []int
	for _, n := range ns {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
