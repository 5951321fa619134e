// Package newsletter writes the free newsletter's digests: the daily one
// (every article published since the last) and each correspondent's
// weekly one, as text and HTML, for one reader at a time. What a reader
// gets is decided by beatdesk's one gate, as on the site: subscribers get
// the public sections and the direct source links, members also the
// members-only continuation (CanSeeMemberSections). Each message carries
// a stable Message-ID per issue and reader, and signed links (token.go)
// to leave the list in one click or change what one receives.
//
// Package jobs decides when issues are composed and sends them, one
// durable job per reader.
package newsletter

import (
	"bytes"
	_ "embed"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"golang.org/x/net/idna"

	"beatdesk"
)

// Site is what a digest needs to know about the publication.
type Site struct {
	Name     string
	BaseURL  string // links start with it, e.g. https://news.example.org
	Personas []beatdesk.Persona
}

// MaxArticles caps an issue: a digest is a briefing, not an archive.
const MaxArticles = 30

// An Issue is one digest: the daily, or a correspondent's weekly, over
// the articles published in [PeriodStart, PeriodEnd). Package store keeps
// issues with the same kinds.
type Issue struct {
	ID          int64
	Kind        string // Daily, Weekly
	Beat        string // the correspondent of a weekly
	PeriodStart time.Time
	PeriodEnd   time.Time
}

// Digest kinds; package store uses the same words (DigestDaily, DigestWeekly).
const (
	Daily  = "daily"
	Weekly = "weekly"
)

// A digest is what the templates show.
type digest struct {
	SiteName, Title, Intro string
	Articles               []article
	Email                  string
	Preferences            string // URL
	Unsubscribe            string // URL
	ListName               string
	Member                 bool
}

type article struct {
	Headline, URL, Byline, Dek string
	Sections                   []beatdesk.Section
	Locked                     string // the members-only sections' titles, for readers who cannot see them
	Sources                    []beatdesk.Citation
}

// Subject is an issue's subject line.
func Subject(site Site, issue Issue, articles []beatdesk.Draft) string {
	title := issueTitle(site, issue)
	if len(articles) == 0 {
		return title
	}
	s := title + ": " + articles[0].Headline
	if len(articles) > 1 {
		s += fmt.Sprintf(" (+%d more)", len(articles)-1)
	}
	return strings.Join(strings.Fields(s), " ") // one line, whatever a headline holds
}

func issueTitle(site Site, issue Issue) string {
	day := issue.PeriodEnd.UTC().Format("2 January 2006")
	if issue.Kind == Weekly {
		return fmt.Sprintf("%s's week on %s, to %s", personaName(site, issue.Beat), site.Name, day)
	}
	return fmt.Sprintf("%s daily, %s", site.Name, day)
}

func personaName(site Site, slug string) string {
	for _, p := range site.Personas {
		if p.Slug == slug {
			return p.Name
		}
	}
	return slug
}

// MessageID is the Message-ID of issue's copy for a reader: the same on
// every attempt, so a copy sent again after a crash is recognisably the
// same message.
func MessageID(site Site, issueID, memberID int64) string {
	return fmt.Sprintf("<digest-%d-%d@%s>", issueID, memberID, host(site))
}

func host(site Site) string {
	u, err := url.Parse(asciiBase(site.BaseURL))
	if err != nil || u.Hostname() == "" {
		return "beatdesk.invalid"
	}
	return u.Hostname()
}

// asciiBase is the site's base URL as header fields need it: ASCII, with
// an internationalised host name in its punycode form.
func asciiBase(base string) string {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil {
		return strings.TrimRight(base, "/")
	}
	if h, err := idna.Lookup.ToASCII(u.Hostname()); err == nil && h != u.Hostname() {
		if port := u.Port(); port != "" {
			h += ":" + port
		}
		u.Host = h
	}
	return u.String()
}

// Message writes issue's articles as reader may read them, signed with
// key. Articles come in the issue's order.
func Message(site Site, key []byte, issue Issue, articles []beatdesk.Draft, reader beatdesk.Member) (beatdesk.Mail, error) {
	const op = "newsletter.Message"
	base := asciiBase(site.BaseURL)
	list := ListOf(issue.Kind, issue.Beat)
	d := digest{
		SiteName: site.Name, Title: issueTitle(site, issue), Email: reader.Email,
		Preferences: base + "/newsletter/preferences/" + Sign(key, Token{MemberID: reader.ID, Action: ActPreferences}),
		Unsubscribe: base + "/newsletter/unsubscribe/" + Sign(key, Token{MemberID: reader.ID, Action: ActUnsubscribe, List: list}),
		Member:      beatdesk.CanSeeMemberSections(reader.Level),
	}
	if issue.Kind == Weekly {
		d.ListName = personaName(site, issue.Beat) + "'s weekly digest"
		d.Intro = fmt.Sprintf("The week's analyses by %s, published from %s to %s.", personaName(site, issue.Beat),
			issue.PeriodStart.UTC().Format("2 January"), issue.PeriodEnd.UTC().Format("2 January 2006"))
	} else {
		d.ListName = "the daily digest"
		d.Intro = fmt.Sprintf("Every analysis we published since %s UTC.", issue.PeriodStart.UTC().Format("2 January, 15:04"))
	}
	for _, a := range articles {
		d.Articles = append(d.Articles, gate(site, a, reader.Level))
	}
	var text, html bytes.Buffer
	if err := textDigest.Execute(&text, d); err != nil {
		return beatdesk.Mail{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := htmlDigest.Execute(&html, d); err != nil {
		return beatdesk.Mail{}, fmt.Errorf("%s: %w", op, err)
	}
	h := host(site)
	return beatdesk.Mail{
		To: reader.Email, Subject: Subject(site, issue, articles), Body: text.String(), HTML: html.String(),
		Headers: map[string]string{
			"Message-ID":            MessageID(site, issue.ID, reader.ID),
			"List-Id":               fmt.Sprintf("<%s.newsletter.%s>", strings.ReplaceAll(list, ":", "-"), h),
			"List-Unsubscribe":      "<" + d.Unsubscribe + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Precedence":            "bulk",
			"Auto-Submitted":        "auto-generated",
		},
	}, nil
}

// gate is the one place a digest decides what of an article a reader at
// level gets, asking beatdesk's gate as every other surface does: the
// public sections always; the members-only sections only when
// CanSeeMemberSections, else just their titles as a teaser; the direct
// source links only when CanSeeSourceLinks (citation markers go with
// them, as they point into the list).
func gate(site Site, d beatdesk.Draft, level string) article {
	a := article{
		Headline: d.Headline, URL: strings.TrimRight(site.BaseURL, "/") + "/article/" + d.Slug,
		Byline:   fmt.Sprintf("By %s · %s · %s", personaName(site, d.PersonaSlug), regionName(d.Region), d.PublishedAt.UTC().Format("2 January 2006")),
		Sections: d.PublicSections(),
	}
	if beatdesk.CanSeeMemberSections(level) {
		a.Sections = append(a.Sections, d.MemberSections()...)
	} else {
		var titles []string
		for _, s := range d.MemberSections() {
			titles = append(titles, "“"+s.Title+"”")
		}
		a.Locked = joinAnd(titles)
	}
	links := beatdesk.CanSeeSourceLinks(level)
	if links {
		a.Sources = d.Citations
	}
	clean := func(s string) string {
		if links {
			return s
		}
		return beatdesk.StripMarkers(s)
	}
	a.Dek = clean(d.Dek)
	out := make([]beatdesk.Section, len(a.Sections))
	for i, s := range a.Sections {
		out[i] = beatdesk.Section{Title: s.Title, MembersOnly: s.MembersOnly}
		for _, p := range s.Paragraphs {
			out[i].Paragraphs = append(out[i].Paragraphs, clean(p))
		}
	}
	a.Sections = out
	return a
}

func regionName(slug string) string {
	if r, ok := beatdesk.RegionBySlug(slug); ok {
		return r.Name
	}
	return "World"
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

var (
	//go:embed digest.txt
	textSource string
	//go:embed digest.html
	htmlSource string

	funcs      = map[string]any{"date": func(t time.Time) string { return t.UTC().Format("2 Jan 2006") }}
	textDigest = texttemplate.Must(texttemplate.New("digest.txt").Funcs(funcs).Parse(textSource))
	htmlDigest = htmltemplate.Must(htmltemplate.New("digest.html").Funcs(funcs).Parse(htmlSource))
)
