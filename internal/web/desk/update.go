package desk

import (
	"net/http"
	"strconv"

	"beatdesk"
	"beatdesk/internal/store"
)

// A proposalView is a live article's waiting proposed update as the
// draft page shows it: its text, each claim's finding, its new sources.
type proposalView struct {
	store.ProposedUpdate
	Unsupported int
}

// approveUpdate makes a live article's proposed update its dated update:
// readers see it under the same address, its sources in the article's
// list. A proposal with an unsupported claim needs the editor to tick
// "approve despite unsupported claims".
func (d *Desk) approveUpdate(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.approveUpdate"
	id, proposal, err := updateIDs(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	override := r.PostFormValue("override") == "yes"
	ctx := r.Context()
	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.ProposedUpdate(ctx, proposal)
		if err != nil {
			return err
		}
		if p.DraftID != id {
			return beatdesk.Errorf(beatdesk.ErrNotFound, op, "draft %d has no proposed update %d", id, proposal)
		}
		note := "approved by an editor"
		if n := p.Unsupported(); n > 0 {
			if !override {
				return beatdesk.Errorf(beatdesk.ErrConflict, op,
					"not applied: %d of %d claims are not supported by their sources; dismiss it, or tick “approve despite unsupported claims”",
					n, len(p.Findings))
			}
			note = "approved despite unsupported claims"
		}
		_, err = tx.ApplyUpdate(ctx, proposal, u.Email, note)
		return err
	})
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", "Update added; readers see it on the article, its sources in the list.")
	http.Redirect(w, r, draftPath(id), http.StatusSeeOther)
	return nil
}

// dismissUpdate drops a live article's proposed update; the reports it
// was written from are not proposed again.
func (d *Desk) dismissUpdate(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.dismissUpdate"
	id, proposal, err := updateIDs(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	ctx := r.Context()
	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.ProposedUpdate(ctx, proposal)
		if err != nil {
			return err
		}
		if p.DraftID != id {
			return beatdesk.Errorf(beatdesk.ErrNotFound, op, "draft %d has no proposed update %d", id, proposal)
		}
		_, err = tx.DismissUpdate(ctx, proposal, u.Email)
		return err
	})
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", "Proposed update dismissed.")
	http.Redirect(w, r, draftPath(id), http.StatusSeeOther)
	return nil
}

// updateIDs reads the draft's {id} and the proposal's {update} in the
// path.
func updateIDs(r *http.Request) (draft, proposal int64, err error) {
	if draft, err = draftID(r); err != nil {
		return 0, 0, err
	}
	proposal, err = strconv.ParseInt(r.PathValue("update"), 10, 64)
	if err != nil || proposal <= 0 {
		return 0, 0, beatdesk.Errorf(beatdesk.ErrNotFound, "desk.updateIDs", "there is no proposed update %q", r.PathValue("update"))
	}
	return draft, proposal, nil
}
