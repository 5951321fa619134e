package desk

import (
	"net/http"

	"beatdesk"
)

// approve publishes a draft in review. A draft with unsupported claims is
// refused unless the editor ticks "publish despite unsupported claims".
func (d *Desk) approve(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.approve"
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	override := r.PostFormValue("override") == "yes"
	check := func(cur beatdesk.Draft) error {
		if n := cur.Unsupported(); n > 0 && !override {
			return beatdesk.Errorf(beatdesk.ErrConflict, op,
				"not published: %d of %d claims are not supported by their sources; edit them, send the draft back, "+
					"or tick “publish despite unsupported claims”", n, len(cur.Findings))
		}
		return nil
	}
	note := ""
	if override {
		note = "published despite unsupported claims"
	}
	return d.move(w, r, u, id, check, beatdesk.DraftPublished, note, "Published.")
}
