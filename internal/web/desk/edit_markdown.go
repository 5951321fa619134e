package desk

import (
	"net/http"
	"strconv"

	"beatdesk"
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
	dr, err := d.editableDraft(r, u, "desk.editMarkdownForm")
	if err != nil {
		return err
	}
	p := markdownPage{ID: dr.ID, Revision: dr.Revision, Headline: dr.Headline, Markdown: draftMarkdown(dr.Headline, dr.Dek, dr.Sections), Sources: dr.Citations}
	return d.Render(w, r, http.StatusOK, "desk/edit_markdown", "Edit: "+dr.Headline, p)
}

// editMarkdown saves a draft edited as Markdown: like the section form,
// the claims are verified again and the revision goes up; text that is
// not a valid draft comes back with the reason.
func (d *Desk) editMarkdown(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	id, err := draftID(r)
	if err != nil {
		return err
	}
	p := markdownPage{ID: id, Markdown: r.PostFormValue("markdown")}
	p.Revision, _ = strconv.Atoi(r.PostFormValue("revision"))
	err = d.saveEdit(r, u, "desk.editMarkdown", id, p.Revision, func(dr *beatdesk.Draft) (err error) {
		p.Headline, p.Sources = dr.Headline, dr.Citations
		dr.Headline, dr.Dek, dr.Sections, err = parseDraftMarkdown(p.Markdown)
		return err
	})
	return d.afterEdit(w, r, id, err, func(status int, msg string) error {
		p.Error = msg
		return d.Render(w, r, status, "desk/edit_markdown", "Edit: "+p.Headline, p)
	})
}
