package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

var testNow = time.Date(2025, 11, 16, 6, 0, 0, 0, time.UTC)

// newWorld serves the embedded corpus through httptest.
func newWorld(t *testing.T) (*httptest.Server, []Outlet, []Article) {
	t.Helper()
	outlets, articles, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHandler(testNow, outlets, articles))
	t.Cleanup(srv.Close)
	return srv, outlets, articles
}

// get fetches url with optional header pairs and returns the response with
// its body read (Go's client undoes gzip only when it asked for it itself).
func get(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
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

func TestEveryFeedParsesAndLinksWork(t *testing.T) {
	srv, outlets, articles := newWorld(t)
	parser := gofeed.NewParser()
	for _, o := range outlets {
		t.Run(o.Slug, func(t *testing.T) {
			var want []Article
			for _, a := range articles {
				if a.Outlet == o.Slug {
					want = append(want, a)
				}
			}
			feedURL := srv.URL + feedPath(o)
			resp, body := get(t, feedURL)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %s", feedURL, resp.Status)
			}
			feed, err := parser.Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if wantType := map[string]string{KindRSS: "rss", KindAtom: "atom", KindJSON: "json"}[o.Kind]; feed.FeedType != wantType {
				t.Errorf("feed type %q, want %q", feed.FeedType, wantType)
			}
			if !strings.Contains(feed.Description, fictionalEN) {
				t.Errorf("feed description %q does not say it is fictional", feed.Description)
			}
			if len(feed.Items) != len(want) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(want))
			}
			var last time.Time
			for i, it := range feed.Items {
				a := want[i] // Corpus orders each outlet newest first, as feeds do
				if it.Title != a.Title {
					t.Errorf("item %d title %q, want %q", i, it.Title, a.Title)
				}
				if it.Description != a.Paragraphs[0] {
					t.Errorf("item %d summary is not the first paragraph:\n%q", i, it.Description)
				}
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(testNow.Add(-a.Age)) {
					t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, testNow.Add(-a.Age))
				} else if !last.IsZero() && it.PublishedParsed.After(last) {
					t.Errorf("item %d is newer than the one before it", i)
				}
				if it.PublishedParsed != nil {
					last = *it.PublishedParsed
				}
				if it.GUID == "" || len(it.Authors) == 0 || it.Authors[0].Name != a.Author {
					t.Errorf("item %d: guid %q, authors %v, want author %q", i, it.GUID, it.Authors, a.Author)
				}
				page, pageBody := get(t, it.Link)
				if page.StatusCode != 200 || !strings.Contains(string(pageBody), "<h1>") {
					t.Errorf("item %d link %s: %s", i, it.Link, page.Status)
				}
			}
		})
	}
}

func TestConditionalRequestsGet304(t *testing.T) {
	srv, outlets, _ := newWorld(t)
	for _, o := range []Outlet{outlets[0], outlets[1], outlets[2]} { // one of each kind
		url := srv.URL + feedPath(o)
		first, body := get(t, url)
		etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		if first.StatusCode != 200 || etag == "" || modified == "" || len(body) == 0 {
			t.Fatalf("%s: status %s, ETag %q, Last-Modified %q", url, first.Status, etag, modified)
		}
		for _, tc := range []struct {
			header []string
			status int
		}{
			{[]string{"If-None-Match", etag}, 304},
			{[]string{"If-None-Match", `"stale", ` + etag}, 304},
			{[]string{"If-None-Match", `"stale"`}, 200},
			{[]string{"If-Modified-Since", modified}, 304},
			{[]string{"If-Modified-Since", testNow.Add(-100 * time.Hour).Format(http.TimeFormat)}, 200},
			// If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
			{[]string{"If-None-Match", `"stale"`, "If-Modified-Since", modified}, 200},
		} {
			resp, body := get(t, url, tc.header...)
			if resp.StatusCode != tc.status {
				t.Errorf("%s with %q: %s, want %d", o.Slug, tc.header, resp.Status, tc.status)
			}
			if resp.StatusCode == 304 && len(body) != 0 {
				t.Errorf("%s: 304 with a body of %d bytes", o.Slug, len(body))
			}
		}
	}
}

func TestGzipWhenAccepted(t *testing.T) {
	srv, outlets, _ := newWorld(t)
	url := srv.URL + feedPath(outlets[0])
	_, plain := get(t, url)
	resp, zipped := get(t, url, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain) {
		t.Error("gzip body differs from the plain body")
	}
	// A poller that stored the gzip validator still gets its 304.
	again, _ := get(t, url, "Accept-Encoding", "gzip", "If-None-Match", resp.Header.Get("ETag"))
	if again.StatusCode != 304 {
		t.Errorf("conditional gzip request: %s, want 304", again.Status)
	}
	if refused, _ := get(t, url, "Accept-Encoding", "gzip;q=0"); refused.Header.Get("Content-Encoding") != "" {
		t.Error("compressed although the client refused gzip")
	}
}

func TestArticlePage(t *testing.T) {
	srv, outlets, articles := newWorld(t)
	lang := map[string]string{}
	for _, o := range outlets {
		lang[o.Slug] = o.Lang
	}
	// One article per language, including right-to-left Arabic.
	seen := map[string]bool{}
	for _, a := range articles {
		if seen[a.Lang] {
			continue
		}
		seen[a.Lang] = true
		st := post{Article: a, Published: testNow.Add(-a.Age)}
		url := srv.URL + st.Path()
		resp, body := get(t, url)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s: %s %s", url, resp.Status, resp.Header.Get("Content-Type"))
		}
		if !utf8.Valid(body) {
			t.Errorf("%s: body is not valid UTF-8", url)
		}
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		p := scan(doc)
		checks := map[string][2]string{
			"html lang":              {p.lang, lang[a.Outlet]},
			"title":                  {p.title, a.Title + " | " + outletName(outlets, a.Outlet)},
			"h1":                     {p.h1, a.Title},
			"canonical":              {p.meta["canonical"], url},
			"og:title":               {p.meta["og:title"], a.Title},
			"description":            {p.meta["description"], a.Paragraphs[0]},
			"article:published_time": {p.meta["article:published_time"], st.Published.Format(time.RFC3339)},
			"time datetime":          {p.datetime, st.Published.Format(time.RFC3339)},
		}
		for what, c := range checks {
			if c[0] != c[1] {
				t.Errorf("%s: %s = %q, want %q", a.Slug, what, c[0], c[1])
			}
		}
		if strings.Join(p.paragraphs, "\n") != strings.Join(a.Paragraphs, "\n") {
			t.Errorf("%s: article paragraphs differ:\n got %q\nwant %q", a.Slug, p.paragraphs, a.Paragraphs)
		}
		if !strings.Contains(p.footer, fictionalEN) || len(p.mostRead) == 0 || p.nav == 0 {
			t.Errorf("%s: footer %q, %d most-read links, %d nav links", a.Slug, p.footer, len(p.mostRead), p.nav)
		}
		if a.Lang == "ar" && p.dir != "rtl" {
			t.Errorf("%s: Arabic page has dir=%q", a.Slug, p.dir)
		}
	}
}

func outletName(outlets []Outlet, slug string) string {
	for _, o := range outlets {
		if o.Slug == slug {
			return o.Name
		}
	}
	return ""
}

// pageParts is what a reader (or an extractor) finds in a page.
type pageParts struct {
	lang, dir, title, h1, datetime, footer string
	meta                                   map[string]string // name, property or rel=canonical → content
	paragraphs                             []string          // <p> inside <article>, byline excluded
	mostRead                               []string
	nav                                    int
}

func scan(doc *html.Node) *pageParts {
	p := &pageParts{meta: map[string]string{}}
	var walk func(n *html.Node, inArticle, inAside, inNav bool)
	walk = func(n *html.Node, inArticle, inAside, inNav bool) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch n.Data {
			case "html":
				p.lang, p.dir = a["lang"], a["dir"]
			case "title":
				p.title = nodeText(n)
			case "meta":
				if k := a["name"] + a["property"]; k != "" {
					p.meta[k] = a["content"]
				}
			case "link":
				if a["rel"] == "canonical" {
					p.meta["canonical"] = a["href"]
				}
			case "h1":
				p.h1 = nodeText(n)
			case "time":
				p.datetime = a["datetime"]
			case "footer":
				p.footer = nodeText(n)
			case "article":
				inArticle = true
			case "aside":
				inAside = true
			case "nav":
				inNav = true
			case "p":
				if inArticle && a["class"] != "byline" {
					p.paragraphs = append(p.paragraphs, nodeText(n))
				}
			case "a":
				if inAside {
					p.mostRead = append(p.mostRead, a["href"])
				}
				if inNav {
					p.nav++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle, inAside, inNav)
		}
	}
	walk(doc, false, false, false)
	return p
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// Titles and text with markup characters are escaped, not interpreted.
func TestPagesAndFeedsEscape(t *testing.T) {
	outlets := []Outlet{{Slug: "x", Name: `X & <Co>`, Lang: "en", Country: "GB", Kind: KindRSS}}
	articles := []Article{{Outlet: "x", Slug: "a", Story: "s", Lang: "en", Title: `<script>alert(1)</script> "Q" & A`,
		Author: "O'Brien", Age: 3 * time.Hour, Paragraphs: []string{`He said "</p><b>hi</b>" & left.`, "Two."}}}
	srv := httptest.NewServer(NewHandler(testNow, outlets, articles))
	defer srv.Close()
	st := post{Article: articles[0], Published: testNow.Add(-3 * time.Hour)}
	_, page := get(t, srv.URL+st.Path())
	if bytes.Contains(page, []byte("<script>alert")) || bytes.Contains(page, []byte("<b>hi</b>")) {
		t.Error("page contains unescaped markup from the article")
	}
	p := scan(mustParse(t, page))
	if p.h1 != articles[0].Title || p.paragraphs[0] != articles[0].Paragraphs[0] {
		t.Errorf("escaped text does not read back: h1 %q, p %q", p.h1, p.paragraphs[0])
	}
	_, feed := get(t, srv.URL+"/x/feed.xml")
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(feed))
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Title != outlets[0].Name || parsed.Items[0].Title != articles[0].Title {
		t.Errorf("feed title %q, item title %q", parsed.Title, parsed.Items[0].Title)
	}
}

func mustParse(t *testing.T, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRoutes(t *testing.T) {
	srv, outlets, articles := newWorld(t)
	a := articles[0]
	st := post{Article: a, Published: testNow.Add(-a.Age)}
	var rssOutlet, atomOutlet Outlet
	for _, o := range outlets {
		switch o.Kind {
		case KindRSS:
			rssOutlet = o
		case KindAtom:
			atomOutlet = o
		}
	}
	tests := []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 200, "text/html"},
		{"/robots.txt", 200, "text/plain"},
		{"/" + a.Outlet + "/", 200, "text/html"},
		{st.Path(), 200, "text/html"},
		{feedPath(rssOutlet), 200, "application/rss+xml"},
		{feedPath(atomOutlet), 200, "application/atom+xml"},
		{"/" + atomOutlet.Slug + "/feed.xml", 404, ""}, // only the kind it publishes
		{"/" + rssOutlet.Slug + "/feed.json", 404, ""},
		{"/no-such-outlet/", 404, ""},
		{"/no-such-outlet/feed.xml", 404, ""},
		{"/" + a.Outlet + "/1999/01/" + a.Slug + ".html", 404, ""}, // wrong date
		{strings.TrimSuffix(st.Path(), ".html"), 404, ""},
		{"/" + a.Outlet + "/2025/11/no-such-article.html", 404, ""},
		{"/" + a.Outlet + "/a/b/c/d.html", 404, ""},
	}
	for _, tt := range tests {
		resp, body := get(t, srv.URL+tt.path)
		if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("GET %s: %d %q, want %d %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.ctype)
		}
		// Every page, in whatever language, says the outlet is fictional.
		if tt.ctype == "text/html" && !strings.Contains(string(body), fictionalEN) {
			t.Errorf("GET %s: no fictional-outlet notice", tt.path)
		}
	}
	// An outlet's homepage links every article it published.
	_, home := get(t, srv.URL+"/"+a.Outlet+"/")
	for _, b := range articles {
		if b.Outlet == a.Outlet && !strings.Contains(string(home), (&post{Article: b, Published: testNow.Add(-b.Age)}).Path()) {
			t.Errorf("homepage of %s does not link %s", a.Outlet, b.Slug)
		}
	}
	// HEAD answers like GET without a body.
	req, _ := http.NewRequest("HEAD", srv.URL+st.Path(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" {
		t.Errorf("HEAD: %s, ETag %q", resp.Status, resp.Header.Get("ETag"))
	}
}

func TestStartServesSourcesOnLoopback(t *testing.T) {
	w, err := Start(testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %q is not on loopback", w.URL())
	}
	sources := w.Sources()
	outlets, articles, _ := Corpus()
	if len(sources) != len(outlets) {
		t.Fatalf("%d sources for %d outlets", len(sources), len(outlets))
	}
	for _, s := range sources {
		if err := s.Validate(); err != nil {
			t.Errorf("source %s: %v", s.Name, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	feed, err := gofeed.NewParser().ParseURLWithContext(sources[0].FeedURL, ctx)
	if err != nil {
		t.Fatalf("%s: %v", sources[0].FeedURL, err)
	}
	if feed.Title != sources[0].Name {
		t.Errorf("feed title %q, want %q", feed.Title, sources[0].Name)
	}
	if resp, _ := get(t, w.ArticleURL(articles[0])); resp.StatusCode != 200 {
		t.Errorf("ArticleURL: %s", resp.Status)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(sources[0].FeedURL); err == nil {
		t.Error("the world still answers after Close")
	}
}
