package site

import (
	"errors"
	"net/http"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// errNoReader rolls back a lookup that would otherwise create a reader.
var errNoReader = errors.New("no reader with that address")

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
		// The store finds readers by address only through AddMember; a
		// reader it has just created is undone by rolling back.
		m, err := tx.AddMember(ctx, email, beatdesk.LevelSubscriber)
		if err != nil {
			return err
		}
		if tx.Now.Sub(m.CreatedAt) < time.Millisecond {
			return errNoReader
		}
		msg, err = s.mailSignInLink(ctx, tx, m)
		return err
	})
	switch {
	case errors.Is(err, errNoReader):
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
