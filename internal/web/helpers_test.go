package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/illustrate"
	"beatdesk/internal/password"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// A newsroom is a web server over a fresh database, for one test.
type newsroom struct {
	t   *testing.T
	s   *store.Store
	srv *httptest.Server
}

var testPersona = beatdesk.Persona{
	Slug: "valeria-test", Name: "Valeria Test",
	Beat:    "Latin American violence: cartel networks, migration flows, institutional failure",
	Regions: []string{"latin-america"},
	Bio:     "I am Valeria Test, an AI-powered journalist covering organised crime in Latin America.",
}

func open(t *testing.T, o web.Options) *newsroom {
	t.Helper()
	return openOn(t, storetest.Open(t, store.SQLite), o)
}

func openOn(t *testing.T, s *store.Store, o web.Options) *newsroom {
	t.Helper()
	if o.Personas == nil {
		o.Personas = []beatdesk.Persona{testPersona}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Illustrate == nil {
		o.Illustrate = drawPlaces
	}
	if o.Verify == nil {
		o.Verify = numbersVerifier
	}
	srv := httptest.NewServer(web.New(s, o))
	t.Cleanup(srv.Close)
	return &newsroom{t: t, s: s, srv: srv}
}

// drawPlaces is the real illustrator, as Main wires it.
func drawPlaces(d beatdesk.Draft) string { return illustrate.SVG(d, d.Places) }

var number = regexp.MustCompile(`\d[\d,.]*\d|\d`)
var citeMarker = regexp.MustCompile(`\[(\d+)\]`)

// numbersVerifier is a small real verifier: a paragraph is one claim,
// supported when every number in it appears in a passage it cites.
func numbersVerifier(d *beatdesk.Draft) []beatdesk.Finding {
	passages := map[int]string{}
	for _, c := range d.Citations {
		passages[c.N] = c.Passage
	}
	var out []beatdesk.Finding
	for i, s := range d.Sections {
		for j, p := range s.Paragraphs {
			f := beatdesk.Finding{Section: i, Paragraph: j, Claim: p, Supported: true}
			var cited string
			for _, n := range beatdesk.CiteMarkers(p) {
				f.Cites = append(f.Cites, n)
				cited += passages[n] + " "
			}
			text := citeMarker.ReplaceAllString(p, "")
			for _, num := range number.FindAllString(text, -1) {
				if !strings.Contains(cited, num) {
					f.Supported, f.Reason = false, fmt.Sprintf("the number %q is not in the cited sources", num)
					break
				}
			}
			out = append(out, f)
		}
	}
	return out
}

const (
	memberSecret  = "Only members read that the plaza bosses have split over 1,340 families"
	hostileOutlet = `El Vigía <script>alert("outlet")</script>`
	hostileTitle  = `Familias huyen <script>alert("title")</script>`
	hostilePlace  = `Culiacán<script>alert("place")</script>`
)

// sampleDraft is a complete draft whose outlet, title, passage and places
// carry markup, and whose members-only paragraph is easy to find.
func sampleDraft(storyID int64) beatdesk.Draft {
	pub := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	d := beatdesk.Draft{
		StoryID: storyID, PersonaSlug: testPersona.Slug, Writer: "extractive", Region: "latin-america",
		Headline: "Sinaloa violence drives 1,340 families from their homes",
		Dek:      "El Vigía reports that 1,340 families fled Culiacán in October [1].",
		Places:   []string{hostilePlace, "Sinaloa"},
		Sections: []beatdesk.Section{
			{Title: "What happened", Paragraphs: []string{
				"El Vigía reported on 3 November that 1,340 families left Culiacán [1].",
				"La Vigie counted 12 roadblocks on the main highway [2].",
			}},
			{Title: "What the split means", MembersOnly: true, Paragraphs: []string{memberSecret + " [1]."}},
			{Title: "What to watch", MembersOnly: true, Paragraphs: []string{"Members also read about the 2 state elections ahead [2]."}},
		},
		Citations: []beatdesk.Citation{
			{N: 1, Outlet: hostileOutlet, Title: hostileTitle, URL: "https://elvigia.example/familias-huyen",
				Lang: "es", Published: pub, FetchedAt: pub.Add(time.Hour),
				Passage: `El 3 de noviembre, unas 1,340 familias huyeron de Culiacán <script>alert("passage")</script>`},
			{N: 2, Outlet: "La Vigie", Title: "Barrages sur l'autoroute", URL: "https://lavigie.example/barrages",
				Lang: "fr", Published: pub, FetchedAt: pub.Add(2 * time.Hour),
				Passage: "12 barrages et 2 élections"},
		},
	}
	d.Findings = numbersVerifier(&d)
	return d
}

// addDraft stores a story and a draft in review and returns the draft id.
func (n *newsroom) addDraft(d beatdesk.Draft) int64 {
	n.t.Helper()
	ctx := context.Background()
	var id int64
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "Families flee Culiacán", FirstSeen: time.Now(), LastSeen: time.Now(),
			Articles: 5, Outlets: 3, Region: d.Region, PersonaSlug: d.PersonaSlug})
		if err != nil {
			return err
		}
		d.StoryID = sid
		id, err = tx.AddDraft(ctx, d, store.ActorSystem)
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return id
}

// publish stores a draft and publishes it as an editor; it returns the slug.
func (n *newsroom) publish(d beatdesk.Draft) string {
	n.t.Helper()
	ctx := context.Background()
	id := n.addDraft(d)
	var slug string
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		pd, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "editor@example.org", "")
		if err != nil {
			return err
		}
		slug = pd.Slug
		return tx.IndexPublished(ctx, id, text.PublishedTerms(pd, "en")) // as the desk does
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return slug
}

func (n *newsroom) draft(id int64) beatdesk.Draft {
	n.t.Helper()
	var d beatdesk.Draft
	err := n.s.View(context.Background(), func(tx *store.Tx) error {
		var err error
		d, err = tx.Draft(context.Background(), id)
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return d
}

func (n *newsroom) addUser(email, role, pw string) {
	n.t.Helper()
	h, err := password.Hash(pw)
	if err != nil {
		n.t.Fatal(err)
	}
	err = n.s.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddUser(context.Background(), beatdesk.User{Email: email, Name: email, Role: role, PasswordHash: h})
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
}

// A browser keeps cookies and does not follow redirects, so tests see them.
type browser struct {
	n *newsroom
	c *http.Client
}

func (n *newsroom) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{n: n, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

func (b *browser) do(req *http.Request) page {
	b.n.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.n.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Body: string(body), Location: resp.Header.Get("Location"), Header: resp.Header}
}

func (b *browser) get(path string) page {
	b.n.t.Helper()
	req, _ := http.NewRequest("GET", b.n.srv.URL+path, nil)
	return b.do(req)
}

// post sends a form as a same-origin browser would.
func (b *browser) post(path string, form url.Values) page {
	b.n.t.Helper()
	req, _ := http.NewRequest("POST", b.n.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", b.n.srv.URL)
	return b.do(req)
}

func (p page) must(t *testing.T, status int, wants ...string) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.Status, status, p.Body)
	}
	for _, w := range wants {
		if !strings.Contains(p.Body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func (p page) mustNot(t *testing.T, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(p.Body, u) {
			t.Errorf("page contains %q, which it must not", u)
		}
	}
}

const signInTTL = 30 * time.Minute

func outbox(t *testing.T, s *store.Store) []beatdesk.Mail {
	t.Helper()
	var ms []beatdesk.Mail
	err := s.View(context.Background(), func(tx *store.Tx) error {
		var err error
		ms, err = tx.Outbox(context.Background(), 100)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func newPost(n *newsroom, path string, form url.Values) *http.Request {
	req, _ := http.NewRequest("POST", n.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
