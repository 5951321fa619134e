package site

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

type homePage struct {
	Lead            *teaser
	ByRegion        []regionGroup
	ByCorrespondent []correspondentGroup
}

type regionGroup struct {
	Region   beatdesk.Region
	Articles []teaser
}

type correspondentGroup struct {
	Correspondent beatdesk.Persona
	Articles      []teaser
}

// perGroup is how many articles each home page group shows before "see all".
const perGroup = 4

// home shows the latest article, then the latest by region and by
// correspondent.
func (s *Site) home(w http.ResponseWriter, r *http.Request) error {
	var listed []beatdesk.Draft
	err := s.Store.View(r.Context(), func(tx *store.Tx) (err error) {
		listed, err = tx.Headlines(r.Context(), store.DraftFilter{State: beatdesk.DraftPublished, Limit: 200})
		return err
	})
	if err != nil {
		return err
	}
	latest := s.teasers(listed)

	var p homePage
	if len(latest) > 0 {
		p.Lead = &latest[0]
	}
	for _, reg := range beatdesk.Regions {
		g := regionGroup{Region: reg}
		for _, t := range latest {
			if t.Region.Slug == reg.Slug && len(g.Articles) < perGroup {
				g.Articles = append(g.Articles, t)
			}
		}
		if len(g.Articles) > 0 {
			p.ByRegion = append(p.ByRegion, g)
		}
	}
	for _, c := range s.Personas {
		g := correspondentGroup{Correspondent: c}
		for _, t := range latest {
			if t.Correspondent.Slug == c.Slug && len(g.Articles) < perGroup {
				g.Articles = append(g.Articles, t)
			}
		}
		p.ByCorrespondent = append(p.ByCorrespondent, g)
	}
	return s.Render(w, r, http.StatusOK, "site/home", s.SiteName, p)
}
