package desk

import (
	"net/http"
	"strings"

	"beatdesk"
	"beatdesk/internal/store"
)

// notice adds a dated correction, update or retraction to a published
// article; readers see it on the article under the same address.
func (d *Desk) notice(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.notice"
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	n := beatdesk.Notice{DraftID: id, Kind: r.PostFormValue("kind"), Text: strings.TrimSpace(r.PostFormValue("text"))}
	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.AddNotice(ctx, n, u.Email)
		return err
	})
	if err != nil {
		return err
	}
	done := map[string]string{
		beatdesk.NoticeCorrection: "Correction added; readers see it on the article.",
		beatdesk.NoticeUpdate:     "Update added; readers see it on the article.",
		beatdesk.NoticeRetraction: "Retracted; the article’s address now says so.",
	}[n.Kind]
	d.Sessions.Put(ctx, "flash", done)
	http.Redirect(w, r, draftPath(id), http.StatusSeeOther)
	return nil
}
