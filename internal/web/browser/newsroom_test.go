package browser_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/illustrate"
	"beatdesk/internal/mail"
	"beatdesk/internal/password"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// A newsroom is the whole web server, wired as Main wires it, over a fresh
// database, sending mail to mailpit and taking payments through
// stripe-mock.
type newsroom struct {
	t   *testing.T
	s   *store.Store
	url string // http://127.0.0.1:port, also the server's BaseURL
}

const webhookSecret = "whsec_browser_test"

func openNewsroom(t *testing.T, sender mail.Sender, stripeAPI string) *newsroom {
	t.Helper()
	pay, err := payments.New(payments.Config{SecretKey: "sk_test_browser", WebhookSecret: webhookSecret,
		MonthlyPrice: "price_monthly", YearlyPrice: "price_yearly", Currency: "usd", APIURL: stripeAPI, SiteName: "The Meridian"})
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.Open(t, store.SQLite)
	// The address is known before the handler is built, so links in mail
	// lead back to this server.
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	srv.Config.Handler = web.New(s, web.Options{
		SiteName: "The Meridian", BaseURL: url, Personas: persona.Default(),
		Mail: sender, Payments: pay, Verify: cite.Verify,
		Illustrate: func(d beatdesk.Draft) string { return illustrate.SVG(d, d.Places) },
		Logger:     slog.New(slog.DiscardHandler),
	})
	srv.Start()
	t.Cleanup(srv.Close)
	return &newsroom{t: t, s: s, url: url}
}

// addDraft stores a story and d, in review, as the pipeline does, with
// the findings of the real citation check; it returns the draft's id.
func (n *newsroom) addDraft(d beatdesk.Draft) int64 {
	n.t.Helper()
	ctx := context.Background()
	d.Findings = cite.Verify(&d)
	var id int64
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		now := time.Now()
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: d.Headline, FirstSeen: now.Add(-6 * time.Hour), LastSeen: now,
			Articles: 2 * len(d.Citations), Outlets: len(d.Citations), Region: d.Region, PersonaSlug: d.PersonaSlug})
		if err != nil {
			return err
		}
		d.StoryID = sid
		id, err = tx.AddDraft(ctx, d, store.ActorSystem)
		return err
	})
	if err != nil {
		n.t.Fatalf("storing the draft %q: %v", d.Headline, err)
	}
	return id
}

// publish stores d and publishes it as an editor would.
func (n *newsroom) publish(d beatdesk.Draft) string {
	n.t.Helper()
	ctx := context.Background()
	id := n.addDraft(d)
	var slug string
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftApproved, "editor@news.example", ""); err != nil {
			return err
		}
		pd, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "editor@news.example", "")
		if err != nil {
			return err
		}
		slug = pd.Slug
		return tx.IndexPublished(ctx, id, text.PublishedTerms(pd, "en"))
	})
	if err != nil {
		n.t.Fatalf("publishing %q: %v", d.Headline, err)
	}
	return slug
}

// addEditor adds a desk user with the editor role, as `beatdesk user add`
// does.
func (n *newsroom) addEditor(email, pw string) {
	n.t.Helper()
	h, err := password.Hash(pw)
	if err != nil {
		n.t.Fatal(err)
	}
	err = n.s.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.AddUser(context.Background(), beatdesk.User{Email: email, Name: "Ed Itor", Role: beatdesk.RoleEditor, PasswordHash: h})
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
}

// member returns the reader with that address.
func (n *newsroom) member(email string) beatdesk.Member {
	n.t.Helper()
	var m beatdesk.Member
	err := n.s.View(context.Background(), func(tx *store.Tx) (err error) {
		m, err = tx.MemberByEmail(context.Background(), email)
		return err
	})
	if err != nil {
		n.t.Fatalf("reader %s: %v", email, err)
	}
	return m
}

func (n *newsroom) draft(id int64) beatdesk.Draft {
	n.t.Helper()
	var d beatdesk.Draft
	err := n.s.View(context.Background(), func(tx *store.Tx) (err error) {
		d, err = tx.Draft(context.Background(), id)
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return d
}
