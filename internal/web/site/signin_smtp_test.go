package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"beatdesk/internal/mail"
	"beatdesk/internal/mail/mailtest"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestSignInMailOverSMTP subscribes and asks for a sign-in link with the
// site sending through a real SMTP server (mailpit): each message arrives
// with its subject, and the link in it signs the reader in.
func TestSignInMailOverSMTP(t *testing.T) {
	srv := mailtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.SMTPHost, Port: srv.SMTPPort, From: "desk@news.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.Open(t, store.SQLite)
	h := httptest.NewServer(web.New(s, web.Options{SiteName: "The Test Desk", BaseURL: "http://news.example", Mail: sender,
		Logger: slog.New(slog.DiscardHandler)}))
	defer h.Close()

	post := func(path string, v url.Values) {
		t.Helper()
		resp, err := http.PostForm(h.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %s", path, resp.Status)
		}
	}
	post("/newsletter", url.Values{"email": {"Reader@Example.org"}})
	post("/signin", url.Values{"email": {"reader@example.org"}})

	ms, err := srv.Wait(ctx, "to:reader@example.org", 2)
	if err != nil {
		t.Fatal(err)
	}
	subjects := map[string]string{}
	for _, m := range ms {
		full, err := srv.Message(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		subjects[m.Subject] = full.Text
	}
	confirm, ok := subjects["Confirm your subscription to The Test Desk"]
	if !ok {
		t.Fatalf("subjects %v lack the confirmation", subjects)
	}
	signIn, ok := subjects["Your sign-in link for The Test Desk"]
	if !ok {
		t.Fatalf("subjects %v lack the sign-in link", subjects)
	}
	link := regexp.MustCompile(`http://news\.example(/signin/[A-Za-z0-9_-]{43})`)
	for _, body := range []string{confirm, signIn} {
		if !link.MatchString(body) || !strings.Contains(body, "within 30 minutes") {
			t.Errorf("body %q lacks a sign-in link and its lifetime", body)
		}
	}
	// Each says what its link does.
	if !strings.Contains(confirm, "newsletter at this address") || strings.Contains(confirm, "to sign in to") {
		t.Errorf("the confirmation does not read as one: %q", confirm)
	}
	if !strings.Contains(signIn, "to sign in to The Test Desk") {
		t.Errorf("the sign-in email does not say what its link does: %q", signIn)
	}

	// The emailed link works once.
	path := link.FindStringSubmatch(signIn)[1]
	for i, want := range []int{http.StatusOK, http.StatusForbidden} {
		resp, err := http.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("use %d of the link: %s, want %d: %.200s", i+1, resp.Status, want, b)
		}
	}
}
