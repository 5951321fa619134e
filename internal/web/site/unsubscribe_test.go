package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestUnsubscribeAndPreferences follows a digest's signed links: the
// unsubscribe page changes nothing until its button, or a mail program's
// one-click POST, leaves exactly the list the link names; the preferences
// page saves the daily and the correspondents chosen; altered or misused
// links are refused.
func TestUnsubscribeAndPreferences(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, store.SQLite)
	personas := []beatdesk.Persona{
		{Slug: "valeria-test", Name: "Valeria Test", Beat: "Latin American violence"},
		{Slug: "ahmed-test", Name: "Ahmed Test", Beat: "Energy markets"},
	}
	h := httptest.NewServer(web.New(s, web.Options{SiteName: "The Test Desk", BaseURL: "https://news.example", Personas: personas,
		Logger: slog.New(slog.DiscardHandler)}))
	defer h.Close()

	var ann beatdesk.Member
	var key []byte
	err := s.Update(ctx, func(tx *store.Tx) (err error) {
		if ann, err = tx.AddMember(ctx, "ann@example.org", beatdesk.LevelSubscriber); err != nil {
			return err
		}
		if err := tx.SetNewsletterPrefs(ctx, store.NewsletterPrefs{MemberID: ann.ID, Daily: true, Beats: []string{"ahmed-test", "valeria-test"}}); err != nil {
			return err
		}
		key, err = tx.SiteKey(ctx, newsletter.KeyName)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	prefs := func() store.NewsletterPrefs {
		t.Helper()
		var p store.NewsletterPrefs
		if err := s.View(ctx, func(tx *store.Tx) (err error) { p, err = tx.NewsletterPrefs(ctx, ann.ID); return err }); err != nil {
			t.Fatal(err)
		}
		return p
	}
	do := func(method, path string, form url.Values, want int, contains ...string) {
		t.Helper()
		req, _ := http.NewRequest(method, h.URL+path, strings.NewReader(form.Encode()))
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d, want %d\n%.400s", method, path, resp.StatusCode, want, b)
		}
		for _, c := range contains {
			if !strings.Contains(string(b), c) {
				t.Errorf("%s %s lacks %q", method, path, c)
			}
		}
	}
	daily := newsletter.Sign(key, newsletter.Token{MemberID: ann.ID, Action: newsletter.ActUnsubscribe, List: "daily"})
	weekly := newsletter.Sign(key, newsletter.Token{MemberID: ann.ID, Action: newsletter.ActUnsubscribe, List: "weekly:valeria-test"})
	prefsTok := newsletter.Sign(key, newsletter.Token{MemberID: ann.ID, Action: newsletter.ActPreferences})

	do("GET", "/newsletter/unsubscribe/"+daily, nil, 200, "Stop sending the daily digest to ann@example.org")
	if !prefs().Daily {
		t.Fatal("opening the unsubscribe page unsubscribed")
	}
	// The one-click request as RFC 8058 has mail programs send it.
	do("POST", "/newsletter/unsubscribe/"+daily, url.Values{"List-Unsubscribe": {"One-Click"}}, 200, "You have left the daily digest")
	if p := prefs(); p.Daily || len(p.Beats) != 2 {
		t.Errorf("after leaving the daily: %+v, want the daily off and both weeklies kept", p)
	}
	do("POST", "/newsletter/unsubscribe/"+weekly, nil, 200, "Valeria Test’s weekly digest")
	if p := prefs(); !slices.Equal(p.Beats, []string{"ahmed-test"}) {
		t.Errorf("after leaving Valeria's weekly: %+v", p)
	}
	do("POST", "/newsletter/unsubscribe/"+weekly, nil, 200) // twice is harmless

	do("GET", "/newsletter/preferences/"+prefsTok, nil, 200, `value="valeria-test"`, "ann@example.org")
	do("POST", "/newsletter/preferences/"+prefsTok, url.Values{"daily": {"on"}, "beat": {"valeria-test", "nobody"}}, 200, "Saved")
	if p := prefs(); !p.Daily || !slices.Equal(p.Beats, []string{"valeria-test"}) {
		t.Errorf("after saving preferences: %+v, want the daily and Valeria only", p)
	}

	// Without a link, a reader who is not signed in is sent to sign in.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(h.URL + "/newsletter/preferences")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin?next=/newsletter/preferences" {
		t.Errorf("preferences without a link: %s to %q", resp.Status, resp.Header.Get("Location"))
	}

	do("POST", "/newsletter/unsubscribe/"+prefsTok, nil, 403) // a preferences link cannot unsubscribe
	do("GET", "/newsletter/preferences/"+daily, nil, 403)
	do("POST", "/newsletter/unsubscribe/"+daily[:len(daily)-2]+"xx", nil, 403, "damaged")
	if p := prefs(); !p.Daily {
		t.Error("a refused link changed the preferences")
	}
}
