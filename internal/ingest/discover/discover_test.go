package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"beatdesk"

	"golang.org/x/text/encoding/japanese"
)

// A doc is one resource of a fake site.
type doc struct {
	ctype, body string
}

// fakeSite serves docs by path on loopback and records what was asked.
type fakeSite struct {
	t    *testing.T
	srv  *httptest.Server
	docs map[string]doc
	mu   sync.Mutex
	hits []string
}

func newSite(t *testing.T, docs map[string]doc) *fakeSite {
	s := &fakeSite{t: t, docs: docs}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.URL.RequestURI())
		s.mu.Unlock()
		d, ok := s.docs[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(d.ctype, "redirect:") {
			http.Redirect(w, r, strings.TrimPrefix(d.ctype, "redirect:"), http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", d.ctype)
		io.WriteString(w, d.body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// get is the getter the tests inject: plain HTTP to the fake site only.
func (s *fakeSite) get(ctx context.Context, u string) (string, string, []byte, error) {
	if !strings.HasPrefix(u, s.srv.URL+"/") {
		s.t.Errorf("request outside the fake site: %s", u)
		return "", "", nil, errors.New("refused: not the test site")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", "", nil, err
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		return "", "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", nil, fmt.Errorf("HTTP %d from %s", resp.StatusCode, u)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 5<<20))
	return resp.Request.URL.String(), resp.Header.Get("Content-Type"), body, err
}

func (s *fakeSite) asked(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.hits, path)
}

func (s *fakeSite) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}

const htmlType = "text/html; charset=utf-8"

func rss(title string) doc {
	return doc{"application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>` + title +
		`</title><link>https://site.example/</link><item><title>One</title><link>https://site.example/a</link></item></channel></rss>`}
}

func atomDoc(title string) doc {
	return doc{"application/atom+xml", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>` + title +
		`</title><entry><id>tag:x,2026:1</id><title>One</title><link href="https://site.example/a"/><updated>2026-06-01T10:00:00Z</updated></entry></feed>`}
}

func jsonFeed(title string) doc {
	return doc{"application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"` + title + `","items":[{"id":"1","url":"https://site.example/a"}]}`}
}

func htmlPage(head, body string) doc {
	return doc{htmlType, "<!DOCTYPE html><html><head><title>Site</title>" + head + "</head><body>" + body + "</body></html>"}
}

func newsSitemap(name string) doc {
	return doc{"application/xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://site.example/a</loc><news:news><news:publication><news:name>` +
		name + `</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-06-01T10:00:00Z</news:publication_date><news:title>A</news:title></news:news></url></urlset>`}
}

// summary renders candidates as "kind path title" lines, paths relative to
// the site.
func (s *fakeSite) summary(cs []Candidate) string {
	var lines []string
	for _, c := range cs {
		lines = append(lines, c.Kind+" "+strings.TrimPrefix(c.URL, s.srv.URL)+" "+c.Title)
	}
	return strings.Join(lines, "\n")
}

func TestFeeds(t *testing.T) {
	tests := []struct {
		name  string
		docs  map[string]doc
		start string   // path Feeds is given
		want  []string // summary lines
		never []string // paths that must not be requested
	}{
		{
			name:  "the address is a feed",
			docs:  map[string]doc{"/rss.xml": rss("The Feed")},
			start: "/rss.xml",
			want:  []string{"rss /rss.xml The Feed"},
			never: []string{"/", "/robots.txt"},
		},
		{
			name: "WordPress homepage: main feed first, comments dropped, REST API ignored",
			docs: map[string]doc{
				"/": htmlPage(`
					<link rel="alternate" type="application/rss+xml" title="Site » World Category Feed" href="/category/world/feed/">
					<link rel="alternate" type="application/rss+xml" title="Site » Comments Feed" href="/comments/feed/">
					<link rel="alternate" type="application/rss+xml" title="Site » Feed" href="/feed/">
					<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
					<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url=x">
					<link rel="alternate" hreflang="es" href="/es/">`, ""),
				"/category/world/feed/":  rss("Site » World"),
				"/comments/feed/":        rss("Comments for Site"),
				"/feed/":                 rss("Site"),
				"/wp-json/wp/v2/pages/2": {"application/json", `{"id":2,"title":{"rendered":"About"}}`},
			},
			start: "/",
			want:  []string{"rss /feed/ Site", "rss /category/world/feed/ Site » World"},
			never: []string{"/feed", "/rss", "/robots.txt", "/wp-json/oembed/1.0/embed?url=x", "/es/"},
		},
		{
			name: "relative links under <base>, every kind",
			docs: map[string]doc{
				"/section/page": htmlPage(`<base href="/news/">
					<link rel="alternate" type="application/atom+xml" href="atom.xml">
					<link rel="alternate" type="application/feed+json" href="feed.json">
					<link rel="alternate" type="application/rss+xml" href="rss.xml" title="From the link">`, ""),
				"/news/atom.xml":  atomDoc("Atom news"),
				"/news/feed.json": jsonFeed("JSON news"),
				"/news/rss.xml":   rss(""),
			},
			start: "/section/page",
			want:  []string{"atom /news/atom.xml Atom news", "json /news/feed.json JSON news", "rss /news/rss.xml From the link"},
		},
		{
			name: "only a comments feed declared: the common paths find the main one",
			docs: map[string]doc{
				"/":                    htmlPage(`<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">`, ""),
				"/comments.xml":        rss("Comments on Site"),
				"/index.xml":           rss("Hugo site"),
				"/feeds/posts/default": atomDoc("never reached"),
			},
			start: "/",
			want:  []string{"rss /index.xml Hugo site"},
			never: []string{"/feeds/posts/default", "/robots.txt"},
		},
		{
			name: "Blogger",
			docs: map[string]doc{
				"/":                    htmlPage("", "<p>No feed links here.</p>"),
				"/feeds/posts/default": atomDoc("A Blogger blog"),
			},
			start: "/",
			want:  []string{"atom /feeds/posts/default A Blogger blog"},
		},
		{
			name: "an RSS link to a page listing the site's feeds",
			docs: map[string]doc{
				"/": htmlPage("", `<a href="https://feedly.com/i/subscription/feed/x">Follow on Feedly</a>
					<a href="/contacto">Contacto</a> <a href="/servicios/rss">RSS</a>`),
				"/servicios/rss": htmlPage("", `<ul>
					<li><a href="/rss/deportes.xml">Deportes</a></li>
					<li><a href="/rss/seccion/economia.xml">Economía</a></li>
					<li><a href="/rss/portada.xml">Portada</a></li>
					<li><a href="/sitemap.xml">Sitemap</a></li></ul>`),
				"/rss/deportes.xml":         rss("Diario - Deportes"),
				"/rss/seccion/economia.xml": rss("Diario - Economía"),
				"/rss/portada.xml":          rss("Diario - Portada"),
			},
			start: "/",
			want:  []string{"rss /rss/portada.xml Diario - Portada", "rss /rss/deportes.xml Diario - Deportes", "rss /rss/seccion/economia.xml Diario - Economía"},
			never: []string{"/contacto", "/sitemap.xml", "/feed"},
		},
		{
			name: "news sitemap named in robots.txt",
			docs: map[string]doc{
				"/":                      htmlPage("", ""),
				"/robots.txt":            {"text/plain", "User-agent: *\nDisallow: /admin\nSitemap: /sitemap.xml\nsitemap: /news/sitemap-news.xml\n"},
				"/sitemap.xml":           {"application/xml", `<urlset><url><loc>https://site.example/about</loc></url></urlset>`},
				"/news/sitemap-news.xml": newsSitemap("The Example Times"),
			},
			start: "/",
			want:  []string{"sitemap /news/sitemap-news.xml The Example Times"},
			never: []string{"/sitemap.xml", "/sitemap_news.xml"},
		},
		{
			name: "news sitemap inside a sitemap index",
			docs: map[string]doc{
				"/":                   htmlPage("", ""),
				"/robots.txt":         {"text/plain", "Sitemap: /sitemap_index.xml\n"},
				"/sitemap_index.xml":  {"application/xml", `<sitemapindex><sitemap><loc>/post-sitemap.xml</loc></sitemap><sitemap><loc>/news-sitemap-1.xml</loc></sitemap></sitemapindex>`},
				"/news-sitemap-1.xml": newsSitemap("Indexed News"),
			},
			start: "/",
			want:  []string{"sitemap /news-sitemap-1.xml Indexed News"},
			never: []string{"/post-sitemap.xml"},
		},
		{
			name: "news sitemap at the usual address",
			docs: map[string]doc{
				"/":                 htmlPage("", ""),
				"/sitemap_news.xml": newsSitemap("Usual News"),
			},
			start: "/",
			want:  []string{"sitemap /sitemap_news.xml Usual News"},
		},
		{
			name:  "the address is a sitemap",
			docs:  map[string]doc{"/news.xml": newsSitemap("Direct")},
			start: "/news.xml",
			want:  []string{"sitemap /news.xml Direct"},
		},
		{
			name: "redirects: the final address is kept",
			docs: map[string]doc{
				"/":         {"redirect:/home/", ""},
				"/home/":    htmlPage(`<link rel="alternate" type="application/rss+xml" href="/old-feed">`, ""),
				"/old-feed": {"redirect:/new-feed", ""},
				"/new-feed": rss("Moved"),
			},
			start: "/",
			want:  []string{"rss /new-feed Moved"},
		},
		{
			name: "a page served without a doctype, known by its Content-Type",
			docs: map[string]doc{
				"/":      {htmlType, `<meta charset="utf-8"><link rel="alternate" type="application/rss+xml" href="/f.rss">`},
				"/f.rss": rss("Bare page"),
			},
			start: "/",
			want:  []string{"rss /f.rss Bare page"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, tt.docs)
			got, err := Feeds(context.Background(), s.get, s.srv.URL+tt.start)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := s.summary(got), strings.Join(tt.want, "\n"); g != w {
				t.Errorf("got:\n%s\nwant:\n%s", g, w)
			}
			for _, p := range tt.never {
				if s.asked(p) {
					t.Errorf("requested %s, which it should not have", p)
				}
			}
			if n := s.requests(); n > MaxRequests {
				t.Errorf("%d requests, over the cap of %d", n, MaxRequests)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	s := newSite(t, map[string]doc{"/": htmlPage("", "<p>Nothing to subscribe to.</p>")})
	_, err := Feeds(context.Background(), s.get, s.srv.URL+"/")
	if !errors.Is(err, beatdesk.ErrNotFound) || !strings.Contains(err.Error(), "give the feed's address directly") {
		t.Fatalf("got %v, want ErrNotFound saying what to do", err)
	}
	// The page, seven common paths, robots.txt and two sitemap addresses.
	if n := s.requests(); n != 1+len(CommonPaths)+1+len(newsSitemapPaths) {
		t.Errorf("%d requests: %v", n, s.hits)
	}
}

func TestRequestCap(t *testing.T) {
	var head strings.Builder
	for i := range 40 {
		fmt.Fprintf(&head, `<link rel="alternate" type="application/rss+xml" href="/broken-%d.xml">`, i)
	}
	var body strings.Builder
	for i := range 40 {
		fmt.Fprintf(&body, `<a href="/rss/missing-%d.xml">RSS %d</a>`, i, i)
	}
	s := newSite(t, map[string]doc{"/": htmlPage(head.String(), body.String())})
	_, err := Feeds(context.Background(), s.get, s.srv.URL+"/")
	if !errors.Is(err, beatdesk.ErrNotFound) {
		t.Errorf("got %v", err)
	}
	if n := s.requests(); n > MaxRequests {
		t.Errorf("%d requests, over the cap of %d", n, MaxRequests)
	}
}

func TestCharsetOfPage(t *testing.T) {
	html := `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">` +
		`<link rel="alternate" type="application/rss+xml" title="東京新聞 速報" href="/rss.xml"></head></html>`
	sjis, err := japanese.ShiftJIS.NewEncoder().String(html)
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, map[string]doc{
		"/":        {"text/html", sjis},
		"/rss.xml": rss(""), // no title of its own: the page's name is used
	})
	got, err := Feeds(context.Background(), s.get, s.srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "東京新聞 速報" {
		t.Errorf("got %+v", got)
	}
}

func TestBadInput(t *testing.T) {
	never := func(context.Context, string) (string, string, []byte, error) {
		t.Error("fetched for an invalid address")
		return "", "", nil, errors.New("no")
	}
	for _, u := range []string{"", "ftp://files.example/", "javascript:alert(1)", "http://"} {
		if _, err := Feeds(context.Background(), never, u); !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("%q: got %v, want ErrInvalid", u, err)
		}
	}

	// A bare host name means https.
	var asked string
	sentinel := errors.New("connection refused")
	get := func(_ context.Context, u string) (string, string, []byte, error) {
		asked = u
		return "", "", nil, sentinel
	}
	_, err := Feeds(context.Background(), get, "example.com")
	if asked != "https://example.com" || !errors.Is(err, sentinel) {
		t.Errorf("asked %q, got %v; want https://example.com and the getter's error wrapped", asked, err)
	}

	// A broken feed at the address is an error that says so.
	s := newSite(t, map[string]doc{"/rss": {"application/rss+xml", "<rss><channel><item><title>x</title></item>" + strings.Repeat("<a>", 100)}})
	if _, err := Feeds(context.Background(), s.get, s.srv.URL+"/rss"); !errors.Is(err, beatdesk.ErrInvalid) || !strings.Contains(err.Error(), "is a feed, but it cannot be read") {
		t.Errorf("broken feed: got %v", err)
	}
}

func TestContextEnds(t *testing.T) {
	s := newSite(t, map[string]doc{"/": htmlPage("", "")})
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	get := func(ctx context.Context, u string) (string, string, []byte, error) {
		calls++
		final, ctype, body, err := s.get(ctx, u)
		cancel() // the operator gives up after the first answer
		return final, ctype, body, err
	}
	_, err := Feeds(ctx, get, s.srv.URL+"/")
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("got %v after %d calls; want context.Canceled after 1", err, calls)
	}
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]string{
		"\xEF\xBB\xBF <?xml version='1.0'?><!-- c --><rss>": KindRSS,
		`<rdf:RDF xmlns:rdf="x">`:                           KindRSS,
		"<?xml version='1.0'?>\n<feed xmlns='x'>":           KindAtom,
		`  {"version":"x"}`:                                 KindJSON,
		`<?xml version="1.0"?><sitemapindex>`:               KindSitemap,
		"\x1f\x8b\x08":                                      KindSitemap,
		"<!doctype HTML><title>x</title>":                   kindHTML,
		"<!-- hi --><html lang=en>":                         kindHTML,
		`<?xml version="1.0"?><opml>`:                       "",
		"plain text":                                        "",
		"":                                                  "",
	} {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFeeds serves one stranger's document at every address of a site and
// checks that discovery neither fails badly nor exceeds its budget.
func FuzzFeeds(f *testing.F) {
	f.Add([]byte(`<!DOCTYPE html><base href="/x/"><link rel="alternate feed" type="application/rss+xml" href="rss"><a href="/rss">RSS</a>`))
	f.Add([]byte(rss("t").body))
	f.Add([]byte(newsSitemap("n").body))
	f.Add([]byte(jsonFeed("j").body))
	f.Add([]byte("Sitemap: /s.xml\nSitemap: news.xml"))
	f.Fuzz(func(t *testing.T, body []byte) {
		requests := 0
		get := func(_ context.Context, u string) (string, string, []byte, error) {
			requests++
			return u, "text/html", body, nil
		}
		cs, err := Feeds(context.Background(), get, "https://site.example/")
		if requests > MaxRequests {
			t.Fatalf("%d requests", requests)
		}
		if err != nil {
			if !errors.Is(err, beatdesk.ErrNotFound) && !errors.Is(err, beatdesk.ErrInvalid) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		for _, c := range cs {
			if !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
				t.Fatalf("candidate URL %q", c.URL)
			}
			switch c.Kind {
			case KindRSS, KindAtom, KindJSON, KindSitemap:
			default:
				t.Fatalf("kind %q", c.Kind)
			}
		}
	})
}
