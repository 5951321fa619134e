package desk

import (
	"net/http"
	"sort"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

type queuePage struct {
	User      beatdesk.User
	Demo      bool
	Waiting   []queueItem // in review, approved and sent back, newest first
	Published []queueItem

	// The filter: one correspondent (beat) and/or one state. With a
	// state, Filtered holds the drafts in it instead of the two lists.
	Correspondent, State string
	Filtered             []queueItem
	Correspondents       []beatdesk.Persona
	States               []stateOption
}

type stateOption struct{ Value, Name string }

type queueItem struct {
	ID                    int64
	Headline, State, Slug string
	StateName             string // "in review"
	Correspondent, Story  string
	Note                  string // why it was sent back
	Sources, Outlets      int
	Claims, Unsupported   int
	AutoPublish           bool
	UpdateProposed        bool // a proposed update waits for an editor (update.go)
	Updated, PublishedAt  time.Time
}

// queueStates are the states an editor can filter the queue by, in desk
// order ("published" lists everything live).
var queueStates = []string{beatdesk.DraftInReview, beatdesk.DraftApproved, beatdesk.DraftSentBack, beatdesk.DraftPublished,
	beatdesk.DraftUpdated, beatdesk.DraftCorrected, beatdesk.DraftRetracted, beatdesk.DraftSpiked}

// queue lists the drafts waiting for an editor and the latest published,
// optionally only one correspondent's (?correspondent=slug), or instead
// every draft in one state (?state=spiked).
func (d *Desk) queue(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.queue"
	ctx := r.Context()
	p := queuePage{User: u, Demo: d.Demo, Correspondents: d.Personas,
		Correspondent: r.URL.Query().Get("correspondent"), State: r.URL.Query().Get("state")}
	for _, s := range queueStates {
		p.States = append(p.States, stateOption{s, beatdesk.StateName(s)})
	}
	if _, known := beatdesk.DraftTransitions[p.State]; p.State != "" && !known {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%q is not a desk state; pick one from the list", p.State)
	}
	who := p.Correspondent
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		if p.State != "" {
			ds, err := tx.Drafts(ctx, store.DraftFilter{State: p.State, Persona: who, Limit: 200})
			if err != nil {
				return err
			}
			for _, dr := range ds {
				st, err := tx.Story(ctx, dr.StoryID)
				if err != nil {
					return err
				}
				p.Filtered = append(p.Filtered, d.item(dr, st))
			}
			return nil
		}
		var waiting []beatdesk.Draft
		for _, state := range []string{beatdesk.DraftInReview, beatdesk.DraftApproved, beatdesk.DraftSentBack} {
			ds, err := tx.Drafts(ctx, store.DraftFilter{State: state, Persona: who, Limit: 200})
			if err != nil {
				return err
			}
			waiting = append(waiting, ds...)
		}
		sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].UpdatedAt.After(waiting[j].UpdatedAt) })
		published, err := tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished, Persona: who, Limit: 15})
		if err != nil {
			return err
		}
		for _, list := range []struct {
			from []beatdesk.Draft
			to   *[]queueItem
		}{{waiting, &p.Waiting}, {published, &p.Published}} {
			for _, dr := range list.from {
				st, err := tx.Story(ctx, dr.StoryID)
				if err != nil {
					return err
				}
				it := d.item(dr, st)
				if beatdesk.IsLive(dr.State) {
					if _, it.UpdateProposed, err = tx.PendingUpdate(ctx, dr.ID); err != nil {
						return err
					}
				}
				*list.to = append(*list.to, it)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return d.Render(w, r, http.StatusOK, "desk/queue", "Desk", p)
}

func (d *Desk) item(dr beatdesk.Draft, st beatdesk.Story) queueItem {
	return queueItem{
		ID: dr.ID, Headline: dr.Headline, State: dr.State, StateName: beatdesk.StateName(dr.State), Slug: dr.Slug,
		Correspondent: d.correspondent(dr.PersonaSlug), Story: st.Title,
		Sources: len(dr.Citations), Outlets: len(dr.Outlets()),
		Claims: len(dr.Findings), Unsupported: dr.Unsupported(), AutoPublish: dr.AutoPublish,
		Note: dr.EditorNote, Updated: dr.UpdatedAt, PublishedAt: dr.PublishedAt,
	}
}
