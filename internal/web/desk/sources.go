package desk

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// sources shows every source's health, failing ones first, how it is
// polled or pushed, and the latest items that could not be fetched.
func (d *Desk) sources(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	ctx := r.Context()
	var p struct {
		Sources []beatdesk.Source
		Failing int
		Failed  []beatdesk.Item
		Names   map[int64]string
		Push    map[int64]store.WebSub // WebSub subscriptions by source
	}
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		if p.Sources, err = tx.Sources(ctx); err != nil {
			return err
		}
		if p.Push, err = tx.WebSubsBySource(ctx); err != nil {
			return err
		}
		p.Failed, err = tx.FailedItems(ctx, 50)
		return err
	})
	if err != nil {
		return err
	}
	p.Names = map[int64]string{}
	for _, s := range p.Sources {
		p.Names[s.ID] = s.Name
		if s.ErrorCount > 0 {
			p.Failing++
		}
	}
	return d.Render(w, r, http.StatusOK, "desk/sources", "Sources", p)
}
