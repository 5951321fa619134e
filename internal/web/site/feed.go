package site

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// RSS 2.0, as far as the site's feeds use it.
type (
	rss struct {
		XMLName xml.Name   `xml:"rss"`
		Version string     `xml:"version,attr"`
		Atom    string     `xml:"xmlns:atom,attr"`
		DC      string     `xml:"xmlns:dc,attr"`
		Channel rssChannel `xml:"channel"`
	}
	rssChannel struct {
		Title       string    `xml:"title"`
		Link        string    `xml:"link"`
		Self        atomLink  `xml:"atom:link"`
		Description string    `xml:"description"`
		Language    string    `xml:"language,omitempty"`
		LastBuild   string    `xml:"lastBuildDate,omitempty"`
		Items       []rssItem `xml:"item"`
	}
	atomLink struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
	}
	rssItem struct {
		Title       string  `xml:"title"`
		Link        string  `xml:"link"`
		GUID        rssGUID `xml:"guid"`
		PubDate     string  `xml:"pubDate"`
		Author      string  `xml:"dc:creator,omitempty"`
		Category    string  `xml:"category,omitempty"`
		Description string  `xml:"description"`
	}
	rssGUID struct {
		IsPermaLink bool   `xml:"isPermaLink,attr"`
		Value       string `xml:",chardata"`
	}
)

// feedSize is how many articles a feed carries.
const feedSize = 30

// feed serves the site's RSS feed and those of regions and correspondents:
// GET /feed.xml, /regions/{slug}/feed.xml, /correspondents/{slug}/feed.xml.
// A feed is public: it carries each article's public part only, whoever
// fetches it, since feed readers share what they fetch.
func (s *Site) feed(w http.ResponseWriter, r *http.Request) error {
	f := store.DraftFilter{State: beatdesk.DraftPublished, Limit: feedSize}
	title, link := s.SiteName, s.BaseURL+"/"
	description := "World news analysis by AI correspondents, every claim sourced"
	switch {
	case strings.HasPrefix(r.URL.Path, "/regions/"):
		reg, ok := beatdesk.RegionBySlug(r.PathValue("slug"))
		if !ok {
			return beatdesk.Errorf(beatdesk.ErrNotFound, "site.feed", "we have no region called %q", r.PathValue("slug"))
		}
		f.Region, title, link = reg.Slug, reg.Name+" · "+s.SiteName, s.BaseURL+"/regions/"+reg.Slug
		description = "Analysis of " + reg.Name
	case strings.HasPrefix(r.URL.Path, "/correspondents/"):
		p, ok := s.persona(r.PathValue("slug"))
		if !ok {
			return beatdesk.Errorf(beatdesk.ErrNotFound, "site.feed", "we have no correspondent called %q", r.PathValue("slug"))
		}
		f.Persona, title, link, description = p.Slug, p.Name+" · "+s.SiteName, s.BaseURL+"/correspondents/"+p.Slug, p.Beat
	}
	var ds []beatdesk.Draft
	err := s.Store.View(r.Context(), func(tx *store.Tx) (err error) {
		ds, err = tx.Drafts(r.Context(), f)
		return err
	})
	if err != nil {
		return err
	}

	doc := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", DC: "http://purl.org/dc/elements/1.1/", Channel: rssChannel{
		Title: title, Link: link, Description: description, Language: "en",
		Self: atomLink{Href: s.BaseURL + r.URL.Path, Rel: "self", Type: "application/rss+xml"},
	}}
	for i, d := range ds {
		if i == 0 {
			doc.Channel.LastBuild = d.PublishedAt.UTC().Format(time.RFC1123Z)
		}
		p, _ := s.persona(d.PersonaSlug)
		url := s.BaseURL + "/article/" + d.Slug
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title: d.Headline, Link: url, GUID: rssGUID{IsPermaLink: true, Value: url},
			PubDate: d.PublishedAt.UTC().Format(time.RFC1123Z), Author: p.Name, Category: regionName(d.Region),
			Description: publicText(d),
		})
	}
	return writeXML(w, "application/rss+xml; charset=utf-8", doc)
}

// publicText is an article's public text without its headline, with a
// pointer to the rest when there is a members' part.
func publicText(d beatdesk.Draft) string {
	text := strings.TrimPrefix(d.PublicText(), d.Headline+"\n\n")
	if len(d.MemberSections()) > 0 {
		text += "\n\nThe analysis continues for members on the site."
	}
	return text
}

// writeXML sends v as an XML document.
func writeXML(w http.ResponseWriter, contentType string, v any) error {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write([]byte(xml.Header))
	_, err = w.Write(append(body, '\n'))
	return err
}
