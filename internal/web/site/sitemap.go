package site

import (
	"encoding/xml"
	"net/http"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

type (
	urlset struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		News    string       `xml:"xmlns:news,attr,omitempty"`
		URLs    []sitemapURL `xml:"url"`
	}
	sitemapURL struct {
		Loc     string       `xml:"loc"`
		LastMod string       `xml:"lastmod,omitempty"`
		News    *sitemapNews `xml:"news:news,omitempty"`
	}
	sitemapNews struct {
		Publication struct {
			Name     string `xml:"news:name"`
			Language string `xml:"news:language"`
		} `xml:"news:publication"`
		Date  string `xml:"news:publication_date"`
		Title string `xml:"news:title"`
	}
)

// sitemapSize caps the articles listed; the sitemap protocol allows 50,000
// URLs a file.
const sitemapSize = 45000

// newsWindow is how far back a news sitemap reaches (the news sitemap
// convention: articles from the last two days).
const newsWindow = 48 * time.Hour

// sitemap serves GET /sitemap.xml: the home, region and correspondent
// pages and every published article, newest first.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.publishedDrafts(r, sitemapSize)
	if err != nil {
		return err
	}
	doc := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	doc.URLs = append(doc.URLs, sitemapURL{Loc: s.BaseURL + "/"}, sitemapURL{Loc: s.BaseURL + "/correspondents"})
	for _, reg := range beatdesk.Regions {
		doc.URLs = append(doc.URLs, sitemapURL{Loc: s.BaseURL + "/regions/" + reg.Slug})
	}
	for _, p := range s.Personas {
		doc.URLs = append(doc.URLs, sitemapURL{Loc: s.BaseURL + "/correspondents/" + p.Slug})
	}
	for _, d := range ds {
		doc.URLs = append(doc.URLs, sitemapURL{Loc: s.BaseURL + "/article/" + d.Slug, LastMod: d.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	return writeXML(w, "application/xml; charset=utf-8", doc)
}

// newsSitemap serves GET /news-sitemap.xml: the articles of the last two
// days with their titles, as news search engines read them.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.publishedDrafts(r, 1000)
	if err != nil {
		return err
	}
	doc := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", News: "http://www.google.com/schemas/sitemap-news/0.9"}
	cutoff := time.Now().Add(-newsWindow)
	for _, d := range ds {
		if d.PublishedAt.Before(cutoff) {
			break // newest first
		}
		n := &sitemapNews{Date: d.PublishedAt.UTC().Format(time.RFC3339), Title: d.Headline}
		n.Publication.Name, n.Publication.Language = s.SiteName, "en"
		doc.URLs = append(doc.URLs, sitemapURL{Loc: s.BaseURL + "/article/" + d.Slug, News: n})
	}
	return writeXML(w, "application/xml; charset=utf-8", doc)
}

// publishedDrafts returns up to limit published articles, newest first.
func (s *Site) publishedDrafts(r *http.Request, limit int) ([]beatdesk.Draft, error) {
	var ds []beatdesk.Draft
	err := s.Store.View(r.Context(), func(tx *store.Tx) (err error) {
		ds, err = tx.Drafts(r.Context(), store.DraftFilter{State: beatdesk.DraftPublished, Limit: limit})
		return err
	})
	return ds, err
}
