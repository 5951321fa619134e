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

// edit saves an editor's changes to a draft's text: the claims are
// verified again and the draft's revision goes up. When the text is not
// valid, or someone saved in between, the form comes back with the
// editor's text and the reason.
func (d *Desk) edit(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.edit"
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return err
	}
	if err := mayAct(u, op); err != nil {
		return err
	}
	form := readEditForm(r, id)

	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		dr, err := tx.Draft(ctx, id)
		if err != nil {
			return err
		}
		form.Sources = dr.Citations
		if dr.Revision != form.Revision {
			return beatdesk.Errorf(beatdesk.ErrConflict, op,
				"someone saved this draft (now revision %d) after you opened it; copy your changes, reload the draft and edit again", dr.Revision)
		}
		dr.Headline, dr.Dek, dr.Sections = form.Headline, form.Dek, nil
		for _, s := range form.Sections {
			if sec, ok := s.section(); ok {
				dr.Sections = append(dr.Sections, sec)
			}
		}
		if d.Verify != nil {
			dr.Findings = d.Verify(&dr)
		}
		return tx.EditDraft(ctx, dr, u.Email)
	})
	if errors.Is(err, beatdesk.ErrInvalid) || errors.Is(err, beatdesk.ErrConflict) {
		form.Error = beatdesk.Message(err)
		if len(form.Sections) == 0 || form.Sections[len(form.Sections)-1].Title != "" {
			form.Sections = append(form.Sections, editSection{MembersOnly: true})
		}
		status := http.StatusBadRequest
		if errors.Is(err, beatdesk.ErrConflict) {
			status = http.StatusConflict
		}
		return d.Render(w, r, status, "desk/edit", "Edit: "+form.Headline, form)
	}
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", "Saved; the claims were checked again.")
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
