package desk

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// outbox shows the latest mail the newsroom sent. Without SMTP it is where
// readers' sign-in links can be found, so viewers may not read it.
func (d *Desk) outbox(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	ctx := r.Context()
	if err := mayAct(u, "desk.outbox"); err != nil {
		return err
	}
	var mails []beatdesk.Mail
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		mails, err = tx.Outbox(ctx, 50)
		return err
	})
	if err != nil {
		return err
	}
	return d.Render(w, r, http.StatusOK, "desk/outbox", "Outbox", struct{ Mails []beatdesk.Mail }{mails})
}
