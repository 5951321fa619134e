package site

import (
	"errors"
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// signInRequest mails a sign-in link to a reader who has an account. The
// page says the same whether or not one exists, so nobody can learn from
// it who reads us.
func (s *Site) signInRequest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, err := beatdesk.NormaliseEmail(r.PostFormValue("email"))
	if err != nil {
		return err
	}
	if !s.Allow("mail-from:"+clientIP(r)) || !s.Allow("mail-to:"+email) {
		return s.tooMany(w, r)
	}

	var msg beatdesk.Mail
	err = s.Store.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByEmail(ctx, email)
		if err != nil {
			return err
		}
		msg, err = s.mailSignInLink(ctx, tx, m, false)
		return err
	})
	switch {
	case errors.Is(err, beatdesk.ErrNotFound):
		// Say the same as for a reader we know.
	case err != nil:
		return err
	default:
		if err := s.send(ctx, msg); err != nil {
			return err
		}
	}

	s.Sessions.Put(ctx, "next", localPath(r.PostFormValue("next")))
	return s.Render(w, r, http.StatusOK, "site/message", "Check your inbox", message{
		Heading: "Check your inbox",
		Text: "If " + email + " belongs to a reader, we have sent it a sign-in link. " +
			"Follow it within 30 minutes. No email? Subscribe to the newsletter at the foot of any page.",
	})
}
