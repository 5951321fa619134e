package desk

import (
	"context"
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
	override := r.PostFormValue("override") == "yes"
	return d.decideUpdate(w, r, u, op, "Update added; readers see it on the article, its sources in the list.",
		func(ctx context.Context, tx *store.Tx, p store.ProposedUpdate) error {
			note := "approved by an editor"
			if n := p.Unsupported(); n > 0 {
				if !override {
					return beatdesk.Errorf(beatdesk.ErrConflict, op,
						"not applied: %d of %d claims are not supported by their sources; dismiss it, or tick “approve despite unsupported claims”",
						n, len(p.Findings))
				}
				note = "approved despite unsupported claims"
			}
			_, err := tx.ApplyUpdate(ctx, p.ID, u.Email, note)
			return err
		})
}

// dismissUpdate drops a live article's proposed update; the reports it
// was written from are not proposed again.
func (d *Desk) dismissUpdate(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	return d.decideUpdate(w, r, u, "desk.dismissUpdate", "Proposed update dismissed.",
		func(ctx context.Context, tx *store.Tx, p store.ProposedUpdate) error {
			_, err := tx.DismissUpdate(ctx, p.ID, u.Email)
			return err
		})
}

// decideUpdate runs decide, in one transaction, on the proposed update
// the path names, if the user may act and it belongs to the path's
// draft; then it says done and goes back to the draft.
func (d *Desk) decideUpdate(w http.ResponseWriter, r *http.Request, u beatdesk.User, op, done string,
	decide func(ctx context.Context, tx *store.Tx, p store.ProposedUpdate) error) error {
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
		return decide(ctx, tx, p)
	})
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", done)
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
