package site

import (
	"net/http"

	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
)

// preferences shows what a reader receives, from the link in any digest:
// the daily digest, and the weekly digest of each correspondent.
func (s *Site) preferences(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, m, _, err := s.newsletterLink(r, newsletter.ActPreferences)
	if err != nil {
		return err
	}
	var p store.NewsletterPrefs
	err = s.Store.View(ctx, func(tx *store.Tx) (err error) { p, err = tx.NewsletterPrefs(ctx, m.ID); return err })
	if err != nil {
		return err
	}
	return s.renderPreferences(w, r, m.Email, p, false)
}

// savePreferences replaces a reader's choices with the form's. Only the
// site's correspondents can be chosen.
func (s *Site) savePreferences(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, m, _, err := s.newsletterLink(r, newsletter.ActPreferences)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	p := store.NewsletterPrefs{MemberID: m.ID, Daily: r.PostForm.Get("daily") == "on"}
	chosen := map[string]bool{}
	for _, b := range r.PostForm["beat"] {
		chosen[b] = true
	}
	for _, c := range s.Personas {
		if chosen[c.Slug] {
			p.Beats = append(p.Beats, c.Slug)
		}
	}
	if err := s.Store.Update(ctx, func(tx *store.Tx) error { return tx.SetNewsletterPrefs(ctx, p) }); err != nil {
		return err
	}
	return s.renderPreferences(w, r, m.Email, p, true)
}

func (s *Site) renderPreferences(w http.ResponseWriter, r *http.Request, email string, p store.NewsletterPrefs, saved bool) error {
	page := preferencesPage{Email: email, Token: r.PathValue("token"), Daily: p.Daily, Saved: saved}
	chosen := map[string]bool{}
	for _, b := range p.Beats {
		chosen[b] = true
	}
	for _, c := range s.Personas {
		page.Beats = append(page.Beats, beatChoice{Slug: c.Slug, Name: c.Name, Beat: c.Beat, Chosen: chosen[c.Slug]})
	}
	return s.Render(w, r, http.StatusOK, "site/preferences", "Newsletter preferences", page)
}

type preferencesPage struct {
	Email, Token string
	Daily, Saved bool
	Beats        []beatChoice
}

type beatChoice struct {
	Slug, Name, Beat string
	Chosen           bool
}

// myPreferences sends a signed-in reader to their preferences page, and
// anyone else to sign in first.
func (s *Site) myPreferences(w http.ResponseWriter, r *http.Request) error {
	m, err := s.reader(r)
	if err != nil {
		return err
	}
	if m.ID == 0 {
		http.Redirect(w, r, "/signin?next=/newsletter/preferences", http.StatusSeeOther)
		return nil
	}
	key, err := s.newsletterKey(r.Context())
	if err != nil {
		return err
	}
	tok := newsletter.Sign(key, newsletter.Token{MemberID: m.ID, Action: newsletter.ActPreferences})
	http.Redirect(w, r, "/newsletter/preferences/"+tok, http.StatusSeeOther)
	return nil
}
