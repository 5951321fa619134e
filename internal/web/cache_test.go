package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
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

// TestPageCacheGzip: a browser that accepts gzip gets a page read before
// compressed, with its length and its own ETag, and it decompresses to the
// very page a client without gzip gets; a 304 answers either ETag, and a
// refusal of gzip (q=0) gets the plain page.
func TestPageCacheGzip(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	slug := n.publish(sampleDraft(0))
	anon := n.browser()
	get := func(accept, ifNoneMatch string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", n.srv.URL+"/article/"+slug, nil)
		req.Header.Set("Accept-Encoding", accept) // set by hand: the client leaves the body as sent
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		resp, err := anon.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	// The first read fills the cache and is not compressed: most pages
	// of an archive are read once, and compressing them would not pay.
	if first, _ := get("gzip", ""); first.Header.Get("Content-Encoding") != "" {
		t.Errorf("first read of a page: Content-Encoding %q; want it plain", first.Header.Get("Content-Encoding"))
	}
	plain, plainBody := get("identity", "")
	zipped, zippedBody := get("gzip, deflate, br", "")
	if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding: plain %q, gzip %q", plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"))
	}
	for _, r := range []struct {
		resp *http.Response
		body []byte
	}{{plain, plainBody}, {zipped, zippedBody}} {
		if r.resp.ContentLength != int64(len(r.body)) || len(r.resp.TransferEncoding) != 0 {
			t.Errorf("%q page: Content-Length %d for %d bytes, Transfer-Encoding %v; want the length, not chunks",
				r.resp.Header.Get("Content-Encoding"), r.resp.ContentLength, len(r.body), r.resp.TransferEncoding)
		}
		if vary := strings.Join(r.resp.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
			t.Errorf("%q page: Vary %q does not name Accept-Encoding", r.resp.Header.Get("Content-Encoding"), vary)
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(zippedBody))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plainBody) {
		t.Fatalf("the gzip page decompresses to %d bytes (%v), not the %d-byte plain page", len(unzipped), err, len(plainBody))
	}
	if len(zippedBody)*2 > len(plainBody) {
		t.Errorf("gzip page %d bytes for a %d-byte page: want at most half", len(zippedBody), len(plainBody))
	}
	if plain.Header.Get("ETag") == zipped.Header.Get("ETag") {
		t.Errorf("both encodings have ETag %s; each needs its own", plain.Header.Get("ETag"))
	}
	if r, body := get("gzip", zipped.Header.Get("ETag")); r.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match with the gzip ETag: %d, %d bytes; want 304", r.StatusCode, len(body))
	}
	if r, _ := get("identity", zipped.Header.Get("ETag")); r.StatusCode != http.StatusOK {
		t.Errorf("a plain request with the gzip ETag: %d; want the page (200)", r.StatusCode)
	}
	if r, _ := get("gzip;q=0, *", ""); r.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0: got Content-Encoding %q", r.Header.Get("Content-Encoding"))
	}
}
