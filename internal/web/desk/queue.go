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
	Waiting   []queueItem // in review and sent back, newest first
	Published []queueItem
}

type queueItem struct {
	ID                    int64
	Headline, State, Slug string
	Correspondent, Story  string
	Note                  string // why it was sent back
	Sources, Outlets      int
	Claims, Unsupported   int
	AutoPublish           bool
	Updated, PublishedAt  time.Time
}

// queue lists the drafts waiting for an editor and the latest published.
func (d *Desk) queue(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	ctx := r.Context()
	p := queuePage{User: u, Demo: d.Demo}
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		var waiting []beatdesk.Draft
		for _, state := range []string{beatdesk.DraftInReview, beatdesk.DraftSentBack} {
			ds, err := tx.Drafts(ctx, store.DraftFilter{State: state, Limit: 200})
			if err != nil {
				return err
			}
			waiting = append(waiting, ds...)
		}
		sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].UpdatedAt.After(waiting[j].UpdatedAt) })
		published, err := tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished, Limit: 15})
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
				*list.to = append(*list.to, d.item(dr, st))
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
		ID: dr.ID, Headline: dr.Headline, State: dr.State, Slug: dr.Slug,
		Correspondent: d.correspondent(dr.PersonaSlug), Story: st.Title,
		Sources: len(dr.Citations), Outlets: len(dr.Outlets()),
		Claims: len(dr.Findings), Unsupported: dr.Unsupported(), AutoPublish: dr.AutoPublish,
		Note: dr.EditorNote, Updated: dr.UpdatedAt, PublishedAt: dr.PublishedAt,
	}
}
