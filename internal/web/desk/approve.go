package desk

import (
	"net/http"

	"beatdesk"
)

// approve approves a draft in review and publishes it at once, or, with
// publish=later, only approves it; a draft already approved it publishes.
// Publishing a draft with unsupported claims is refused unless the editor
// ticks "publish despite unsupported claims".
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
	later := r.PostFormValue("publish") == "later"
	plan := func(cur beatdesk.Draft) ([]string, error) {
		var steps []string
		switch {
		case cur.State == beatdesk.DraftInReview && later:
			return []string{beatdesk.DraftApproved}, nil // publishing, later, is checked then
		case cur.State == beatdesk.DraftInReview:
			steps = []string{beatdesk.DraftApproved, beatdesk.DraftPublished}
		case cur.State == beatdesk.DraftApproved && !later:
			steps = []string{beatdesk.DraftPublished}
		default:
			return nil, beatdesk.Errorf(beatdesk.ErrConflict, op, "a draft that is %s cannot be approved or published; only drafts in review or approved can",
				beatdesk.StateName(cur.State))
		}
		if n := cur.Unsupported(); n > 0 && !override {
			return nil, beatdesk.Errorf(beatdesk.ErrConflict, op,
				"not published: %d of %d claims are not supported by their sources; edit them, send the draft back, "+
					"or tick “publish despite unsupported claims”", n, len(cur.Findings))
		}
		return steps, nil
	}
	note, done := "", "Published."
	if override {
		note = "published despite unsupported claims"
	}
	if later {
		done = "Approved; publish it when it is time."
	}
	return d.move(w, r, u, id, plan, note, done)
}
