package site

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// newsletter subscribes an address to the free newsletter and mails it a
// link that confirms it and signs the reader in.
func (s *Site) newsletter(w http.ResponseWriter, r *http.Request) error {
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
		m, err := tx.AddMember(ctx, email, beatdesk.LevelSubscriber)
		if err != nil {
			return err
		}
		msg, err = s.mailSignInLink(ctx, tx, m, true)
		return err
	})
	if err != nil {
		return err
	}
	if err := s.send(ctx, msg); err != nil {
		return err
	}

	// The same browser returns to the article it subscribed from.
	s.Sessions.Put(ctx, "next", localPath(r.PostFormValue("next")))
	return s.Render(w, r, http.StatusOK, "site/message", "Check your inbox", message{
		Heading: "Check your inbox",
		Text: "We have sent a link to " + email + ". Follow it within 30 minutes to confirm your subscription; " +
			"you will then see the direct links to every source we cite.",
	})
}
