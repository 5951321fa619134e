package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPageCacheKeepsPagesAskedForAgain: a page is rendered for its first
// two readers and served from memory from the third on; a stream of pages
// each read once (most of an archive) is not kept, so it never pushes
// out a busy page, however many there are.
func TestPageCacheKeepsPagesAskedForAgain(t *testing.T) {
	renders := map[string]int{}
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders[r.URL.Path]++
		fmt.Fprintf(w, "<p>%s %s</p>", r.URL.Path, strings.Repeat("x", 4000))
	})
	c := newPageCache(page, "session", func(context.Context) (string, error) { return "gen-1", nil })
	c.maxBytes = 100 << 10 // room for twenty pages
	get := func(path string) {
		t.Helper()
		w := httptest.NewRecorder()
		c.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), path) {
			t.Fatalf("GET %s: %d %q", path, w.Code, w.Body.String()[:min(40, w.Body.Len())])
		}
	}
	for range 5 {
		get("/article/busy")
	}
	if renders["/article/busy"] != 2 {
		t.Errorf("a page read five times was rendered %d times; want 2 (kept from its second read)", renders["/article/busy"])
	}
	before := renders["/article/busy"]
	for i := range 1000 {
		get(fmt.Sprintf("/article/once-%d", i))
	}
	get("/article/busy")
	if renders["/article/busy"] != before {
		t.Errorf("after 1,000 pages read once, the busy page was rendered again (%d renders): they pushed it out", renders["/article/busy"])
	}
	if len(c.pages) != 1 {
		t.Errorf("%d pages kept; want only the one read more than once", len(c.pages))
	}
}
