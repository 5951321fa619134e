package site

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// correspondent shows one correspondent's bio, beat and articles.
func (s *Site) correspondent(w http.ResponseWriter, r *http.Request) error {
	p, ok := s.persona(r.PathValue("slug"))
	if !ok {
		return beatdesk.Errorf(beatdesk.ErrNotFound, "site.correspondent", "we have no correspondent called %q", r.PathValue("slug"))
	}
	articles, err := s.published(r.Context(), store.DraftFilter{Persona: p.Slug, Limit: 100})
	if err != nil {
		return err
	}
	var regions []beatdesk.Region
	for _, slug := range p.Regions {
		if reg, ok := beatdesk.RegionBySlug(slug); ok {
			regions = append(regions, reg)
		}
	}
	return s.Render(w, r, http.StatusOK, "site/correspondent", p.Name, struct {
		Correspondent beatdesk.Persona
		Regions       []beatdesk.Region
		Articles      []teaser
	}{p, regions, articles})
}
