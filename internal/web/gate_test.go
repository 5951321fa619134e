package web_test

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestGate proves, surface by surface, that an anonymous reader, a
// newsletter subscriber and a member each get exactly what their level
// allows: the members-only text on the article page for members only;
// direct source links from subscriber level up; and on every surface that
// leaves the page (feeds, sitemaps, previews and structured data, the
// provenance record) neither, whoever asks.
func TestGate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{BaseURL: "http://news.example"})
		d := sampleDraft(0)
		slug := n.publish(d)
		link := `https://elvigia.example/familias-huyen`

		type surface struct {
			path    string
			members bool // may the members-only text appear, at member level?
			links   bool // may source links appear, at subscriber level and up?
			must    []string
		}
		surfaces := []surface{
			{path: "/article/" + slug, members: true, links: true, must: []string{d.Headline, "El Vigía reported on 3 November"}},
			{path: "/feed.xml", must: []string{d.Headline, "El Vigía reported on 3 November", "The analysis continues for members"}},
			{path: "/regions/latin-america/feed.xml", must: []string{d.Headline}},
			{path: "/correspondents/" + testPersona.Slug + "/feed.xml", must: []string{d.Headline}},
			{path: "/sitemap.xml", must: []string{"http://news.example/article/" + slug}},
			{path: "/news-sitemap.xml", must: []string{"<news:title>" + d.Headline}},
			{path: "/articles/" + slug + "/provenance.json", links: true, must: []string{`"headline"`}},
			{path: "/api/articles/" + slug, members: true, links: true, must: []string{`"headline"`, "La Vigie counted 12 roadblocks"}},
			{path: "/api/articles", must: []string{`"slug":"` + slug + `"`}},
			{path: "/search?q=roadblocks+highway", must: []string{d.Headline, "La Vigie counted 12 roadblocks"}},
			{path: "/search?q=plaza+bosses", must: []string{"No article matches"}}, // words only the members' part holds
			{path: "/search?q=elections", must: []string{"No article matches"}},
			{path: "/", must: []string{d.Headline}},
			{path: "/regions/latin-america", must: []string{d.Headline}},
			{path: "/correspondents/" + testPersona.Slug, must: []string{d.Headline}},
		}
		for _, level := range []string{beatdesk.LevelAnonymous, beatdesk.LevelSubscriber, beatdesk.LevelMember} {
			b := n.browser()
			if level != "" {
				signInAs(t, n, b, "gate-"+level+"@example.org", level)
			}
			for _, sf := range surfaces {
				p := b.get(sf.path)
				p.must(t, 200, sf.must...)
				wantMembers := sf.members && beatdesk.CanSeeMemberSections(level)
				for _, secret := range membersOnly {
					if got := strings.Contains(p.Body, secret); got != wantMembers {
						t.Errorf("level %q, %s: members-only text %q present %v, want %v", level, sf.path, secret, got, wantMembers)
					}
				}
				wantLinks := sf.links && beatdesk.CanSeeSourceLinks(level)
				if got := strings.Contains(p.Body, link); got != wantLinks {
					t.Errorf("level %q, %s: source link present %v, want %v", level, sf.path, got, wantLinks)
				}
				// Passages are never shown, on any surface, at any level.
				if strings.Contains(p.Body, "unas 1,340 familias") {
					t.Errorf("level %q, %s: a cited passage leaked", level, sf.path)
				}
			}

			// Email: the digest a reader at this level receives, in both
			// of its bodies. Anonymous readers receive none.
			if level == beatdesk.LevelAnonymous {
				continue
			}
			site := newsletter.Site{Name: "News", BaseURL: "http://news.example", Personas: []beatdesk.Persona{testPersona}}
			issue := newsletter.Issue{ID: 1, Kind: newsletter.Daily, PeriodStart: time.Now().Add(-24 * time.Hour), PeriodEnd: time.Now()}
			m, err := newsletter.Message(site, []byte("gate-test-key"), issue, []beatdesk.Draft{d}, beatdesk.Member{ID: 7, Email: "gate@example.org", Level: level})
			if err != nil {
				t.Fatal(err)
			}
			for part, body := range map[string]string{"text": m.Body, "HTML": m.HTML} {
				if !strings.Contains(body, d.Headline) {
					t.Errorf("level %q, digest %s: no headline", level, part)
				}
				for _, secret := range membersOnly {
					if got, want := strings.Contains(body, secret), beatdesk.CanSeeMemberSections(level); got != want {
						t.Errorf("level %q, digest %s: members-only text %q present %v, want %v", level, part, secret, got, want)
					}
				}
				if got, want := strings.Contains(body, link), beatdesk.CanSeeSourceLinks(level); got != want {
					t.Errorf("level %q, digest %s: source link present %v, want %v", level, part, got, want)
				}
				if strings.Contains(body, "unas 1,340 familias") {
					t.Errorf("level %q, digest %s: a cited passage leaked", level, part)
				}
			}
		}
	})
}

// TestArticleMetadata: the article's head carries its canonical address,
// Open Graph tags and schema.org NewsArticle data built from public facts
// only, marking the members' part as not free.
func TestArticleMetadata(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	d := sampleDraft(0)
	slug := n.publish(d)
	p := n.browser().get("/article/" + slug)
	canonical := "http://news.example/article/" + slug
	p.must(t, 200, `<link rel="canonical" href="`+canonical+`">`, `<meta property="og:url" content="`+canonical+`">`,
		`<meta property="og:title" content="Sinaloa violence drives 1,340 families from their homes">`,
		`<meta property="og:description" content="El Vigía reports that 1,340 families fled Culiacán in October.">`,
		`type="application/rss+xml"`)

	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no JSON-LD in the page head")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	author, _ := ld["author"].(map[string]any)
	part, _ := ld["hasPart"].(map[string]any)
	if ld["@type"] != "NewsArticle" || ld["headline"] != d.Headline || ld["isAccessibleForFree"] != false ||
		part["cssSelector"] != ".members-part" || !strings.Contains(author["description"].(string), "AI-powered") {
		t.Errorf("JSON-LD = %v", ld)
	}
}

// TestFeedsParse: the feeds and sitemaps are well-formed XML, and a feed
// for something that does not exist is a 404.
func TestFeedsParse(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	n.publish(sampleDraft(0))
	b := n.browser()
	for _, path := range []string{"/feed.xml", "/regions/europe/feed.xml", "/sitemap.xml", "/news-sitemap.xml"} {
		p := b.get(path)
		var v struct{ XMLName xml.Name }
		if err := xml.Unmarshal([]byte(p.Body), &v); p.Status != 200 || err != nil {
			t.Errorf("%s: status %d, %v\n%s", path, p.Status, err, p.Body)
		}
	}
	if rss := b.get("/feed.xml"); strings.Contains(rss.Body, "<script") {
		t.Errorf("the feed carries raw markup:\n%s", rss.Body)
	}
	b.get("/regions/atlantis/feed.xml").must(t, 404)
	b.get("/correspondents/nobody/feed.xml").must(t, 404)
}

// TestSearch: a published article is found by words and stems of its
// public text, from the desk's approval on; a query of only punctuation or
// of query syntax finds nothing and fails nothing.
func TestSearch(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	n.publish(sampleDraft(0))
	b := n.browser()
	b.get("/search").must(t, 200, `role="search"`)
	b.get("/search?q=family+Culiac%C3%A1n").must(t, 200, "Sinaloa violence drives", "1 article matches")
	for _, q := range []string{"%22%22", "*", "NEAR(a+b)", "%27%3B+DROP+TABLE+drafts%3B--", strings.Repeat("x", 500)} {
		b.get("/search?q="+q).must(t, 200)
	}
	b.get("/search?q=families").must(t, 200, "Sinaloa violence drives")
}

// TestAPIArticle: the JSON API tells a reader below member level which
// sections it holds back, and answers errors in JSON.
func TestAPIArticle(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	slug := n.publish(sampleDraft(0))
	b := n.browser()
	var a struct {
		Sections    []beatdesk.Section `json:"sections"`
		MembersOnly []string           `json:"members_only_sections"`
		Links       bool               `json:"source_links"`
	}
	p := b.get("/api/articles/" + slug)
	if err := json.Unmarshal([]byte(p.Body), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Sections) != 1 || strings.Join(a.MembersOnly, "|") != "What the split means|What to watch" || a.Links {
		t.Errorf("anonymous API article: %+v", a)
	}
	signInAs(t, n, b, "api-member@example.org", beatdesk.LevelMember)
	a.MembersOnly = nil
	if err := json.Unmarshal([]byte(b.get("/api/articles/"+slug).Body), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Sections) != 3 || len(a.MembersOnly) != 0 || !a.Links {
		t.Errorf("member's API article: %+v", a)
	}
	b.get("/api/articles/no-such-thing").must(t, 404, `"error":`, `"status":404`)
	b.get("/api/articles?limit=1000").must(t, 400, "limit")
}
