package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"beatdesk"
	"beatdesk/internal/draft/extractive"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/store"
)

// UpdateArgs asks for an update of a live article to be proposed from
// the articles its story gained since it was published or last updated.
type UpdateArgs struct {
	DraftID int64 `json:"draft_id"`
}

func (UpdateArgs) Kind() string { return "propose_update" }

type updateWorker struct {
	river.WorkerDefaults[UpdateArgs]
	p *Pipeline
}

func (w *updateWorker) Work(ctx context.Context, job *river.Job[UpdateArgs]) error {
	return w.p.ProposeUpdate(ctx, job.Args.DraftID)
}

// queueUpdate queues, in tx, the proposal of an update to d when its
// story has just gained an article dated at, after d went live. Like a
// draft, it waits WriteDelay, and one job waits per article however many
// reports arrive meanwhile: a burst gives one proposal.
func (p *Pipeline) queueUpdate(ctx context.Context, tx *store.Tx, d beatdesk.Draft, at time.Time) error {
	if !beatdesk.IsLive(d.State) || !at.After(d.PublishedAt) {
		return nil
	}
	return p.queue.insertTx(ctx, tx, UpdateArgs{DraftID: d.ID}, whileQueued(queueDefault, tx.Now.Add(p.cfg.WriteDelay)))
}

// ProposeUpdate has the correspondent of a live article write an update
// from the story's articles dated after the article's publication or its
// last update (and not already in an update an editor acted on), quoting
// only facts its sources had not reported; keeps it on the desk for an
// editor; and, under the auto-publish policy, applies it at once when
// every claim is supported. New articles without a new dated fact give
// no proposal. Run twice with nothing new, it changes nothing; with more
// articles than the waiting proposal covers, it replaces that proposal.
func (p *Pipeline) ProposeUpdate(ctx context.Context, draftID int64) error {
	var d beatdesk.Draft
	var arts []beatdesk.Article
	var notices []beatdesk.Notice
	var decided map[int64]bool
	var pending store.ProposedUpdate
	var waiting bool
	err := p.store.View(ctx, func(tx *store.Tx) (err error) {
		if d, err = tx.Draft(ctx, draftID); err != nil || !beatdesk.IsLive(d.State) {
			return err
		}
		if arts, err = tx.StoryArticles(ctx, d.StoryID); err != nil {
			return err
		}
		if notices, err = tx.Notices(ctx, draftID); err != nil {
			return err
		}
		if decided, err = tx.DecidedUpdateArticles(ctx, draftID); err != nil {
			return err
		}
		pending, waiting, err = tx.PendingUpdate(ctx, draftID)
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) || (err == nil && !beatdesk.IsLive(d.State)) {
		return nil
	}
	if err != nil {
		return err
	}

	since := d.PublishedAt
	for _, n := range notices {
		if n.Kind == beatdesk.NoticeUpdate && n.At.After(since) {
			since = n.At
		}
	}
	cited := map[int64]bool{}
	for _, c := range d.Citations {
		cited[c.ArticleID] = true
	}
	var fresh, known []beatdesk.Article
	var ids []int64
	for _, a := range arts {
		switch {
		case cited[a.ID] || decided[a.ID] || !publishedOrFetched(a).After(since):
			known = append(known, a)
		case !a.Partial:
			fresh = append(fresh, a)
			ids = append(ids, a.ID)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	slices.Sort(ids)
	if waiting && slices.Equal(ids, sortedIDs(pending.Articles)) {
		return nil // proposed already
	}

	who, _ := persona.BySlug(p.personas, d.PersonaSlug)
	lang := who.PublishesIn(p.cfg.SiteLang)
	u, err := extractive.WriteUpdate(extractive.UpdateInput{Article: d, New: fresh, Known: known, Lang: lang})
	if errors.Is(err, beatdesk.ErrInvalid) {
		p.log.Info("no update proposed", "draft", draftID, "articles", len(fresh), "reason", beatdesk.Message(err))
		return nil
	}
	if err != nil {
		return err
	}
	return p.keepUpdate(ctx, d, who, lang, u, ids)
}

// keepUpdate glosses u's quotes in other languages, runs the citation
// verifier over it and keeps it as d's proposed update, written from the
// articles ids; under the auto-publish policy (the site's or the
// correspondent who), one whose every claim is supported is applied at
// once by the system, and the log says why. One with an unsupported
// claim always waits for an editor.
func (p *Pipeline) keepUpdate(ctx context.Context, d beatdesk.Draft, who beatdesk.Persona, lang string, u extractive.Update, ids []int64) error {
	glossed := beatdesk.Draft{Sections: []beatdesk.Section{{Paragraphs: []string{u.Text}}}, Citations: u.Citations}
	if err := extractive.Gloss(ctx, &glossed, p.cfg.Translator, lang); err != nil {
		return err
	}
	u.Text, u.Citations = glossed.Sections[0].Paragraphs[0], glossed.Citations
	u.Findings = extractive.VerifyUpdate(u)
	proposal := store.ProposedUpdate{DraftID: d.ID, Text: u.Text, Citations: u.Citations, Findings: u.Findings, Articles: ids}

	return p.store.Update(ctx, func(tx *store.Tx) error {
		id, err := tx.ProposeUpdate(ctx, proposal)
		if errors.Is(err, beatdesk.ErrConflict) {
			return nil // taken off the site meanwhile
		}
		if err != nil {
			return err
		}
		p.log.Info("update proposed", "draft", d.ID, "proposal", id, "sources", len(u.Citations), "unsupported", proposal.Unsupported())
		if !(p.cfg.AutoPublish || who.AutoPublish) || proposal.Unsupported() > 0 || len(proposal.Findings) == 0 {
			return nil
		}
		why := "demo mode"
		if !p.cfg.AutoPublish {
			why = who.Name + "'s auto-publish policy"
		}
		_, err = tx.ApplyUpdate(ctx, id, store.ActorSystem,
			fmt.Sprintf("%s: applied automatically; all %d claims verified against their sources", why, len(proposal.Findings)))
		return err
	})
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
