package site

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// articlePage holds only what this reader may see. The members-only
// sections are copied in only for members; for everyone else the page
// gets their titles (for the teaser) and nothing of their text, so no
// template can leak it.
type articlePage struct {
	Slug, Headline, Dek string
	Published           time.Time
	Region              beatdesk.Region
	Correspondent       beatdesk.Persona

	// Dated notices the desk added after publication: updates as the
	// story developed (shown first) and corrections (shown after the
	// text), oldest first; Updated is the latest notice's date.
	Updates, Corrections []beatdesk.Notice
	Updated              time.Time

	Illustration template.HTML // trusted SVG from our own illustrate package
	Relates      string        // what the illustration relates to

	Public         []beatdesk.Section
	Members        []beatdesk.Section // empty unless the reader is a member
	IsMember       bool
	SignedIn       bool
	Support        bool   // memberships can be bought here (/support)
	MemberTitles   string // "“What the cartels want” and “What to watch”"
	ShowLinks      bool   // subscribers and members see direct source links
	Sources        []source
	Outlets        []string
	Provenance     provenance
	MoreInRegion   []teaser
	MoreFromPerson []teaser

	Canonical string         // the article's one address, for link rel=canonical and og:url
	LD        map[string]any // schema.org NewsArticle, public facts only
}

// A source is a citation as a reader sees it: never the passage (the
// members-only sections quote passages too), and the URL only for readers
// who may follow it.
type source struct {
	N                    int
	Outlet, Title, Lang  string
	URL                  string // "" unless the reader may see links
	Published, FetchedAt time.Time
}

type provenance struct {
	Monitored     int
	Extractive    bool
	Writer        string
	PromptVersion string
	StoodIn       bool // the extractive writer stood in for a model that failed
	Consulted     int  // source articles the writer was given
	Claims        int
	Supported     int
	AutoPublish   bool
}

// article shows a published article to the reader at their level.
func (s *Site) article(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	reader, err := s.reader(r)
	if err != nil {
		return err
	}
	var d beatdesk.Draft
	var inRegion, fromPerson []beatdesk.Draft
	var notices []beatdesk.Notice
	err = s.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = tx.Published(ctx, r.PathValue("slug")); err != nil {
			return err
		}
		notices, err = tx.Notices(ctx, d.ID)
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) {
		return s.retracted(w, r, r.PathValue("slug"), err)
	}
	if err == nil {
		inRegion, err = s.newest.list(ctx, s.Store, store.DraftFilter{Region: d.Region}, d.ID)
	}
	if err == nil {
		fromPerson, err = s.newest.list(ctx, s.Store, store.DraftFilter{Persona: d.PersonaSlug}, d.ID)
	}
	if err != nil {
		return err
	}

	correspondent, _ := s.persona(d.PersonaSlug)
	p := articlePage{
		Slug: d.Slug, Headline: d.Headline, Dek: d.Dek, Published: d.PublishedAt,
		Region:        beatdesk.Region{Slug: d.Region, Name: regionName(d.Region)},
		Correspondent: correspondent,
		IsMember:      beatdesk.CanSeeMemberSections(reader.Level),
		SignedIn:      reader.ID != 0,
		Support:       s.Supported,
		ShowLinks:     beatdesk.CanSeeSourceLinks(reader.Level),
		Outlets:       d.Outlets(),
		Provenance: provenance{
			Monitored: s.sources(ctx), Extractive: d.Writer == "extractive", Writer: d.Writer,
			PromptVersion: d.Provenance.PromptVersion, StoodIn: d.Provenance.Fallback != "",
			Consulted: max(len(d.Provenance.Consulted), len(d.Citations)),
			Claims:    len(d.Findings), Supported: len(d.Findings) - d.Unsupported(), AutoPublish: d.AutoPublish,
		},
		MoreInRegion:   s.teasers(inRegion),
		MoreFromPerson: s.teasers(fromPerson),
	}
	for _, c := range d.Citations {
		src := source{N: c.N, Outlet: c.Outlet, Title: c.Title, Lang: c.Lang, Published: c.Published, FetchedAt: c.FetchedAt}
		if p.ShowLinks {
			src.URL = c.URL
		}
		p.Sources = append(p.Sources, src)
	}
	for _, n := range notices {
		switch n.Kind {
		case beatdesk.NoticeUpdate:
			p.Updates = append(p.Updates, n)
		case beatdesk.NoticeCorrection:
			p.Corrections = append(p.Corrections, n)
		}
		p.Updated = n.At
	}
	p.Canonical = s.BaseURL + "/article/" + d.Slug
	p.LD = newsArticle(d, correspondent, s.SiteName, s.BaseURL, p.Canonical)
	if !p.Updated.IsZero() {
		p.LD["dateModified"] = p.Updated.UTC().Format(time.RFC3339)
	}
	p.Public = d.PublicSections()
	if p.IsMember {
		p.Members = d.MemberSections()
	}
	var titles []string
	for _, sec := range d.MemberSections() {
		titles = append(titles, "“"+sec.Title+"”")
	}
	p.MemberTitles = joinAnd(titles)
	if s.Illustrate != nil {
		p.Illustration = template.HTML(s.Illustrate(d))
		p.Relates = relates(d)
	}
	return s.Render(w, r, http.StatusOK, "site/article", d.Headline, p)
}

// retracted answers the address of a retracted article with 410 Gone and
// the retraction's date and reason, so a reader who follows an old link
// learns why the article is gone. Any other missing slug stays notFound.
func (s *Site) retracted(w http.ResponseWriter, r *http.Request, slug string, notFound error) error {
	ctx := r.Context()
	var d beatdesk.Draft
	var notices []beatdesk.Notice
	err := s.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = tx.Retracted(ctx, slug); err != nil {
			return err
		}
		notices, err = tx.Notices(ctx, d.ID)
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	text := "We have withdrawn this analysis."
	for _, n := range notices {
		if n.Kind == beatdesk.NoticeRetraction {
			text = "On " + n.At.Format("2 January 2006") + " we withdrew this analysis: " + n.Text
		}
	}
	return s.Render(w, r, http.StatusGone, "site/message", "Retracted: "+d.Headline, message{
		Heading: "Retracted: " + d.Headline, Text: text,
	})
}

// newsArticle is the article as schema.org's NewsArticle: its headline,
// dek and dates, its AI correspondent, and a note that the members' part
// is not free. Like every preview, it holds nothing of the members' text.
func newsArticle(d beatdesk.Draft, p beatdesk.Persona, siteName, baseURL, canonical string) map[string]any {
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         d.Headline,
		"description":      beatdesk.StripMarkers(d.Dek),
		"datePublished":    d.PublishedAt.UTC().Format(time.RFC3339),
		"dateModified":     d.UpdatedAt.UTC().Format(time.RFC3339),
		"mainEntityOfPage": canonical,
		"author": map[string]any{"@type": "Person", "name": p.Name, "url": baseURL + "/correspondents/" + p.Slug,
			"description": "AI-powered correspondent: " + p.Beat},
		"publisher":           map[string]any{"@type": "Organization", "name": siteName, "url": baseURL + "/"},
		"isAccessibleForFree": len(d.MemberSections()) == 0,
	}
	if len(d.MemberSections()) > 0 {
		ld["hasPart"] = map[string]any{"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".members-part"}
	}
	return ld
}

// relates says what the illustration is about: the story's places, or
// its headline when it names none.
func relates(d beatdesk.Draft) string {
	if len(d.Places) > 0 {
		return "the places in this story: " + strings.Join(d.Places, ", ")
	}
	return "this story: " + d.Headline
}

// moreCount is how many other articles "More in" and "More from" list.
const moreCount = 4

// newestHeadlines keeps the newest published headlines of each region and
// correspondent for up to a second, the page cache's check interval, so a
// publication shows in them as soon as on the home page. Every article
// page lists four of each; reading them afresh for every page cost more
// than reading the article itself.
type newestHeadlines struct {
	mu    sync.Mutex
	lists map[store.DraftFilter]newestList
}

type newestList struct {
	at     time.Time
	drafts []beatdesk.Draft
}

// list returns the newest moreCount published headlines matching f
// (a region or a correspondent), leaving out the article with id except.
func (n *newestHeadlines) list(ctx context.Context, s *store.Store, f store.DraftFilter, except int64) ([]beatdesk.Draft, error) {
	f.State, f.Limit = beatdesk.DraftPublished, moreCount+1 // one more, in case except is among them
	n.mu.Lock()
	l, ok := n.lists[f]
	n.mu.Unlock()
	if !ok || time.Since(l.at) >= time.Second {
		l.at = time.Now()
		err := s.View(ctx, func(tx *store.Tx) (err error) {
			l.drafts, err = tx.Headlines(ctx, f)
			return err
		})
		if err != nil {
			return nil, err
		}
		n.mu.Lock()
		if n.lists == nil {
			n.lists = map[store.DraftFilter]newestList{}
		}
		n.lists[f] = l
		n.mu.Unlock()
	}
	out := make([]beatdesk.Draft, 0, moreCount)
	for _, d := range l.drafts {
		if d.ID != except && len(out) < moreCount {
			out = append(out, d)
		}
	}
	return out, nil
}

// joinAnd joins ["a","b","c"] as "a, b and c".
func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
