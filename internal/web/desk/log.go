package desk

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// logSize is how many of the latest actions the desk log shows.
const logSize = 300

// log shows the latest actions on the desk, newest first: every draft's
// (written, edited, approved, published, corrected, ...) and the desk's
// own (users added, roles changed), by people and by the system.
func (d *Desk) log(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	ctx := r.Context()
	var entries []store.LogEntry
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		entries, err = tx.DeskLog(ctx, logSize)
		return err
	})
	if err != nil {
		return err
	}
	return d.Render(w, r, http.StatusOK, "desk/log", "Desk log", entries)
}
