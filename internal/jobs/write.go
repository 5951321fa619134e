package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"beatdesk"
	"beatdesk/internal/analyze/dedup"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/draft/extractive"
	"beatdesk/internal/draft/llmwriter"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/store"
)

// autoPublishable reports whether a draft may go out without an editor:
// every claim verified, and at least three sources from two outlets.
// Anything less waits on the desk.
func autoPublishable(d beatdesk.Draft) bool {
	return d.Unsupported() == 0 && len(d.Findings) > 0 && len(d.Citations) >= 3 && len(d.Outlets()) >= 2
}

// WriteArgs asks for a story's draft to be written.
type WriteArgs struct {
	StoryID int64 `json:"story_id"`
}

func (WriteArgs) Kind() string { return "write" }

type writeWorker struct {
	river.WorkerDefaults[WriteArgs]
	p *Pipeline
}

func (w *writeWorker) Work(ctx context.Context, job *river.Job[WriteArgs]) error {
	return w.p.Write(ctx, job.Args.StoryID)
}

// Timeout gives a model time to write a long article, retries included.
func (w *writeWorker) Timeout(*river.Job[WriteArgs]) time.Duration { return 15 * time.Minute }

// draft has the configured writer write: the model when one is set (the
// extractive writer standing in when it fails, as the draft's editor note
// says), else the extractive writer.
// The draft's Provenance records the writer, the model's figures and
// every article the writer was given.
func (p *Pipeline) draft(ctx context.Context, in extractive.Input) (beatdesk.Draft, error) {
	if p.cfg.Model == nil {
		d, err := extractive.Write(in)
		if err != nil {
			return d, err
		}
		if err := extractive.Gloss(ctx, &d, p.cfg.Translator, in.Lang); err != nil {
			return beatdesk.Draft{}, err
		}
		d.Provenance = beatdesk.Provenance{Writer: d.Writer, Consulted: consulted(in, d)}
		return d, nil
	}
	w := llmwriter.Writer{Model: p.cfg.Model, Price: p.cfg.ModelPrice, Retry: p.cfg.ModelRetry}
	res, err := w.Write(ctx, in)
	if err != nil {
		return beatdesk.Draft{}, err
	}
	p.log.Info("draft written", "story", in.Story.ID, "model", res.Model, "attempts", res.Outcome.Attempts,
		"input_tokens", res.Outcome.Usage.InputTokens, "output_tokens", res.Outcome.Usage.OutputTokens,
		"cost_usd", res.CostUSD, "prompt", res.PromptVersion+"/"+res.PromptHash, "fallback", res.Fallback)
	d := res.Draft
	if err := extractive.Gloss(ctx, &d, p.cfg.Translator, in.Lang); err != nil {
		return beatdesk.Draft{}, err
	}
	d.Provenance = beatdesk.Provenance{
		Writer: d.Writer, PromptVersion: res.PromptVersion, PromptHash: res.PromptHash, Attempts: res.Outcome.Attempts,
		InputTokens: res.Outcome.Usage.InputTokens, OutputTokens: res.Outcome.Usage.OutputTokens, CostUSD: res.CostUSD,
		Fallback: res.Fallback, Consulted: consulted(in, d),
	}
	return d, nil
}

// consulted lists what a writer was given, marking what d cites: the
// story's articles, then the correspondent's own earlier articles
// (in.Earlier), each by its page, hashed as an article's text is, over
// the text any reader sees of it.
func consulted(in extractive.Input, d beatdesk.Draft) []beatdesk.Consulted {
	cited := map[int64]bool{}
	pages := map[string]bool{}
	for _, c := range d.Citations {
		if c.ArticleID != 0 {
			cited[c.ArticleID] = true
		} else {
			pages[c.URL] = true
		}
	}
	out := make([]beatdesk.Consulted, 0, len(in.Articles)+len(in.Earlier))
	for _, a := range in.Articles {
		out = append(out, beatdesk.Consulted{ArticleID: a.ID, URL: a.URL, Outlet: a.Outlet, Lang: a.Lang,
			Published: a.Published, FetchedAt: a.FetchedAt, ContentHash: a.ContentHash, Cited: cited[a.ID]})
	}
	author := in.Persona.Name
	if author == "" {
		author = in.Persona.Slug
	}
	for _, e := range in.Earlier {
		if e.Slug == "" {
			continue
		}
		page := extractive.EarlierURL(e.Slug)
		out = append(out, beatdesk.Consulted{URL: page, Outlet: author, Lang: in.Lang, Published: e.PublishedAt,
			FetchedAt: in.Now, ContentHash: dedup.ContentHash(e.PublicText()), Cited: pages[page]})
	}
	return out
}

// Write has the story's correspondent write its draft, runs the citation
// verifier over it and puts it on the desk. With AutoPublish on (the
// demo), or the correspondent's own auto-publish policy, a draft whose
// every claim is supported is published at once and the desk says so. A story that already has a draft is left alone.
func (p *Pipeline) Write(ctx context.Context, storyID int64) error {
	var st beatdesk.Story
	var arts []beatdesk.Article
	drafted := false
	err := p.store.View(ctx, func(tx *store.Tx) (err error) {
		if st, err = tx.Story(ctx, storyID); err != nil {
			return err
		}
		if _, drafted, err = tx.DraftForStory(ctx, storyID); err != nil || drafted {
			return err
		}
		arts, err = tx.StoryArticles(ctx, storyID)
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) || drafted {
		return nil
	}
	if err != nil {
		return err
	}
	who, ok := persona.BySlug(p.personas, st.PersonaSlug)
	if !ok {
		p.log.Warn("story routed to an unknown correspondent; not drafted", "story", storyID, "persona", st.PersonaSlug)
		return nil
	}
	in := extractive.Input{Persona: who, Story: st, Articles: arts, Lang: who.PublishesIn(p.cfg.SiteLang), Now: p.store.Now()}
	// The correspondent's memory: their own earlier articles on this
	// story or its places, which the draft links and builds on.
	err = p.store.View(ctx, func(tx *store.Tx) (err error) {
		in.Earlier, err = tx.Memory(ctx, store.MemoryQuery{Persona: who.Slug, StoryID: st.ID,
			Places: extractive.KeyPlaces(st, arts, in.Lang), Before: in.Now})
		return err
	})
	if err != nil {
		return err
	}
	d, err := p.draft(ctx, in)
	if errors.Is(err, beatdesk.ErrInvalid) {
		// Not enough material yet; the next article in the story queues
		// another attempt.
		p.log.Info("story not drafted", "story", storyID, "reason", beatdesk.Message(err))
		return nil
	}
	if err != nil {
		return err
	}
	d.StoryID, d.PersonaSlug = st.ID, who.Slug
	if d.Region == "" {
		d.Region = st.Region
	}
	d.Findings = cite.Verify(&d)

	return p.store.Update(ctx, func(tx *store.Tx) error {
		id, err := tx.AddDraft(ctx, d, store.ActorSystem)
		if errors.Is(err, beatdesk.ErrConflict) {
			return nil // another run wrote it first
		}
		if err != nil {
			return err
		}
		if !(p.cfg.AutoPublish || who.AutoPublish) || !autoPublishable(d) {
			return nil
		}
		why := "demo mode"
		if !p.cfg.AutoPublish {
			why = who.Name + "'s auto-publish policy"
		}
		moved, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem,
			fmt.Sprintf("%s: published automatically; all %d claims verified against their sources", why, len(d.Findings)))
		if err != nil {
			return err
		}
		return tx.IndexPublished(ctx, id, text.PublishedTerms(moved, p.cfg.SiteLang))
	})
}
