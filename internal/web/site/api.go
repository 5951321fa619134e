package site

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// The JSON API gives programs what the pages give people, behind the same
// gate: the members' part for members, direct source links from the
// newsletter level up, decided by beatdesk.CanSeeMemberSections and
// CanSeeSourceLinks for the reader whose session cookie comes with the
// request. Citation passages are never served.

type apiTeaser struct {
	Slug          string    `json:"slug"`
	URL           string    `json:"url"`
	Headline      string    `json:"headline"`
	Dek           string    `json:"dek"`
	Published     time.Time `json:"published"`
	Region        string    `json:"region"`
	Correspondent string    `json:"correspondent"`
}

type apiArticle struct {
	apiTeaser
	Sections []beatdesk.Section `json:"sections"` // public ones, then the members' for members
	// MembersOnly names the sections of the members' part a reader below
	// member level does not get.
	MembersOnly []string    `json:"members_only_sections,omitempty"`
	Sources     []apiSource `json:"sources"`
	Provenance  string      `json:"provenance"`
	Level       string      `json:"reader_level"` // "", "subscriber" or "member"
	Links       bool        `json:"source_links"` // whether Sources carry URLs
}

type apiSource struct {
	N         int       `json:"n"`
	Outlet    string    `json:"outlet"`
	Title     string    `json:"title"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
	URL       string    `json:"url,omitempty"`
}

// apiArticles serves GET /api/articles?region=&correspondent=&limit=:
// published articles, newest first, public parts only.
func (s *Site) apiArticles(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.DraftFilter{State: beatdesk.DraftPublished, Region: q.Get("region"), Persona: q.Get("correspondent"), Limit: 20}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return beatdesk.Errorf(beatdesk.ErrInvalid, "site.apiArticles", "limit %q must be a number from 1 to 100", v)
		}
		f.Limit = n
	}
	var ds []beatdesk.Draft
	err := s.Store.View(r.Context(), func(tx *store.Tx) (err error) {
		ds, err = tx.Drafts(r.Context(), f)
		return err
	})
	if err != nil {
		return err
	}
	out := make([]apiTeaser, 0, len(ds))
	for _, d := range ds {
		out = append(out, s.apiTeaser(d))
	}
	return writeJSON(w, http.StatusOK, false, struct {
		Articles []apiTeaser `json:"articles"`
	}{out})
}

// apiArticle serves GET /api/articles/{slug}: one article at the
// reader's level.
func (s *Site) apiArticle(w http.ResponseWriter, r *http.Request) error {
	reader, err := s.reader(r)
	if err != nil {
		return err
	}
	var d beatdesk.Draft
	err = s.Store.View(r.Context(), func(tx *store.Tx) (err error) {
		d, err = tx.Published(r.Context(), r.PathValue("slug"))
		return err
	})
	if err != nil {
		return err
	}
	a := apiArticle{apiTeaser: s.apiTeaser(d), Sections: d.PublicSections(), Level: reader.Level,
		Links: beatdesk.CanSeeSourceLinks(reader.Level), Provenance: s.BaseURL + "/articles/" + d.Slug + "/provenance.json"}
	if beatdesk.CanSeeMemberSections(reader.Level) {
		a.Sections = append(a.Sections, d.MemberSections()...)
	} else {
		for _, sec := range d.MemberSections() {
			a.MembersOnly = append(a.MembersOnly, sec.Title)
		}
	}
	for _, c := range d.Citations {
		src := apiSource{N: c.N, Outlet: c.Outlet, Title: c.Title, Lang: c.Lang, Published: c.Published}
		if a.Links {
			src.URL = c.URL
		}
		a.Sources = append(a.Sources, src)
	}
	return writeJSON(w, http.StatusOK, reader.ID != 0, a)
}

func (s *Site) apiTeaser(d beatdesk.Draft) apiTeaser {
	name, _ := s.personaName(d.PersonaSlug)
	return apiTeaser{Slug: d.Slug, URL: s.BaseURL + "/article/" + d.Slug, Headline: d.Headline,
		Dek: beatdesk.StripMarkers(d.Dek), Published: d.PublishedAt, Region: d.Region, Correspondent: name}
}

// writeJSON sends v as JSON. A personal answer (it depends on who is
// signed in) stays out of shared caches.
func writeJSON(w http.ResponseWriter, status int, personal bool, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Vary", "Cookie")
	if personal {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	w.WriteHeader(status)
	_, err = w.Write(append(body, '\n'))
	return err
}
