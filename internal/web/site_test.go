package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// What no reader below member level may receive, in any form.
var membersOnly = []string{memberSecret, "elections ahead"}

// Source text must be escaped wherever it is shown.
var rawMarkup = []string{"<script>alert", `alert("`}

func TestArticleAnonymous(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{SiteName: "The Test Desk", BaseURL: "http://news.example"})
		slug := n.publish(sampleDraft(0))

		p := n.browser().get("/article/" + slug)
		p.must(t, 200,
			"Sinaloa violence drives 1,340 families from their homes",
			"El Vigía reports that 1,340 families fled Culiacán in October",
			"AI-powered journalist", // the byline bio
			"AI generated illustration",
			"<svg", "Culiacán&lt;script&gt;", // the illustration, its place names escaped
			`href="#source-1"`, // citation markers link to the source list
			"El Vigía &lt;script&gt;", "Familias huyen &lt;script&gt;", "La Vigie",
			"The analysis continues for members",
			"“What the split means” and “What to watch”",
			"Become a member", "/signin?next=/article/"+slug,
			"Subscribe to the free newsletter to unlock",
			`action="/newsletter"`,
			"How this analysis was produced", "extractive writer", "4 of 4 claims were verified",
			"A human editor reviewed", `href="/how-we-work"`,
			"More in Latin America", "More from Valeria Test",
			"It monitors news sources around the world", // none configured: no count of zero
		)
		p.mustNot(t, membersOnly...)
		p.mustNot(t, rawMarkup...)
		// No direct links for anonymous readers, and never the passages.
		p.mustNot(t, "https://elvigia.example", "https://lavigie.example", "unas 1,340 familias")
		order := []string{"<h1>Sinaloa", `class="dek"`, "AI generated illustration", "What happened",
			"The analysis continues for members", `id="sources-h"`, `id="byline-h"`, "How this analysis was produced", "More in Latin America"}
		last := -1
		for _, s := range order {
			i := strings.Index(p.Body, s)
			if i < last {
				t.Errorf("%q comes before the part above it; the page order is wrong", s)
			}
			last = i
		}
	})
}

func TestNewsletterSignInJourney(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{BaseURL: "http://news.example/"})
		slug := n.publish(sampleDraft(0))
		b := n.browser()

		b.post("/newsletter", url.Values{"email": {"not-an-address"}}).must(t, 400, "not an email address")
		b.post("/newsletter", url.Values{"email": {" Reader@Example.org "}, "next": {"/article/" + slug}}).
			must(t, 200, "Check your inbox", "reader@example.org")

		mails := outbox(t, s)
		if len(mails) != 1 || mails[0].To != "reader@example.org" {
			t.Fatalf("outbox %+v, want one message to reader@example.org", mails)
		}
		m := regexp.MustCompile(`http://news\.example/signin/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(mails[0].Body)
		if m == nil {
			t.Fatalf("no sign-in link in the mail:\n%s", mails[0].Body)
		}
		p := b.get("/signin/" + m[1])
		if p.Status != 303 || p.Location != "/article/"+slug {
			t.Fatalf("sign-in: status %d to %q, want 303 back to the article", p.Status, p.Location)
		}

		// A subscriber sees the direct links, but still not the members' part.
		art := b.get("/article/" + slug)
		art.must(t, 200, `href="https://elvigia.example/familias-huyen"`, "Spanish", "The analysis continues for members",
			"You are signed in as reader@example.org", "Sign out")
		art.mustNot(t, membersOnly...)
		art.mustNot(t, "Subscribe to the free newsletter to unlock")

		// The link works once.
		n.browser().get("/signin/"+m[1]).must(t, 403, "expired or was already used")

		// Signing out ends it.
		if p := b.post("/signout", nil); p.Status != 303 {
			t.Fatalf("sign out: %d", p.Status)
		}
		b.get("/article/"+slug).mustNot(t, "https://elvigia.example")
	})
}

func TestMemberSeesMembersPart(t *testing.T) {
	n := open(t, web.Options{})
	slug := n.publish(sampleDraft(0))
	ctx := context.Background()
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.AddMember(ctx, "member@example.org", beatdesk.LevelMember)
		if err != nil {
			return err
		}
		return tx.AddSignInToken(ctx, m.ID, "a-token-for-the-member-test", signInTTL)
	})
	if err != nil {
		t.Fatal(err)
	}
	b := n.browser()
	if p := b.get("/signin/a-token-for-the-member-test"); p.Status != 303 {
		t.Fatalf("sign-in: %d\n%s", p.Status, p.Body)
	}
	p := b.get("/article/" + slug)
	p.must(t, 200, memberSecret, "Members also read about the 2 state elections ahead", "Members’ analysis",
		`href="https://elvigia.example/familias-huyen"`)
	p.mustNot(t, "The analysis continues for members", "Become a member")
	p.mustNot(t, rawMarkup...)
}

func TestSignInRequestRevealsNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{BaseURL: "http://news.example"})
		b := n.browser()
		b.post("/newsletter", url.Values{"email": {"known@example.org"}}).must(t, 200)

		unknown := b.post("/signin", url.Values{"email": {"stranger@example.org"}})
		unknown.must(t, 200, "Check your inbox")
		known := b.post("/signin", url.Values{"email": {"known@example.org"}})
		known.must(t, 200, "Check your inbox")
		if strings.ReplaceAll(unknown.Body, "stranger@example.org", "X") != strings.ReplaceAll(known.Body, "known@example.org", "X") {
			t.Error("the sign-in page differs for known and unknown addresses")
		}
		mails := outbox(t, n.s)
		if len(mails) != 2 || mails[0].To != "known@example.org" {
			t.Fatalf("outbox %+v: want the newsletter mail and one sign-in mail, both to known@example.org", mails)
		}
		// Asking for a link did not create a reader: a second ask still sends nothing.
		b.post("/signin", url.Values{"email": {"stranger@example.org"}}).must(t, 200)
		if got := len(outbox(t, n.s)); got != 2 {
			t.Errorf("outbox has %d messages after asking twice for an unknown reader, want 2", got)
		}
	})
}

func TestMailFormsAreRateLimited(t *testing.T) {
	n := open(t, web.Options{})
	b := n.browser()
	for i := range 10 {
		b.post("/newsletter", url.Values{"email": {"target@example.org"}}).must(t, 200)
		_ = i
	}
	b.post("/newsletter", url.Values{"email": {"target@example.org"}}).must(t, 429, "Please wait")
	if got := len(outbox(t, n.s)); got != 10 {
		t.Errorf("%d mails sent, want 10", got)
	}
}

func TestSitePages(t *testing.T) {
	n := open(t, web.Options{Personas: append([]beatdesk.Persona{testPersona}, persona.Default()...)})
	slug := n.publish(sampleDraft(0))
	b := n.browser()

	home := b.get("/")
	home.must(t, 200, "/article/"+slug, "By region", "Latin America", "By correspondent", "Valeria Test")
	home.mustNot(t, membersOnly...)

	all := b.get("/correspondents")
	all.must(t, 200, "Valeria Test")
	for _, p := range persona.Default() {
		if !strings.Contains(all.Body, `href="/correspondents/`+p.Slug+`"`) {
			t.Errorf("/correspondents does not list %s", p.Name)
		}
	}
	one := b.get("/correspondents/" + testPersona.Slug)
	one.must(t, 200, testPersona.Bio, testPersona.Beat, "/article/"+slug)
	one.mustNot(t, membersOnly...)

	region := b.get("/regions/latin-america")
	region.must(t, 200, "Latin America", "/article/"+slug, "Valeria Test")
	region.mustNot(t, membersOnly...)

	b.get("/how-we-work").must(t, 200, "extractive writer", "Citation verification", "Human editors")
	b.get("/regions/atlantis").must(t, 404, "no region called")
	b.get("/correspondents/nobody").must(t, 404)
	b.get("/article/no-such-article").must(t, 404, "not found")
	b.get("/no/such/page").must(t, 404, "Page not found")
}

func TestHeadersAndCookies(t *testing.T) {
	n := open(t, web.Options{})
	b := n.browser()
	p := b.get("/")
	csp := p.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q must allow no scripts", csp)
	}
	if p.Header.Get("X-Content-Type-Options") != "nosniff" || p.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("missing security headers: %v", p.Header)
	}
	if strings.Contains(p.Body, "<script") || strings.Contains(p.Body, " style=") {
		t.Error("the page has inline script or style, which the CSP forbids")
	}
	css := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(p.Body)
	if css == nil {
		t.Fatal("no stylesheet link")
	}
	b.get(css[1]).must(t, 200, "--serif")

	// Session cookies: HttpOnly and SameSite=Lax always; Secure under https.
	for _, base := range []string{"http://news.example", "https://news.example"} {
		n := open(t, web.Options{BaseURL: base})
		p := n.browser().post("/newsletter", url.Values{"email": {"c@example.org"}})
		cookie := p.Header.Get("Set-Cookie")
		if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") ||
			strings.Contains(cookie, "Secure") != strings.HasPrefix(base, "https") {
			t.Errorf("BaseURL %s: cookie %q", base, cookie)
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	n := open(t, web.Options{})
	b := n.browser()
	req := newPost(n, "/newsletter", url.Values{"email": {"victim@example.org"}})
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	b.do(req).must(t, 403, "sent from another site")
	req = newPost(n, "/newsletter", url.Values{"email": {"victim@example.org"}})
	req.Header.Set("Origin", "https://evil.example")
	b.do(req).must(t, 403)
	if got := len(outbox(t, n.s)); got != 0 {
		t.Errorf("a refused cross-origin form still sent %d mails", got)
	}
}

// BenchmarkArticlePage measures an anonymous article view end to end
// through the handler (no network), on SQLite.
func BenchmarkArticlePage(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	h := web.New(s, web.Options{Personas: []beatdesk.Persona{testPersona}, Illustrate: drawPlaces})
	ctx := context.Background()
	var slug string
	err := s.Update(ctx, func(tx *store.Tx) error {
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "s"})
		if err != nil {
			return err
		}
		id, err := tx.AddDraft(ctx, sampleDraft(sid), "system")
		if err != nil {
			return err
		}
		d, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "e", "")
		slug = d.Slug
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/article/"+slug, nil))
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}
