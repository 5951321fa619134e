package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"beatdesk"

	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the .golden.json files from the current output")

// goldenBase is the address every test document is said to come from.
const goldenBase = "https://example.com/feeds/main.xml"

// golden is what a .golden.json file holds: the feed, or the error.
type golden struct {
	Feed  *Feed  `json:"feed,omitempty"`
	Error string `json:"error,omitempty"`
}

// TestGolden parses every file in testdata/ and compares the result with
// the file's .golden.json. Run with -update to rewrite them, then read the
// diff before committing.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".golden.json") || isDir(path) {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var got golden
			got.Feed, err = Parse(body, goldenBase)
			if err != nil {
				got.Error = err.Error()
				if !errors.Is(err, beatdesk.ErrInvalid) {
					t.Errorf("error %v is not beatdesk.ErrInvalid", err)
				}
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, '\n')
			gpath := strings.TrimSuffix(path, filepath.Ext(path)) + ".golden.json"
			if *update {
				if err := os.WriteFile(gpath, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gpath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", gpath, out, want)
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d test documents found in testdata/", n)
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// TestParseRules checks the promises of the package doc directly, so a
// wrong golden file cannot hide a broken rule.
func TestParseRules(t *testing.T) {
	f := mustParse(t, "rss2.xml")
	if f.TTL != 30*time.Minute || f.Lang != "es-MX" || f.SiteURL != "https://example.com/" {
		t.Errorf("feed fields: TTL %v Lang %q SiteURL %q", f.TTL, f.Lang, f.SiteURL)
	}
	if f.Title != "El Diario & the Northern Courier" {
		t.Errorf("feed title %q: want entities decoded, not escaped", f.Title)
	}
	byURL := map[string]Entry{}
	for _, e := range f.Entries {
		byURL[e.URL] = e
		if e.URL == "" || e.GUID == "" {
			t.Errorf("entry without URL or GUID: %+v", e)
		}
		for _, s := range []string{e.Title, e.Summary} {
			if strings.Contains(s, "&amp;") || strings.Contains(s, "  ") || strings.Contains(s, "<em>") {
				t.Errorf("not plain text: %q", s)
			}
		}
		if strings.ContainsAny(e.Summary, "<>") {
			t.Errorf("summary not plain text: %q", e.Summary)
		}
	}
	if e, ok := byURL["https://example.com/news/2026/03/att-deal"]; !ok || e.Title != "AT&T signs deal — shares up 3%" || e.GUID != e.URL || !e.Published.IsZero() {
		t.Errorf("relative link / double-escaped title / GUID fallback: %+v", e)
	}
	if e := byURL["https://example.com/news/governor"]; e.Title != `<script>alert("x")</script>Governor resigns` || e.Summary != "The governor resigned on Wednesday." {
		t.Errorf("script title / summary: %+v", e)
	}
	if _, ok := byURL["https://example.com/news/permalink-only"]; !ok {
		t.Error("an entry whose only link is a permalink GUID was dropped")
	}
	for _, e := range f.Entries {
		if strings.Contains(e.Title, "skipped") || strings.Contains(e.Title, "javascript") {
			t.Errorf("entry should have been skipped: %+v", e)
		}
	}
	first := f.Entries[0]
	if want := time.Date(2026, 3, 3, 20, 5, 0, 0, time.UTC); !first.Published.Equal(want) || first.Published.Location() != time.UTC {
		t.Errorf("published %v, want %v in UTC", first.Published, want)
	}
	if first.Author != "María López" {
		t.Errorf("author %q", first.Author)
	}
}

func TestNotFeeds(t *testing.T) {
	for file, want := range map[string]string{
		"homepage.html":           "the document is HTML; give the feed's address, not the homepage",
		"homepage-nodoctype.html": "the document is HTML",
		"not-jsonfeed.json":       "not a JSON Feed",
		"plain.txt":               "neither XML nor JSON",
		"sitemap.xml":             "the root element is <urlset>",
		"empty.xml":               "the document is empty",
		"deep.xml":                "nested more than 64 deep",
	} {
		body, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse(body, goldenBase)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "feed.Parse") {
			t.Errorf("%s: err = %v, want it to say %q", file, err, want)
		}
		if msg := beatdesk.Message(err); !strings.Contains(msg, want) {
			t.Errorf("%s: user message %q lacks %q", file, msg, want)
		}
	}
}

func TestCharsets(t *testing.T) {
	for file, want := range map[string]string{
		"charset-lie.xml":     "São Paulo: “quotes” and ümlauts — stay intact",
		"latin1.xml":          "Café in München",
		"undeclared-1252.xml": "“Smart quotes” – café",
	} {
		f := mustParse(t, file)
		if len(f.Entries) != 1 || f.Entries[0].Title != want {
			t.Errorf("%s: entries %+v, want title %q", file, f.Entries, want)
		}
	}

	// UTF-16 with a byte-order mark.
	src := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Ünïcode</title><item><title>日本語のニュース</title><link>https://u16.example/1</link></item></channel></rss>`
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(b, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Ünïcode" || len(f.Entries) != 1 || f.Entries[0].Title != "日本語のニュース" {
		t.Errorf("UTF-16: %+v", f)
	}
}

func TestDepthCountsOnlyOpenElements(t *testing.T) {
	// 200 unclosed <br> and 1,000 sibling items never nest deep.
	if f := mustParse(t, "sloppy-br.xml"); len(f.Entries) != 1 {
		t.Errorf("sloppy feed: %d entries", len(f.Entries))
	}
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>t</title>`)
	for i := range 1000 {
		b.WriteString(`<item><title>x</title><link>https://w.example/` + string(rune('a'+i%26)) + `</link><guid>` + strings.Repeat("g", i%7) + `</guid></item>`)
	}
	b.WriteString(`</channel></rss>`)
	if _, err := Parse([]byte(b.String()), ""); err != nil {
		t.Errorf("wide feed refused: %v", err)
	}
	// Exactly at the cap passes, one more fails.
	at := "<rss>" + strings.Repeat("<a>", MaxDepth-1) + strings.Repeat("</a>", MaxDepth-1) + "</rss>"
	if root, err := scanMarkup([]byte(at), MaxDepth); err != nil || root != "rss" {
		t.Errorf("depth %d: root %q err %v", MaxDepth, root, err)
	}
	over := "<rss>" + strings.Repeat("<a>", MaxDepth) + "</rss>"
	if _, err := scanMarkup([]byte(over), MaxDepth); err == nil {
		t.Errorf("depth %d accepted", MaxDepth+1)
	}
	// Markup-like text inside comments, CDATA and attribute values is not markup.
	tricky := `<!-- <a><a><a> --><rss x="<a>"><![CDATA[<a><a>]]><?pi <a>?></rss>`
	if _, err := scanMarkup([]byte(tricky), 1); err != nil {
		t.Errorf("tricky: %v", err)
	}
}

func TestLongGUIDIsHashed(t *testing.T) {
	long := strings.Repeat("x", 2000)
	src := `<rss version="2.0"><channel><item><title>t</title><link>https://g.example/1</link><guid isPermaLink="false">` + long + `</guid></item></channel></rss>`
	f, err := Parse([]byte(src), "")
	if err != nil {
		t.Fatal(err)
	}
	if g := f.Entries[0].GUID; !strings.HasPrefix(g, "sha256:") || len(g) != 7+64 {
		t.Errorf("GUID %q", g)
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"plain   text\n here":                       "plain text here",
		"<p>one</p><p>two</p>":                      "one two",
		"Hel<b>lo</b> wor<i>ld</i>":                 "Hello world",
		"a<br>b<br/>c":                              "a b c",
		"<script>alert(1)</script>safe":             "safe",
		"<style>p{}</style><p>x &amp; y &lt; z</p>": "x & y < z",
		"Tom & Jerry":                               "Tom & Jerry",
		"caf&eacute; &#8212; &#x41;":                "café — A",
		"<unclosed":                                 "",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	s := strings.Repeat("word ", 400) // 2,000 characters
	got := clip(s, 1000)
	if n := utf8.RuneCountInString(got); n > 1000 || n < 900 || !strings.HasSuffix(got, "…") {
		t.Errorf("clip: %d characters, ends %q", n, got[len(got)-8:])
	}
	if clip("short", 10) != "short" {
		t.Error("clip changed a short string")
	}
}

func mustParse(t *testing.T, file string) *Feed {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(body, goldenBase)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return f
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, path := range files {
		if strings.HasSuffix(path, ".golden.json") || isDir(path) {
			continue
		}
		if b, err := os.ReadFile(path); err == nil && len(b) < 8<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(`<rss><channel><item><link>x</link></item>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"/a"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		// Parse turns a panic of the direct reader into a hand-over to
		// gofeed; called here without that net, a panic is a crash.
		readDirect(bytes.TrimLeft(toUTF8(body), " \t\r\n"))

		feed, err := Parse(body, goldenBase)
		if err != nil {
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		if len(feed.Entries) > MaxEntries {
			t.Fatalf("%d entries kept, more than MaxEntries", len(feed.Entries))
		}
		for _, e := range feed.Entries {
			if !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
				t.Fatalf("entry URL %q is not absolute http(s)", e.URL)
			}
			if e.GUID == "" || len(e.GUID) > maxGUID {
				t.Fatalf("bad GUID %q", e.GUID)
			}
			for _, s := range []string{e.Title, e.Summary, e.Author} {
				if !utf8.ValidString(s) || strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
					t.Fatalf("text not normalised: %q", s)
				}
			}
		}
	})
}

// TestWebSubLinks checks WebSub discovery in feed documents: the first
// feed-level hub and self links count, relation names in any case, RSS's
// <atom:link> under any of Atom's prefixes, relative links resolved
// (xml:base included); links inside entries never count; a feed naming
// none has none.
func TestWebSubLinks(t *testing.T) {
	for _, tc := range []struct {
		file, hub, self string
	}{
		{"websub-rss.xml", "https://hub.example/publish", "https://example.com/rss.xml"},
		{"websub-atom.xml", "https://pubsubhubbub.example/", "https://atom.example/news/feed.atom"},
		{"atom.xml", "", "https://example.fr/feed.atom"},
		{"rss2.xml", "", ""},
	} {
		f := mustParse(t, tc.file)
		if f.Hub != tc.hub || f.Self != tc.self {
			t.Errorf("%s: hub %q self %q; want %q and %q", tc.file, f.Hub, f.Self, tc.hub, tc.self)
		}
		// The slower path must agree.
		body, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		g, err := viaGofeed(body, goldenBase)
		if err != nil || g.Hub != tc.hub || g.Self != tc.self {
			t.Errorf("%s through gofeed: hub %q self %q (%v); want %q and %q", tc.file, g.Hub, g.Self, err, tc.hub, tc.self)
		}
	}
}
