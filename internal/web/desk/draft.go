package desk

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

type draftPage struct {
	Draft         beatdesk.Draft
	Correspondent string
	Story         beatdesk.Story
	DekFindings   []beatdesk.Finding
	Sections      []sectionView
	Events        []store.DraftEvent
	Notices       []beatdesk.Notice // corrections, updates, retraction
	Proposal      *proposalView     // the correspondent's update waiting for an editor (update.go)
	Unsupported   int
	CanAct        bool // the user may change drafts
	InReview      bool
	SentBack      bool
	Approved      bool
	Editable      bool // text may still change (before publication)
	Live          bool // on the site: may get corrections and updates
	Spikeable     bool
	StateName     string

	// Translations are the cited articles' titles translated into the
	// site's language, by article id, shown beside the originals.
	Translations map[int64]store.Translation
}

// A sectionView is a section with each paragraph's findings beside it.
type sectionView struct {
	Title       string
	MembersOnly bool
	Paragraphs  []paragraphView
}

type paragraphView struct {
	Text     string
	Findings []beatdesk.Finding
}

// draft shows one draft in full for review: every section, each claim's
// finding, the sources with links, the audit log and the actions.
func (d *Desk) draft(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		return err
	}
	var p draftPage
	err = d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		if p.Draft, err = tx.Draft(ctx, id); err != nil {
			return err
		}
		if p.Story, err = tx.Story(ctx, p.Draft.StoryID); err != nil {
			return err
		}
		if p.Notices, err = tx.Notices(ctx, id); err != nil {
			return err
		}
		if u, waiting, err := tx.PendingUpdate(ctx, id); err != nil {
			return err
		} else if waiting {
			p.Proposal = &proposalView{ProposedUpdate: u, Unsupported: u.Unsupported()}
		}
		if p.Events, err = tx.DraftEvents(ctx, id); err != nil {
			return err
		}
		cited := make([]int64, len(p.Draft.Citations))
		for i, c := range p.Draft.Citations {
			cited[i] = c.ArticleID
		}
		p.Translations, err = tx.ArticleTranslations(ctx, cited)
		return err
	})
	if err != nil {
		return err
	}

	dr := p.Draft
	p.Correspondent = d.correspondent(dr.PersonaSlug)
	p.Unsupported = dr.Unsupported()
	p.CanAct = mayAct(u, "") == nil
	p.InReview, p.SentBack, p.Approved = dr.State == beatdesk.DraftInReview, dr.State == beatdesk.DraftSentBack, dr.State == beatdesk.DraftApproved
	p.Editable, p.Live, p.Spikeable = beatdesk.Editable(dr.State), beatdesk.IsLive(dr.State), beatdesk.CanMove(dr.State, beatdesk.DraftSpiked)
	p.StateName = beatdesk.StateName(dr.State)
	for i, sec := range dr.Sections {
		sv := sectionView{Title: sec.Title, MembersOnly: sec.MembersOnly}
		for j, text := range sec.Paragraphs {
			sv.Paragraphs = append(sv.Paragraphs, paragraphView{Text: text, Findings: findingsAt(dr.Findings, i, j)})
		}
		p.Sections = append(p.Sections, sv)
	}
	p.DekFindings = findingsAt(dr.Findings, -1, 0)
	return d.Render(w, r, http.StatusOK, "desk/draft", dr.Headline, p)
}

// findingsAt returns the findings for one paragraph (section -1 is the dek).
func findingsAt(fs []beatdesk.Finding, section, paragraph int) []beatdesk.Finding {
	var out []beatdesk.Finding
	for _, f := range fs {
		if f.Section == section && (section < 0 || f.Paragraph == paragraph) {
			out = append(out, f)
		}
	}
	return out
}
