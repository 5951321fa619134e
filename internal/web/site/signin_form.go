package site

import "net/http"

// signInForm asks a reader for the address to send a sign-in link to.
func (s *Site) signInForm(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusOK, "site/signin", "Sign in", struct{ Next string }{localPath(r.URL.Query().Get("next"))})
}
