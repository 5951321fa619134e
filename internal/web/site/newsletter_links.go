package site

import (
	"context"
	"net/http"
	"strings"

	"beatdesk"
	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
)

// The newsletter's signed links (package newsletter signs them; every
// digest carries two): one leaves the list the digest came from, the
// other opens the reader's preferences. They need no sign-in, as a reader
// clicks them from their inbox, and they do not expire.

// newsletterLink reads the token in r's path, which must be for action,
// and returns it with the reader it names and the key that signed it.
func (s *Site) newsletterLink(r *http.Request, action string) (newsletter.Token, beatdesk.Member, []byte, error) {
	ctx := r.Context()
	key, err := s.newsletterKey(ctx)
	if err != nil {
		return newsletter.Token{}, beatdesk.Member{}, nil, err
	}
	tok, err := newsletter.Read(key, r.PathValue("token"))
	if err != nil {
		return tok, beatdesk.Member{}, nil, err
	}
	if tok.Action != action {
		return tok, beatdesk.Member{}, nil, beatdesk.Errorf(beatdesk.ErrForbidden, "site.newsletterLink",
			"this link is for another page; open the link in the newsletter again")
	}
	var m beatdesk.Member
	err = s.Store.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.Member(ctx, tok.MemberID); return err })
	if err != nil {
		return tok, m, nil, err
	}
	return tok, m, key, nil
}

// newsletterKey is the key the newsletter's links are signed with,
// shared through the store by every process.
func (s *Site) newsletterKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := s.Store.Update(ctx, func(tx *store.Tx) (err error) { key, err = tx.SiteKey(ctx, newsletter.KeyName); return err })
	return key, err
}

// listName is a list as readers know it.
func (s *Site) listName(list string) string {
	if slug, ok := strings.CutPrefix(list, "weekly:"); ok {
		name, _ := s.personaName(slug)
		return name + "’s weekly digest"
	}
	return "the daily digest"
}
