package desk

import (
	"net/http"

	"beatdesk"
)

// resubmit puts a sent-back draft in review again.
func (d *Desk) resubmit(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.resubmit"
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	return d.move(w, r, u, id, to(beatdesk.DraftInReview), "resubmitted", "Back in review.")
}
