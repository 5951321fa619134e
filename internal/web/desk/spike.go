package desk

import (
	"net/http"
	"strings"

	"beatdesk"
)

// spike kills a draft that will not run, with an optional note saying why.
// A spiked draft stays on the desk, read-only, with its audit log.
func (d *Desk) spike(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.spike"
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	return d.move(w, r, u, id, to(beatdesk.DraftSpiked), note, "Spiked.")
}
