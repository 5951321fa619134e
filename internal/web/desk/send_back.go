package desk

import (
	"net/http"
	"strings"

	"beatdesk"
)

// sendBack returns a draft to its correspondent with a note saying what
// must change; the note is required.
func (d *Desk) sendBack(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.sendBack"
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	if note == "" {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "write a note saying what needs to change before sending the draft back")
	}
	return d.move(w, r, u, id, to(beatdesk.DraftSentBack), note, "Sent back.")
}
