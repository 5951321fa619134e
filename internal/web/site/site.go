// Package site is the reader site: the home page, articles, correspondents,
// regions, the explanation of how the newsroom works, the free newsletter
// and readers' email sign-in. Each handler lives in its own file.
//
// What a reader sees depends on one question, asked of beatdesk: at their
// level (anonymous, subscriber, member) may they see the source links
// (CanSeeSourceLinks) and the members-only continuation
// (CanSeeMemberSections)? Members-only text is left out of the page for
// everyone else, not hidden.
package site

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"beatdesk"
	"beatdesk/internal/mail"
	"beatdesk/internal/store"
)

// Site holds what the reader site's handlers need. Package web builds it.
type Site struct {
	Store    *store.Store
	Sessions *scs.SessionManager
	// Render writes a page from the templates with a status and a title.
	Render func(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) error
	// Prerender renders one template of a page ("main" of "site/article")
	// to be kept; Page writes a page around parts rendered so, calling
	// fill for its holes ("head", "main" and theirs; see Fill).
	Prerender func(page, template string, data any) ([]byte, error)
	Page      func(w http.ResponseWriter, r *http.Request, status int, title string, fill func(hole string, b *bytes.Buffer)) error
	// Templates names the templates' text: kept pages rendered from
	// other templates are rendered again.
	Templates string

	SiteName   string
	SiteLang   string // search queries are read in it
	BaseURL    string
	Personas   []beatdesk.Persona
	Mail       mail.Sender
	Illustrate func(beatdesk.Draft) string // nil: no illustration
	Allow      func(key string) bool       // rate limit for forms that send mail; required
	Supported  bool                        // payments are on: the member box offers /support

	sourceCount cachedCount
	newest      newestHeadlines // article pages' "More in" and "More from" lists

	fingerprintOnce sync.Once
	fingerprintSum  string // see fingerprint
}

// Routes registers the site's pages with handle, which turns their errors
// into responses.
func (s *Site) Routes(handle func(pattern string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("GET /{$}", s.home)
	handle("GET /article/{slug}", s.article)
	handle("GET /articles/{slug}/provenance.json", s.provenanceJSON)
	handle("GET /article/{slug}/provenance.json", s.provenanceJSON)
	handle("GET /correspondents", s.correspondents)
	handle("GET /correspondents/{slug}", s.correspondent)
	handle("GET /regions/{slug}", s.region)
	handle("GET /how-we-work", s.howWeWork)
	handle("GET /search", s.search)
	handle("GET /api/articles", s.apiArticles)
	handle("GET /api/articles/{slug}", s.apiArticle)
	handle("GET /feed.xml", s.feed)
	handle("GET /regions/{slug}/feed.xml", s.feed)
	handle("GET /correspondents/{slug}/feed.xml", s.feed)
	handle("GET /sitemap.xml", s.sitemap)
	handle("GET /news-sitemap.xml", s.newsSitemap)
	handle("POST /newsletter", s.newsletter)
	handle("GET /newsletter/unsubscribe/{token}", s.unsubscribePage)
	handle("POST /newsletter/unsubscribe/{token}", s.unsubscribe)
	handle("GET /newsletter/preferences", s.myPreferences)
	handle("GET /newsletter/preferences/{token}", s.preferences)
	handle("POST /newsletter/preferences/{token}", s.savePreferences)
	handle("GET /signin", s.signInForm)
	handle("POST /signin", s.signInRequest)
	handle("GET /signin/{token}", s.signInWithToken)
	handle("POST /signout", s.signOut)
}

// reader returns the signed-in reader, or the zero Member (anonymous,
// level "") when nobody is signed in or the account is gone.
func (s *Site) reader(r *http.Request) (beatdesk.Member, error) {
	id := s.Sessions.GetInt64(r.Context(), "member_id")
	if id == 0 {
		return beatdesk.Member{}, nil
	}
	var m beatdesk.Member
	err := s.Store.View(r.Context(), func(tx *store.Tx) error {
		var err error
		m, err = tx.Member(r.Context(), id)
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) {
		return beatdesk.Member{}, nil
	}
	return m, err
}

// personaName returns the name of the correspondent with the given slug.
func (s *Site) personaName(slug string) (string, bool) {
	p, ok := s.persona(slug)
	return p.Name, ok
}

// persona returns the correspondent with the given slug; one that is no
// longer configured still gets a name so old articles keep a byline.
func (s *Site) persona(slug string) (beatdesk.Persona, bool) {
	for _, p := range s.Personas {
		if p.Slug == slug {
			return p, true
		}
	}
	return beatdesk.Persona{Slug: slug, Name: slug}, false
}

func regionName(slug string) string {
	if r, ok := beatdesk.RegionBySlug(slug); ok {
		return r.Name
	}
	return "World"
}

// A teaser is how a published article appears in a list: only its public
// parts, so a list can never leak members-only text.
type teaser struct {
	Slug, Headline, Dek string
	Published           time.Time
	Correspondent       beatdesk.Persona
	Region              beatdesk.Region
}

func (s *Site) teasers(ds []beatdesk.Draft) []teaser {
	out := make([]teaser, 0, len(ds))
	for _, d := range ds {
		p, _ := s.persona(d.PersonaSlug)
		out = append(out, teaser{Slug: d.Slug, Headline: d.Headline, Dek: d.Dek, Published: d.PublishedAt,
			Correspondent: p, Region: beatdesk.Region{Slug: d.Region, Name: regionName(d.Region)}})
	}
	return out
}

// published lists published articles matching f.
func (s *Site) published(ctx context.Context, f store.DraftFilter) ([]teaser, error) {
	f.State = beatdesk.DraftPublished
	var ds []beatdesk.Draft
	err := s.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		ds, err = tx.Drafts(ctx, f)
		return err
	})
	return s.teasers(ds), err
}

// sources returns how many sources the newsroom monitors, counted at most
// once a minute: every article page states it.
func (s *Site) sources(ctx context.Context) int {
	return s.sourceCount.get(func() (int, error) {
		var n int
		err := s.Store.View(ctx, func(tx *store.Tx) (err error) {
			n, err = tx.SourceCount(ctx)
			return err
		})
		return n, err
	})
}

type cachedCount struct {
	mu sync.Mutex
	n  int
	at time.Time
}

func (c *cachedCount) get(count func() (int, error)) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) < time.Minute {
		return c.n
	}
	if n, err := count(); err == nil {
		c.n, c.at = n, time.Now()
	}
	return c.n
}

// localPath returns p if it is a path on this site, else "/": a "next"
// parameter must never send a reader to another site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

// clientIP is the address the request came from, for rate limits.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}
