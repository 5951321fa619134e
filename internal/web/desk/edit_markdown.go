package desk

import (
	"errors"
	"net/http"
	"strconv"

	"beatdesk"
	"beatdesk/internal/store"
)

// markdownPage is the draft's whole text as one Markdown document, kept
// as typed when saving fails.
type markdownPage struct {
	ID       int64
	Revision int
	Headline string
	Markdown string
	Sources  []beatdesk.Citation
	Error    string
}

// editMarkdownForm shows a draft's text as Markdown for editing.
func (d *Desk) editMarkdownForm(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.editMarkdownForm"
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	var dr beatdesk.Draft
	err = d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		dr, err = tx.Draft(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	if !beatdesk.Editable(dr.State) {
		return beatdesk.Errorf(beatdesk.ErrConflict, op, "a %s draft cannot be edited; add a correction or an update instead", beatdesk.StateName(dr.State))
	}
	p := markdownPage{ID: id, Revision: dr.Revision, Headline: dr.Headline, Markdown: draftMarkdown(dr.Headline, dr.Dek, dr.Sections), Sources: dr.Citations}
	return d.Render(w, r, http.StatusOK, "desk/edit_markdown", "Edit: "+dr.Headline, p)
}

// editMarkdown saves a draft edited as Markdown: like the section form,
// the claims are verified again and the revision goes up; text that is
// not a valid draft comes back with the reason.
func (d *Desk) editMarkdown(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.editMarkdown"
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	p := markdownPage{ID: id, Markdown: r.PostFormValue("markdown")}
	p.Revision, _ = strconv.Atoi(r.PostFormValue("revision"))
	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		dr, err := tx.Draft(ctx, id)
		if err != nil {
			return err
		}
		p.Headline, p.Sources = dr.Headline, dr.Citations
		if dr.Revision != p.Revision {
			return beatdesk.Errorf(beatdesk.ErrConflict, op,
				"someone saved this draft (now revision %d) after you opened it; copy your changes, reload the draft and edit again", dr.Revision)
		}
		if dr.Headline, dr.Dek, dr.Sections, err = parseDraftMarkdown(p.Markdown); err != nil {
			return err
		}
		if d.Verify != nil {
			dr.Findings = d.Verify(&dr)
		}
		return tx.EditDraft(ctx, dr, u.Email)
	})
	if errors.Is(err, beatdesk.ErrInvalid) || errors.Is(err, beatdesk.ErrConflict) {
		p.Error = beatdesk.Message(err)
		status := http.StatusBadRequest
		if errors.Is(err, beatdesk.ErrConflict) {
			status = http.StatusConflict
		}
		return d.Render(w, r, status, "desk/edit_markdown", "Edit: "+p.Headline, p)
	}
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", "Saved; the claims were checked again.")
	http.Redirect(w, r, draftPath(id), http.StatusSeeOther)
	return nil
}
