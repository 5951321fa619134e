package site

import "net/http"

// howWeWork explains the whole process, from monitoring to the gate.
func (s *Site) howWeWork(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusOK, "site/how-we-work", "How we work", struct {
		Correspondents int
		Sources        int
	}{len(s.Personas), s.sources(r.Context())})
}
