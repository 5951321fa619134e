package desk

import (
	"errors"
	"net/http"
	"strings"
	"sync"

	"beatdesk"
	"beatdesk/internal/password"
	"beatdesk/internal/store"
)

// signIn checks an editor's email and password and starts a desk session.
// Attempts are limited per address and per email, so passwords cannot be
// guessed at speed.
func (d *Desk) signIn(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	form := signInPage{Email: strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))), Next: localNext(r.PostFormValue("next"))}
	if !d.Allow("desk-from:"+clientIP(r)) || !d.Allow("desk-email:"+form.Email) {
		form.Error = "Too many sign-in attempts. Wait a quarter of an hour and try again."
		return d.Render(w, r, http.StatusTooManyRequests, "desk/signin", "Desk sign-in", form)
	}

	var u beatdesk.User
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.UserByEmail(ctx, form.Email)
		return err
	})
	if err != nil && !errors.Is(err, beatdesk.ErrNotFound) {
		return err
	}
	// An unknown email costs as much as a wrong password, so the time a
	// refusal takes does not tell which it was.
	hash := u.PasswordHash
	if err != nil {
		hash = decoyHash()
	}
	if !password.Check(hash, r.PostFormValue("password")) || err != nil {
		form.Error = "That email and password do not match a desk account."
		return d.Render(w, r, http.StatusUnauthorized, "desk/signin", "Desk sign-in", form)
	}

	if err := d.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	d.Sessions.Put(ctx, "user_id", u.ID)
	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		return tx.LogDesk(ctx, u.Email, "signed in", u.Email, "from "+clientIP(r))
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, form.Next, http.StatusSeeOther)
	return nil
}

var decoyHash = sync.OnceValue(func() string {
	h, err := password.Hash("no account has this password")
	if err != nil {
		panic(err)
	}
	return h
})
