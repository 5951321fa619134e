package site

import (
	"net/http"
	"slices"
	"strings"

	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
)

// unsubscribePage asks a reader who followed the unsubscribe link in a
// digest to confirm. Following a link changes nothing, since mail
// scanners follow links too; the button, or a mail program's one-click
// request (unsubscribe), does.
func (s *Site) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	tok, m, key, err := s.newsletterLink(r, newsletter.ActUnsubscribe)
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "site/unsubscribe", "Unsubscribe", unsubscribePage{
		Email: m.Email, List: s.listName(tok.List), Token: r.PathValue("token"),
		Preferences: newsletter.Sign(key, newsletter.Token{MemberID: m.ID, Action: newsletter.ActPreferences}),
	})
}

type unsubscribePage struct {
	Email, List, Token, Preferences string
	Done                            bool
}

// unsubscribe takes the reader off the list the link names. It answers
// both the page's button and the one-click request a mail program sends
// (RFC 8058: a POST with List-Unsubscribe=One-Click, no cookies, no
// origin); doing it twice is harmless.
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok, m, key, err := s.newsletterLink(r, newsletter.ActUnsubscribe)
	if err != nil {
		return err
	}
	err = s.Store.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.NewsletterPrefs(ctx, m.ID)
		if err != nil {
			return err
		}
		if slug, ok := strings.CutPrefix(tok.List, "weekly:"); ok {
			p.Beats = slices.DeleteFunc(p.Beats, func(b string) bool { return b == slug })
		} else {
			p.Daily = false
		}
		return tx.SetNewsletterPrefs(ctx, p)
	})
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "site/unsubscribe", "Unsubscribed", unsubscribePage{
		Email: m.Email, List: s.listName(tok.List), Done: true,
		Preferences: newsletter.Sign(key, newsletter.Token{MemberID: m.ID, Action: newsletter.ActPreferences}),
	})
}
