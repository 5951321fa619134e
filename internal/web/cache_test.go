package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/web"
)

// TestPageCache: anonymous readers get public pages from memory with an
// ETag (If-None-Match answered 304); a publication shows on the home page
// within the cache's check interval (one second); a signed-in member never
// gets the anonymous page.
func TestPageCache(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	slug := n.publish(sampleDraft(0))
	anon := n.browser()

	first := anon.get("/article/" + slug)
	etag := first.Header.Get("ETag")
	if first.Status != 200 || etag == "" {
		t.Fatalf("article: status %d, ETag %q", first.Status, etag)
	}
	req, _ := http.NewRequest("GET", n.srv.URL+"/article/"+slug, nil)
	req.Header.Set("If-None-Match", etag)
	if p := anon.do(req); p.Status != http.StatusNotModified || p.Body != "" {
		t.Errorf("If-None-Match with the ETag: status %d, %d bytes; want 304 and nothing", p.Status, len(p.Body))
	}

	home := anon.get("/")
	d := sampleDraft(0)
	d.Headline = "A second story breaks"
	n.publish(d)
	time.Sleep(1100 * time.Millisecond)
	if again := anon.get("/"); !strings.Contains(again.Body, "A second story breaks") || again.Header.Get("ETag") == home.Header.Get("ETag") {
		t.Errorf("the home page still shows the old list a second after a publication")
	}

	member := n.browser()
	signInAs(t, n, member, "cache-member@example.org", beatdesk.LevelMember)
	if p := member.get("/article/" + slug); !strings.Contains(p.Body, memberSecret) || p.Header.Get("ETag") == etag {
		t.Errorf("a member got the cached anonymous page")
	}
}
