package desk

import (
	"net/http"
	"strconv"
	"strings"

	"beatdesk"
	"beatdesk/internal/store"
)

type revisionsPage struct {
	Draft     beatdesk.Draft
	Revisions []store.Revision
	From, To  store.Revision
	Diff      [][]span // paragraphs of the word diff from From to To
	Changed   bool     // whether From and To differ at all
}

// revisions lists every saved text of a draft (who, when) and shows what
// changed between two of them, word by word: by default the latest and
// the one before it; ?from=N&to=M picks others.
func (d *Desk) revisions(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.revisions"
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return err
	}
	var p revisionsPage
	err = d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		if p.Draft, err = tx.Draft(ctx, id); err != nil {
			return err
		}
		p.Revisions, err = tx.Revisions(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	if len(p.Revisions) == 0 {
		return beatdesk.Errorf(beatdesk.ErrNotFound, op, "draft %d has no saved revisions", id)
	}
	last := p.Revisions[len(p.Revisions)-1].Revision
	to, err := revisionParam(r, "to", last)
	if err != nil {
		return err
	}
	from, err := revisionParam(r, "from", max(to-1, 1))
	if err != nil {
		return err
	}
	var okFrom, okTo bool
	for _, rev := range p.Revisions {
		if rev.Revision == from {
			p.From, okFrom = rev, true
		}
		if rev.Revision == to {
			p.To, okTo = rev, true
		}
	}
	if missing := from; !okFrom || !okTo {
		if okFrom {
			missing = to
		}
		return beatdesk.Errorf(beatdesk.ErrNotFound, op, "draft %d has revisions 1 to %d; there is no revision %d", id, last, missing)
	}
	old, new := revisionText(p.From), revisionText(p.To)
	p.Diff, p.Changed = wordDiff(old, new), old != new
	return d.Render(w, r, http.StatusOK, "desk/revisions", "Revisions: "+p.Draft.Headline, p)
}

func revisionParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, beatdesk.Errorf(beatdesk.ErrInvalid, "desk.revisions", "%s=%q is not a revision number", name, v)
	}
	return n, nil
}

// revisionText is a revision as one text for comparing: headline, dek,
// then each section's title and paragraphs, separated by blank lines.
func revisionText(rev store.Revision) string {
	parts := []string{rev.Headline, rev.Dek}
	for _, s := range rev.Sections {
		title := "§ " + s.Title
		if s.MembersOnly {
			title += " (members only)"
		}
		parts = append(parts, title)
		parts = append(parts, s.Paragraphs...)
	}
	return strings.Join(parts, "\n\n")
}
