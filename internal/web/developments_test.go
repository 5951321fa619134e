package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

var secondPersona = beatdesk.Persona{
	Slug: "katrin-test", Name: "Katrin Test", Beat: "European security", Regions: []string{"europe"},
	Bio: "I am Katrin Test, an AI-powered journalist covering European security.",
}

// addDevelopment stores a story and a development of it, routed to the
// first test persona, and returns the development's id.
func (n *newsroom) addDevelopment(title string, score float64, reasons string, langs ...string) int64 {
	n.t.Helper()
	ctx := context.Background()
	var id int64
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: title, FirstSeen: tx.Now.Add(-5 * time.Hour), LastSeen: tx.Now,
			Articles: 4, Outlets: 3, Languages: langs, Region: "latin-america", PersonaSlug: testPersona.Slug,
			RouteReason: "places in Mexico (Culiacán)"})
		if err != nil {
			return err
		}
		id, err = tx.RecordDevelopment(ctx, store.Development{StoryID: sid, AsOf: tx.Now, Score: score, Reasons: reasons,
			PersonaSlug: testPersona.Slug, RoutedTo: testPersona.Slug, RouteReason: "places in Mexico (Culiacán); topics: cartel",
			State: store.DevelopmentNew, Note: "waiting for sources"})
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return id
}

func (n *newsroom) development(id int64) store.Development {
	n.t.Helper()
	var d store.Development
	err := n.s.View(context.Background(), func(tx *store.Tx) (err error) { d, err = tx.Development(context.Background(), id); return err })
	if err != nil {
		n.t.Fatal(err)
	}
	return d
}

func devURL(id int64, action string) string {
	return "/desk/developments/" + strconv.FormatInt(id, 10) + "/" + action
}

// TestDeskDevelopments: the queue lists developments by score with their
// reasons, correspondent and routing reasons; an editor reassigns one to
// another correspondent (its story follows, and the desk log says so) and
// dismisses another.
func TestDeskDevelopments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{Personas: []beatdesk.Persona{testPersona, secondPersona}})
		n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
		low := n.addDevelopment("Roadblocks spread in Sinaloa", 0.34, "crossed the desk's threshold: 3 independent sources in 1 language from 2 countries in 6 hours", "es")
		high := n.addDevelopment("Cartel split reaches Culiacán", 0.71, "new story: 9 independent sources in 3 languages from 4 countries in 5 hours; first mention of Navolato", "es", "en", "pt")
		b := n.signIn("editor@example.org", editorPassword)

		q := b.get("/desk/developments")
		q.must(t, 200, "Developments", "0.71", "0.34", "first mention of Navolato", "Valeria Test",
			"places in Mexico (Culiacán); topics: cartel", "4 articles from 3 outlets", "Spanish, English, Portuguese",
			devURL(high, "reassign"), devURL(low, "dismiss"), `href="/desk/developments"`)
		if i, j := strings.Index(q.Body, "Cartel split reaches Culiacán"), strings.Index(q.Body, "Roadblocks spread in Sinaloa"); i < 0 || j < 0 || i > j {
			t.Errorf("the development scoring 0.71 is not listed before the one scoring 0.34")
		}

		p := b.post(devURL(high, "reassign"), url.Values{"correspondent": {secondPersona.Slug}})
		if p.Status != 303 || p.Location != "/desk/developments" {
			t.Fatalf("reassign: %d to %q\n%s", p.Status, p.Location, p.Body)
		}
		d := n.development(high)
		if d.PersonaSlug != secondPersona.Slug || d.RoutedTo != testPersona.Slug || d.ReassignedBy != "editor@example.org" || d.ReassignedAt.IsZero() {
			t.Errorf("after reassigning: %+v", d)
		}
		var st beatdesk.Story
		var log []store.LogEntry
		err := s.View(t.Context(), func(tx *store.Tx) (err error) {
			if st, err = tx.Story(t.Context(), d.StoryID); err != nil {
				return err
			}
			log, err = tx.DeskLog(t.Context(), 10)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if st.PersonaSlug != secondPersona.Slug || !strings.Contains(st.RouteReason, "editor@example.org") {
			t.Errorf("the story did not follow: persona %q, reason %q", st.PersonaSlug, st.RouteReason)
		}
		if len(log) == 0 || log[0].Action != "development reassigned" || log[0].Actor != "editor@example.org" ||
			log[0].Subject != "Cartel split reaches Culiacán" || log[0].Note != "from Valeria Test to Katrin Test" {
			t.Errorf("desk log: %+v", log)
		}
		b.get("/desk/developments").must(t, 200, "is now with Katrin Test", "reassigned by editor@example.org", "the router chose Valeria Test")
		b.get("/desk/log").must(t, 200, "development reassigned", "from Valeria Test to Katrin Test")

		// Only the desk's correspondents, and only real developments.
		b.post(devURL(high, "reassign"), url.Values{"correspondent": {"nobody-here"}}).must(t, 400, "not one of the desk")
		b.post(devURL(999999, "reassign"), url.Values{"correspondent": {testPersona.Slug}}).must(t, 404)

		if p := b.post(devURL(low, "dismiss"), nil); p.Status != 303 {
			t.Fatalf("dismiss: %d\n%s", p.Status, p.Body)
		}
		if d := n.development(low); d.State != store.DevelopmentDismissed {
			t.Errorf("after dismissing: state %s", d.State)
		}
		q = b.get("/desk/developments")
		q.must(t, 200, "Dismissed “Roadblocks spread in Sinaloa”", "Cartel split reaches Culiacán")
		if strings.Contains(q.Body, devURL(low, "dismiss")) {
			t.Error("a dismissed development is still in the queue")
		}
		b.get("/desk/developments?show=dismissed").must(t, 200, "Roadblocks spread in Sinaloa")
		b.get("/desk/developments?show=nonsense").must(t, 400, "not a list of developments")
		b.post(devURL(low, "reassign"), url.Values{"correspondent": {testPersona.Slug}}).must(t, 409, "dismissed")
	})
}

// TestDeskDevelopmentsViewerReadsOnly: a viewer sees the queue without
// its forms and cannot reassign or dismiss, nor can a form sent from
// another site.
func TestDeskDevelopmentsViewerReadsOnly(t *testing.T) {
	n := open(t, web.Options{Personas: []beatdesk.Persona{testPersona, secondPersona}})
	n.addUser("viewer@example.org", beatdesk.RoleViewer, editorPassword)
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	id := n.addDevelopment("Cartel split reaches Culiacán", 0.71, "new story: 9 independent sources in 3 languages", "es")

	n.browser().get("/desk/developments").must(t, 303)
	v := n.signIn("viewer@example.org", editorPassword)
	q := v.get("/desk/developments")
	q.must(t, 200, "Cartel split reaches Culiacán", "0.71", "you may read this queue")
	q.mustNot(t, devURL(id, "reassign"), devURL(id, "dismiss"))

	v.post(devURL(id, "reassign"), url.Values{"correspondent": {secondPersona.Slug}}).must(t, 403, "ask an admin for editor rights")
	v.post(devURL(id, "dismiss"), nil).must(t, 403)
	if d := n.development(id); d.PersonaSlug != testPersona.Slug || d.State != store.DevelopmentNew || d.ReassignedBy != "" {
		t.Errorf("a viewer changed the development: %+v", d)
	}

	e := n.signIn("editor@example.org", editorPassword)
	req := newPost(n, devURL(id, "reassign"), url.Values{"correspondent": {secondPersona.Slug}})
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	e.do(req).must(t, 403, "sent from another site")
	if d := n.development(id); d.PersonaSlug != testPersona.Slug {
		t.Errorf("a cross-origin form reassigned the development to %s", d.PersonaSlug)
	}
}
