package desk

import "net/http"

type signInPage struct {
	Email, Next, Error string
}

// signInForm asks for an editor's email and password.
func (d *Desk) signInForm(w http.ResponseWriter, r *http.Request) error {
	return d.Render(w, r, http.StatusOK, "desk/signin", "Desk sign-in", signInPage{Next: localNext(r.URL.Query().Get("next"))})
}
