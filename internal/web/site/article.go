package site

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// articlePage is what the article templates see. It is rendered once
// per version of the article (see renderedArticle), in parts: the parts
// every reader gets are rendered with Members empty; the members' part is
// rendered from Members alone; SignedIn and ShowLinks choose between the
// variants of the gate and of the source list.
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

	Public       []beatdesk.Section
	Members      []beatdesk.Section // only in the members' part
	SignedIn     bool
	Support      bool   // memberships can be bought here (/support)
	MemberTitles string // "“What the cartels want” and “What to watch”"
	ShowLinks    bool   // the source list with direct links
	Sources      []source
	Outlets      []string
	Provenance   provenance

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
	Extractive    bool
	Writer        string
	PromptVersion string
	StoodIn       bool // the extractive writer stood in for a model that failed
	Consulted     int  // source articles the writer was given
	Claims        int
	Supported     int
	AutoPublish   bool
}

// article shows a published article to the reader at their level. The
// page is kept rendered (keptArticle); here the reader's level chooses
// its gated parts, and the lists that change by the minute are added.
func (s *Site) article(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	reader, err := s.reader(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	a, id, err := s.keptArticle(ctx, slug)
	if errors.Is(err, beatdesk.ErrNotFound) {
		return s.retracted(w, r, slug, err)
	}
	if err != nil {
		return err
	}
	inRegion, err := s.newest.html(ctx, s, store.DraftFilter{Region: a.region}, id)
	if err != nil {
		return err
	}
	fromPerson, err := s.newest.html(ctx, s, store.DraftFilter{Persona: a.persona}, id)
	if err != nil {
		return err
	}

	// The gate: the one place a reader's level chooses what the page holds.
	gate := a.gateSignedOut
	switch {
	case beatdesk.CanSeeMemberSections(reader.Level):
		gate = a.members
	case reader.ID != 0:
		gate = a.gateSignedIn
	}
	sources := a.sourcesNames
	if beatdesk.CanSeeSourceLinks(reader.Level) {
		sources = a.sourcesLinks
	}

	var fill func(hole string, b *bytes.Buffer)
	fill = func(hole string, b *bytes.Buffer) {
		switch hole {
		case "head":
			Fill(b, a.head, fill)
		case "main":
			Fill(b, a.main, fill)
		case "base":
			b.WriteString(s.BaseURL)
		case "gate":
			b.Write(gate)
		case "sources":
			b.Write(sources)
		case "monitored":
			b.WriteString(monitored(s.sources(ctx)))
		case "more-in-region":
			b.Write(inRegion)
		case "more-from-person":
			b.Write(fromPerson)
		}
	}
	return s.Page(w, r, http.StatusOK, a.headline, fill)
}

// monitored says how many sources the newsroom monitors, in words.
func monitored(n int) string {
	switch n {
	case 0:
		return "news sources"
	case 1:
		return "1 news source"
	}
	return strconv.Itoa(n) + " news sources"
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
// than reading the article itself, and rendering them, as much again.
type newestHeadlines struct {
	mu    sync.Mutex
	lists map[store.DraftFilter]*newestList
}

type newestList struct {
	at     time.Time
	drafts []beatdesk.Draft

	mu       sync.Mutex
	rendered map[int64][]byte // the list as an article shows it, by the id it leaves out (0: none)
}

// html returns the newest moreCount published headlines matching f (a
// region or a correspondent), leaving out the article with id except,
// rendered as an article page shows them.
func (n *newestHeadlines) html(ctx context.Context, s *Site, f store.DraftFilter, except int64) ([]byte, error) {
	f.State, f.Limit = beatdesk.DraftPublished, moreCount+1 // one more, in case except is among them
	n.mu.Lock()
	l := n.lists[f]
	n.mu.Unlock()
	if l == nil || time.Since(l.at) >= time.Second {
		l = &newestList{at: time.Now(), rendered: map[int64][]byte{}}
		err := s.Store.View(ctx, func(tx *store.Tx) (err error) {
			l.drafts, err = tx.Headlines(ctx, f)
			return err
		})
		if err != nil {
			return nil, err
		}
		n.mu.Lock()
		if n.lists == nil {
			n.lists = map[store.DraftFilter]*newestList{}
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
	key := int64(0) // an article not in the list gets the list any other does
	for _, d := range l.drafts {
		if d.ID == except {
			key = except
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.rendered[key]; ok {
		return b, nil
	}
	b, err := s.Prerender("site/article", "article-more", s.teasers(out))
	if err != nil {
		return nil, err
	}
	l.rendered[key] = b
	return b, nil
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
