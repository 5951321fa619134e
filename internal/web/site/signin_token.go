package site

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// signInWithToken spends an emailed sign-in link and signs the reader in.
// A link that is unknown, used or expired is ErrForbidden.
func (s *Site) signInWithToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var m beatdesk.Member
	err := s.Store.Update(ctx, func(tx *store.Tx) error {
		var err error
		m, err = tx.UseSignInToken(ctx, r.PathValue("token"))
		return err
	})
	if err != nil {
		return err
	}

	// A new session token on every sign-in, so one planted beforehand is
	// worthless.
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, "member_id", m.ID)
	s.Sessions.Put(ctx, "flash", "You are signed in as "+m.Email+".")
	http.Redirect(w, r, localPath(s.Sessions.PopString(ctx, "next")), http.StatusSeeOther)
	return nil
}
