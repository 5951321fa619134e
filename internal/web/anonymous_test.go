package web_test

import (
	"context"
	"testing"

	"beatdesk/internal/store"
	"beatdesk/internal/web"
)

// TestAnonymousReadersHaveNoSession: reading the site without a cookie,
// from the page cache or not, sets no cookie and stores no session.
func TestAnonymousReadersHaveNoSession(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	slug := n.publish(sampleDraft(0))
	anon := n.browser()
	for _, path := range []string{"/article/" + slug, "/article/" + slug, "/article/" + slug + "?utm=x", "/", "/search?q=families",
		"/correspondents", "/regions/latin-america"} {
		p := anon.get(path)
		if p.Status != 200 || p.Header.Get("Set-Cookie") != "" {
			t.Errorf("GET %s: status %d, Set-Cookie %q; want 200 and no cookie", path, p.Status, p.Header.Get("Set-Cookie"))
		}
	}
	all, err := store.Sessions{S: n.s}.AllCtx(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Errorf("%d sessions stored for anonymous readers; want none", len(all))
	}
}
