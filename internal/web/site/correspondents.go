package site

import (
	"net/http"

	"beatdesk"
)

// correspondents lists every correspondent with their beat.
func (s *Site) correspondents(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusOK, "site/correspondents", "Our correspondents", struct {
		Correspondents []beatdesk.Persona
	}{s.Personas})
}
