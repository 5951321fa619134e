package site

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

// region lists a region's articles and the correspondents who cover it.
func (s *Site) region(w http.ResponseWriter, r *http.Request) error {
	reg, ok := beatdesk.RegionBySlug(r.PathValue("slug"))
	if !ok {
		return beatdesk.Errorf(beatdesk.ErrNotFound, "site.region", "we have no region called %q", r.PathValue("slug"))
	}
	articles, err := s.published(r.Context(), store.DraftFilter{Region: reg.Slug, Limit: 100})
	if err != nil {
		return err
	}
	var covering []beatdesk.Persona
	for _, p := range s.Personas {
		for _, slug := range p.Regions {
			if slug == reg.Slug {
				covering = append(covering, p)
				break
			}
		}
	}
	return s.Render(w, r, http.StatusOK, "site/region", reg.Name, struct {
		Region         beatdesk.Region
		Articles       []teaser
		Correspondents []beatdesk.Persona
	}{reg, articles, covering})
}
