package demo

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"time"
)

// feed serves an outlet's feed at the one path its kind publishes.
func (s *site) feed(r *http.Request, base string) (*response, error) {
	o := s.bySlug[r.PathValue("outlet")]
	if o == nil || r.URL.Path != feedPath(o.Outlet) {
		return nil, nil
	}
	var (
		body []byte
		err  error
	)
	switch o.Kind {
	case KindAtom:
		body, err = atomFeed(o, base)
	case KindJSON:
		body, err = jsonFeed(o, base)
	default:
		body, err = rssFeed(o, base)
	}
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", o.Slug, err)
	}
	return &response{ctype: feedType(o.Kind) + "; charset=utf-8", body: body, modified: o.modified}, nil
}

// feedDescription says, in the outlet's language and in English, that the
// feed is fictional: feed readers show this line.
func feedDescription(o *outletSite) string {
	if o.words.Fictional == fictionalEN {
		return fictionalEN + "."
	}
	return o.words.Fictional + ". " + fictionalEN + "."
}

// RSS 2.0, with the author in Dublin Core as most outlets publish it.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	Copyright     string    `xml:"copyright"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Creator     string  `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Description string  `xml:"description"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

func rssFeed(o *outletSite, base string) ([]byte, error) {
	doc := rssDoc{Version: "2.0", Channel: rssChannel{
		Title: o.Name, Link: base + "/" + o.Slug + "/", Description: feedDescription(o),
		Language: o.Lang, Copyright: fmt.Sprintf("© %s. %s", o.Name, fictionalEN),
	}}
	if !o.modified.IsZero() {
		doc.Channel.LastBuildDate = o.modified.Format(time.RFC1123Z)
	}
	for _, st := range o.posts {
		url := base + st.Path()
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title: st.Title, Link: url, GUID: rssGUID{IsPermaLink: "true", Value: url},
			PubDate: st.Published.Format(time.RFC1123Z), Creator: st.Author, Description: st.Paragraphs[0],
		})
	}
	return marshalXML(doc)
}

// Atom 1.0.
type atomDoc struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	Rights   string      `xml:"rights"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomAuthor `xml:"author"`
	Summary   atomText   `xml:"summary"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

func atomFeed(o *outletSite, base string) ([]byte, error) {
	home := base + "/" + o.Slug + "/"
	doc := atomDoc{
		Lang: o.Lang, Title: o.Name, Subtitle: feedDescription(o),
		Rights: fmt.Sprintf("© %s. %s", o.Name, fictionalEN), ID: home,
		Updated: o.modified.Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + feedPath(o.Outlet)},
			{Rel: "alternate", Type: "text/html", Href: home},
		},
	}
	for _, st := range o.posts {
		url := base + st.Path()
		published := st.Published.Format(time.RFC3339)
		doc.Entries = append(doc.Entries, atomEntry{
			Title: st.Title, ID: url, Link: atomLink{Rel: "alternate", Type: "text/html", Href: url},
			Published: published, Updated: published, Author: atomAuthor{Name: st.Author},
			Summary: atomText{Type: "text", Value: st.Paragraphs[0]},
		})
	}
	return marshalXML(doc)
}

func marshalXML(v any) ([]byte, error) {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(body, '\n')...), nil
}

// JSON Feed 1.1.
type jsonDoc struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description"`
	Language    string     `json:"language"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary"`
	ContentText   string       `json:"content_text"`
	DatePublished string       `json:"date_published"`
	Authors       []jsonAuthor `json:"authors"`
	Language      string       `json:"language"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

func jsonFeed(o *outletSite, base string) ([]byte, error) {
	doc := jsonDoc{
		Version: "https://jsonfeed.org/version/1.1", Title: o.Name,
		HomePageURL: base + "/" + o.Slug + "/", FeedURL: base + feedPath(o.Outlet),
		Description: feedDescription(o), Language: o.Lang, Items: []jsonItem{},
	}
	for _, st := range o.posts {
		url := base + st.Path()
		// JSON Feed requires content; like many outlets we give the teaser
		// only, so the pipeline has to fetch the page for the full text.
		doc.Items = append(doc.Items, jsonItem{
			ID: url, URL: url, Title: st.Title, Summary: st.Paragraphs[0], ContentText: st.Paragraphs[0],
			DatePublished: st.Published.Format(time.RFC3339), Authors: []jsonAuthor{{Name: st.Author}},
			Language: o.Lang,
		})
	}
	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(body, '\n'), nil
}
