package demo

import (
	"net/http"
	"strings"
	"time"
)

// page is what the templates in templates/ render.
type page struct {
	Lang        string
	W           *words
	Outlet      Outlet
	SiteURL     string // the outlet's homepage, absolute
	FeedURL     string
	Title       string // the <title>
	Description string
	Canonical   string
	Year        int
	Article     *articleView
	List        []link // homepage: every article; index: every outlet
	MostRead    []link // sidebar
	LD          any    // schema.org JSON-LD for article pages
}

type articleView struct {
	Title, Author, Date, DateTime string
	Paragraphs                    []string
}

type link struct {
	URL, Title, Date, Summary string
}

// index lists the demo world's outlets, so a person can find their way.
func (s *site) index(r *http.Request, base string) (*response, error) {
	p := &page{Lang: "en", W: wordsFor("en"), Title: "beatdesk demo world", Canonical: base + "/",
		SiteURL: base + "/", Year: s.now.Year()}
	p.Description = "The outlets of the beatdesk demo: fictional publications with fictional news."
	var modified time.Time
	for _, o := range s.outlets {
		p.List = append(p.List, link{URL: base + "/" + o.Slug + "/", Title: o.Name,
			Summary: o.Lang + " · " + o.Country + " · " + base + feedPath(o.Outlet)})
		if o.modified.After(modified) {
			modified = o.modified
		}
	}
	body, err := s.render("index", p)
	if err != nil {
		return nil, err
	}
	return &response{ctype: "text/html; charset=utf-8", body: body, modified: modified}, nil
}

// home is an outlet's front page: its articles, newest first.
func (s *site) home(r *http.Request, base string) (*response, error) {
	o := s.bySlug[r.PathValue("outlet")]
	if o == nil {
		return nil, nil
	}
	p := s.outletPage(o, base)
	p.Title = o.Name + " · " + o.words.Home
	p.Description = o.words.Latest + " · " + o.Name
	p.Canonical = p.SiteURL
	for _, st := range o.posts {
		p.List = append(p.List, link{URL: base + st.Path(), Title: st.Title,
			Date: o.words.Date(st.Published), Summary: st.Paragraphs[0]})
	}
	body, err := s.render("home", p)
	if err != nil {
		return nil, err
	}
	return &response{ctype: "text/html; charset=utf-8", body: body, modified: o.modified}, nil
}

// article is one article page. The year and month in the path must match
// the publication date, as they would on a real site.
func (s *site) article(r *http.Request, base string) (*response, error) {
	o := s.bySlug[r.PathValue("outlet")]
	if o == nil {
		return nil, nil
	}
	slug, ok := strings.CutSuffix(r.PathValue("file"), ".html")
	st := o.bySlug[slug]
	if !ok || st == nil || r.URL.Path != st.Path() {
		return nil, nil
	}
	url := base + st.Path()
	p := s.outletPage(o, base)
	p.Title = st.Title + " | " + o.Name
	p.Description = st.Paragraphs[0]
	p.Canonical = url
	p.Article = &articleView{Title: st.Title, Author: st.Author, Date: o.words.Date(st.Published),
		DateTime: st.Published.Format(time.RFC3339), Paragraphs: st.Paragraphs}
	for _, other := range o.posts {
		if other != st && len(p.MostRead) < 5 {
			p.MostRead = append(p.MostRead, link{URL: base + other.Path(), Title: other.Title})
		}
	}
	p.LD = map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         st.Title,
		"description":      st.Paragraphs[0],
		"datePublished":    st.Published.Format(time.RFC3339),
		"dateModified":     st.Published.Format(time.RFC3339),
		"inLanguage":       o.Lang,
		"mainEntityOfPage": url,
		"author":           map[string]string{"@type": "Person", "name": st.Author},
		"publisher":        map[string]string{"@type": "Organization", "name": o.Name},
	}
	body, err := s.render("article", p)
	if err != nil {
		return nil, err
	}
	return &response{ctype: "text/html; charset=utf-8", body: body, modified: st.Published}, nil
}

func (s *site) outletPage(o *outletSite, base string) *page {
	return &page{Lang: o.Lang, W: o.words, Outlet: o.Outlet, SiteURL: base + "/" + o.Slug + "/",
		FeedURL: base + feedPath(o.Outlet), Year: s.now.Year()}
}
