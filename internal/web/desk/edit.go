package desk

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"beatdesk"
	"beatdesk/internal/store"
)

// maxSections bounds the section fields read from one form.
const maxSections = 40

// edit saves an editor's changes to a draft's text. When the text is not
// valid, or someone saved in between, the form comes back with the
// editor's text and the reason.
func (d *Desk) edit(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	id, err := draftID(r)
	if err != nil {
		return err
	}
	form := readEditForm(r, id)
	err = d.saveEdit(r, u, "desk.edit", id, form.Revision, func(dr *beatdesk.Draft) error {
		form.Sources = dr.Citations
		dr.Headline, dr.Dek, dr.Sections = form.Headline, form.Dek, nil
		for _, s := range form.Sections {
			if sec, ok := s.section(); ok {
				dr.Sections = append(dr.Sections, sec)
			}
		}
		return nil
	})
	return d.afterEdit(w, r, id, err, func(status int, msg string) error {
		form.Error = msg
		if len(form.Sections) == 0 || form.Sections[len(form.Sections)-1].Title != "" {
			form.Sections = append(form.Sections, editSection{MembersOnly: true})
		}
		return d.Render(w, r, status, "desk/edit", "Edit: "+form.Headline, form)
	})
}

// saveEdit stores an editor's change to a draft's text, made by change to
// the draft as stored: the claims are verified again and the revision
// goes up. A change to an older revision than the stored one is refused,
// so nobody overwrites a colleague's save unseen.
func (d *Desk) saveEdit(r *http.Request, u beatdesk.User, op string, id int64, revision int, change func(*beatdesk.Draft) error) error {
	ctx := r.Context()
	if err := mayAct(u, op); err != nil {
		return err
	}
	return d.Store.Update(ctx, func(tx *store.Tx) error {
		dr, err := tx.Draft(ctx, id)
		if err != nil {
			return err
		}
		// change runs even on a stale revision: it also takes from the
		// stored draft what the form shows again (headline, sources).
		stored := dr.Revision
		changed := change(&dr)
		if stored != revision {
			return beatdesk.Errorf(beatdesk.ErrConflict, op,
				"someone saved this draft (now revision %d) after you opened it; copy your changes, reload the draft and edit again", stored)
		}
		if changed != nil {
			return changed
		}
		if d.Verify != nil {
			dr.Findings = d.Verify(&dr)
		}
		return tx.EditDraft(ctx, dr, u.Email)
	})
}

// afterEdit ends a save: back to the draft on success; the form again,
// by reshow, with the reason when the text was invalid or stale.
func (d *Desk) afterEdit(w http.ResponseWriter, r *http.Request, id int64, err error, reshow func(status int, msg string) error) error {
	switch {
	case errors.Is(err, beatdesk.ErrConflict):
		return reshow(http.StatusConflict, beatdesk.Message(err))
	case errors.Is(err, beatdesk.ErrInvalid):
		return reshow(http.StatusBadRequest, beatdesk.Message(err))
	case err != nil:
		return err
	}
	d.Sessions.Put(r.Context(), "flash", "Saved; the claims were checked again.")
	http.Redirect(w, r, draftPath(id), http.StatusSeeOther)
	return nil
}

// readEditForm reads the form as typed.
func readEditForm(r *http.Request, id int64) editPage {
	f := editPage{ID: id, Headline: strings.TrimSpace(r.PostFormValue("headline")), Dek: strings.TrimSpace(r.PostFormValue("dek"))}
	f.Revision, _ = strconv.Atoi(r.PostFormValue("revision"))
	n, _ := strconv.Atoi(r.PostFormValue("sections"))
	for i := range min(max(n, 0), maxSections) {
		k := strconv.Itoa(i)
		f.Sections = append(f.Sections, editSection{
			Title:       strings.TrimSpace(r.PostFormValue("title-" + k)),
			Body:        r.PostFormValue("body-" + k),
			MembersOnly: r.PostFormValue("members-"+k) == "yes",
		})
	}
	return f
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// section turns a form section into a draft section; one left wholly
// empty (the spare at the end of the form) is dropped.
func (s editSection) section() (beatdesk.Section, bool) {
	body := strings.ReplaceAll(s.Body, "\r\n", "\n")
	sec := beatdesk.Section{Title: s.Title, MembersOnly: s.MembersOnly}
	for _, p := range blankLine.Split(body, -1) {
		// A single line break inside a paragraph is just wrapping.
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			sec.Paragraphs = append(sec.Paragraphs, p)
		}
	}
	return sec, sec.Title != "" || len(sec.Paragraphs) > 0
}
