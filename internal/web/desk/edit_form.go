package desk

import (
	"net/http"
	"strings"

	"beatdesk"
	"beatdesk/internal/store"
)

// editPage is the edit form: the draft's text as the editor sees and
// changes it, kept as typed when saving fails.
type editPage struct {
	ID       int64
	Revision int
	Headline string
	Dek      string
	Sections []editSection
	Sources  []beatdesk.Citation
	Error    string
}

type editSection struct {
	Title       string
	Body        string // paragraphs separated by blank lines
	MembersOnly bool
}

// editForm shows a draft's text for editing, with one empty section at
// the end for adding one.
func (d *Desk) editForm(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	dr, err := d.editableDraft(r, u, "desk.editForm")
	if err != nil {
		return err
	}
	p := editPage{ID: dr.ID, Revision: dr.Revision, Headline: dr.Headline, Dek: dr.Dek, Sources: dr.Citations}
	for _, s := range dr.Sections {
		p.Sections = append(p.Sections, editSection{Title: s.Title, Body: strings.Join(s.Paragraphs, "\n\n"), MembersOnly: s.MembersOnly})
	}
	p.Sections = append(p.Sections, editSection{MembersOnly: true})
	return d.Render(w, r, http.StatusOK, "desk/edit", "Edit: "+dr.Headline, p)
}

// editableDraft loads the draft an edit form is for, once it is clear
// that u may edit and that the draft's state allows it.
func (d *Desk) editableDraft(r *http.Request, u beatdesk.User, op string) (beatdesk.Draft, error) {
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return beatdesk.Draft{}, err
	}
	if err := mayAct(u, op); err != nil {
		return beatdesk.Draft{}, err
	}
	var dr beatdesk.Draft
	err = d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		dr, err = tx.Draft(ctx, id)
		return err
	})
	if err != nil {
		return beatdesk.Draft{}, err
	}
	if !beatdesk.Editable(dr.State) {
		return beatdesk.Draft{}, beatdesk.Errorf(beatdesk.ErrConflict, op, "a %s draft cannot be edited; add a correction or an update instead", beatdesk.StateName(dr.State))
	}
	return dr, nil
}
