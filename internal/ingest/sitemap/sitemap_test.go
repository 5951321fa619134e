package sitemap

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/ingest/feed"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// now is when the tests read the fixtures.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const base = "https://diario.example.mx/news-sitemap.xml"

func parseFile(t *testing.T, name string) *Sitemap {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := Parse(b, base)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sm
}

// TestGolden compares each testdata/*.xml, parsed and turned into a feed at
// now, with its .golden.json (go test -update rewrites them; read the diff).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	if len(files) == 0 {
		t.Fatal("no testdata/*.xml")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			sm := parseFile(t, filepath.Base(path))
			got, _ := json.MarshalIndent(struct {
				Sitemap *Sitemap
				Feed    *feed.Feed
			}{sm, sm.Feed(now)}, "", "  ")
			got = append(got, '\n')
			gpath := strings.TrimSuffix(path, ".xml") + ".golden.json"
			if *update {
				if err := os.WriteFile(gpath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gpath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("differs from %s:\ngot:\n%s", gpath, got)
			}
		})
	}
}

// TestNews states what the news fixture must give, independently of the
// golden file.
func TestNews(t *testing.T) {
	sm := parseFile(t, "news.xml")
	if sm.Index || !sm.News || sm.Truncated {
		t.Errorf("Index %v News %v Truncated %v; want a news urlset", sm.Index, sm.News, sm.Truncated)
	}
	if len(sm.URLs) != 6 {
		t.Errorf("%d URLs, want 6 (no-loc and javascript: skipped)", len(sm.URLs))
	}
	first := sm.URLs[0]
	if first.Title != "Sube el peso & bajan las tasas" || first.Publication != "El Diario del Norte" || first.Lang != "es" ||
		!first.Published.Equal(time.Date(2026, 6, 1, 11, 30, 0, 0, time.UTC)) {
		t.Errorf("first URL: %+v", first)
	}
	if sm.URLs[1].Loc != "https://diario.example.mx/nacional/2026/05/31/relative-loc" || sm.URLs[1].Title != `Congreso aprueba la "reforma"` || sm.URLs[1].Lang != "es" {
		t.Errorf("second URL: %+v", sm.URLs[1])
	}

	f := sm.Feed(now)
	if f.Title != "El Diario del Norte" || f.Lang != "es" {
		t.Errorf("feed title %q lang %q", f.Title, f.Lang)
	}
	var got []string
	for _, e := range f.Entries {
		got = append(got, e.Published.Format("01-02T15:04")+" "+e.Title)
		if e.GUID != e.URL || !strings.HasPrefix(e.URL, "https://") {
			t.Errorf("entry %+v: GUID must be its absolute URL", e)
		}
	}
	want := []string{
		"06-01T11:30 Sube el peso & bajan las tasas", // the repeat of this URL is dropped
		"06-01T11:15 Sin fecha de publicación: vale lastmod é",
		`05-31T00:00 Congreso aprueba la "reforma"`,
	} // three days old and four days ahead are left out
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlain(t *testing.T) {
	sm := parseFile(t, "plain.xml")
	if sm.News || len(sm.URLs) != 5 {
		t.Fatalf("News %v, %d URLs; want a plain urlset of 5", sm.News, len(sm.URLs))
	}
	es := sm.Entries(now)
	if len(es) != 2 || es[0].URL != "https://blog.example.org/2026/06/01/today?a=1&b=2" || es[1].URL != "https://blog.example.org/2026/05/31/yesterday" {
		t.Errorf("entries: %+v; want today then yesterday (undated, ancient and unreadable dates left out)", es)
	}
	if !es[0].Published.Equal(time.Date(2026, 6, 1, 6, 0, 0, 123e6, time.UTC)) {
		t.Errorf("date with offset and fraction: %v", es[0].Published)
	}
}

func TestIndex(t *testing.T) {
	sm := parseFile(t, "index.xml")
	if !sm.Index || len(sm.URLs) != 0 {
		t.Fatalf("Index %v, %d URLs", sm.Index, len(sm.URLs))
	}
	want := []string{
		"https://news.example.com/sitemaps/news-world.xml",
		"https://news.example.com/sitemaps/news-sport.xml",
		"https://diario.example.mx/sitemaps/relative.xml",
	}
	var got []string
	for _, c := range sm.Sitemaps {
		got = append(got, c.Loc)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("children %v, want %v", got, want)
	}
	if len(sm.Entries(now)) != 0 {
		t.Error("an index has no entries of its own")
	}
}

func TestCharset(t *testing.T) {
	sm := parseFile(t, "windows-1252.xml")
	if len(sm.URLs) != 1 || sm.URLs[0].Title != "España y Portugal: “acuerdo”" || sm.URLs[0].Publication != "Periódico" {
		t.Errorf("got %+v", sm.URLs)
	}
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

func TestGzip(t *testing.T) {
	plain, err := os.ReadFile("testdata/news.xml")
	if err != nil {
		t.Fatal(err)
	}
	sm, err := Parse(gz(t, plain), base)
	if err != nil || len(sm.URLs) != 6 {
		t.Fatalf("gzip'd news sitemap: %v", err)
	}
	// A bomb: 11 MiB of zeros compress to about 11 KB.
	bomb := gz(t, make([]byte, MaxSize+1<<20))
	if _, err := Parse(bomb, base); err == nil || !strings.Contains(err.Error(), "larger than 10 MiB after decompression") {
		t.Errorf("gzip bomb: got %v", err)
	}
	if _, err := Parse([]byte{0x1f, 0x8b, 0, 1, 2}, base); err == nil || !strings.Contains(err.Error(), "not valid gzip") {
		t.Errorf("bad gzip: got %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"empty", " \n", "empty"},
		{"html", "<!DOCTYPE html><html><body></body></html>", "the document is HTML"},
		{"feed", `<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, "is a feed (<rss>)"},
		{"other", `<opml/>`, "root element is <opml>"},
		{"text", "hello", "no elements"},
		{"deep", "<urlset>" + strings.Repeat("<a>", MaxDepth) + strings.Repeat("</a>", MaxDepth) + "</urlset>", "nested more than 32 deep"},
		{"malformed", "<urlset>\n<url>\n<loc>https://a.example/</loc>\n</url\n</urlset>", "line 5: the sitemap is malformed"},
		{"too large", "<urlset>" + strings.Repeat(" ", MaxSize) + "</urlset>", "larger than 10 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sm, err := Parse([]byte(tt.doc), base)
			if err == nil {
				t.Fatalf("no error: %+v", sm)
			}
			if !errors.Is(err, beatdesk.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, want kind invalid and %q", err, tt.want)
			}
		})
	}
}

func bigSitemap(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">` + "\n")
	for i := range n {
		fmt.Fprintf(&b, "<url><loc>https://news.example.com/2026/06/01/story-%d</loc><news:news><news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-06-01T%02d:%02d:00Z</news:publication_date><news:title>Story number %d</news:title></news:news></url>\n", i, i/60%12, i%60, i)
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func TestMaxURLs(t *testing.T) {
	if testing.Short() {
		t.Skip("parses a sitemap of 50,001 URLs")
	}
	var b bytes.Buffer
	b.WriteString("<urlset>\n")
	for i := range MaxURLs + 1 {
		fmt.Fprintf(&b, "<url><loc>https://n.example/2026/06/01/story-%d</loc><lastmod>2026-06-01</lastmod></url>\n", i)
	}
	b.WriteString("</urlset>\n")
	doc := b.Bytes()
	if len(doc) > MaxSize {
		t.Fatalf("fixture is %d bytes, over the cap", len(doc))
	}
	start := time.Now()
	sm, err := Parse(doc, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d URLs, %.1f MB in %v", len(sm.URLs), float64(len(doc))/1e6, time.Since(start).Round(time.Millisecond))
	if len(sm.URLs) != MaxURLs || !sm.Truncated {
		t.Errorf("%d URLs, Truncated %v; want %d and true", len(sm.URLs), sm.Truncated, MaxURLs)
	}
}

// site is a fake getter: a map from URL to body; anything else fails.
type site map[string]string

func (s site) get(_ context.Context, url string) (string, string, []byte, error) {
	if b, ok := s[url]; ok {
		return url, "application/xml", []byte(b), nil
	}
	return "", "", nil, fmt.Errorf("HTTP 404 from %s", url)
}

func urlset(locs ...string) string {
	var b strings.Builder
	b.WriteString("<urlset>")
	for _, l := range locs {
		fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>2026-06-01T10:00:00Z</lastmod></url>", l)
	}
	b.WriteString("</urlset>")
	return b.String()
}

func TestFetchIndex(t *testing.T) {
	s := site{}
	var index strings.Builder
	index.WriteString("<sitemapindex>")
	// Twelve children, the later ones newer; child 11 is missing and
	// child 10 is itself an index.
	for i := range 12 {
		loc := fmt.Sprintf("https://n.example/s%d.xml", i)
		fmt.Fprintf(&index, "<sitemap><loc>%s</loc><lastmod>2026-05-%02dT00:00:00Z</lastmod></sitemap>", loc, 10+i)
		switch i {
		case 11:
		case 10:
			s[loc] = "<sitemapindex><sitemap><loc>https://n.example/deeper.xml</loc></sitemap></sitemapindex>"
		default:
			s[loc] = urlset(fmt.Sprintf("https://n.example/a%d", i))
		}
	}
	index.WriteString("</sitemapindex>")
	s["https://n.example/index.xml"] = index.String()
	s["https://n.example/deeper.xml"] = urlset("https://n.example/too-deep")

	sm, err := Fetch(context.Background(), s.get, "https://n.example/index.xml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range sm.URLs {
		got = append(got, strings.TrimPrefix(u.Loc, "https://n.example/"))
	}
	// The ten newest children are 11..2; 11 fails, 10 is an index: 9..2 remain.
	want := "a9 a8 a7 a6 a5 a4 a3 a2"
	if strings.Join(got, " ") != want || !sm.Index || len(sm.Sitemaps) != 12 {
		t.Errorf("URLs %v (want %s), Index %v, %d children", got, want, sm.Index, len(sm.Sitemaps))
	}
}

func TestFetchErrors(t *testing.T) {
	s := site{
		"https://n.example/index.xml": "<sitemapindex><sitemap><loc>https://n.example/gone.xml</loc></sitemap></sitemapindex>",
		"https://n.example/page":      "<html><body>hi</body></html>",
	}
	if _, err := Fetch(context.Background(), s.get, "https://n.example/index.xml"); err == nil || !strings.Contains(err.Error(), "no child sitemap could be read") || !strings.Contains(err.Error(), "gone.xml") {
		t.Errorf("all children fail: got %v", err)
	}
	if _, err := Fetch(context.Background(), s.get, "https://n.example/page"); !errors.Is(err, beatdesk.ErrInvalid) {
		t.Errorf("HTML page: got %v", err)
	}
	sentinel := errors.New("refused")
	get := func(context.Context, string) (string, string, []byte, error) { return "", "", nil, sentinel }
	if _, err := Fetch(context.Background(), get, "https://n.example/x"); !errors.Is(err, sentinel) {
		t.Errorf("getter error not wrapped: %v", err)
	}
}

func BenchmarkParseNews1000(b *testing.B) {
	doc := bigSitemap(1000)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := Parse(doc, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, path := range files {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<sitemapindex><sitemap><loc>/a.xml</loc><lastmod>2026</lastmod></sitemap></sitemapindex>`))
	f.Add([]byte(`<urlset><url><loc>b</loc><news:news><news:publication_date>2026-06-01 10:00</news:publication_date></news:news></url></urlset><url><loc>/x</loc></url>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		sm, err := Parse(doc, base)
		if err != nil {
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		if len(sm.URLs) > MaxURLs || len(sm.Sitemaps) > MaxURLs || (sm.Index && len(sm.URLs) > 0) {
			t.Fatalf("caps or kinds broken: %d URLs, %d children, index %v", len(sm.URLs), len(sm.Sitemaps), sm.Index)
		}
		for _, u := range sm.URLs {
			if !strings.HasPrefix(u.Loc, "http://") && !strings.HasPrefix(u.Loc, "https://") {
				t.Fatalf("loc %q is not absolute http(s)", u.Loc)
			}
			for _, s := range []string{u.Title, u.Publication, u.Lang} {
				if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
					t.Fatalf("text not normalised: %q", s)
				}
			}
		}
		prev := time.Time{}
		for i, e := range sm.Entries(now) {
			if e.GUID == "" || len(e.GUID) > maxGUID || e.Published.Before(now.Add(-MaxAge)) {
				t.Fatalf("bad entry %+v", e)
			}
			if i > 0 && e.Published.After(prev) {
				t.Fatal("entries not newest first")
			}
			prev = e.Published
		}
	})
}
