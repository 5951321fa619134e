package opml

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"beatdesk"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden is the part of a Source that OPML carries.
type golden struct {
	Name, FeedURL, SiteURL, Lang, Country string `json:",omitempty"`
}

func toGolden(ss []beatdesk.Source) []golden {
	out := make([]golden, len(ss))
	for i, s := range ss {
		out[i] = golden{s.Name, s.FeedURL, s.SiteURL, s.Lang, s.Country}
	}
	return out
}

// TestGolden parses every testdata/*.opml and compares with its
// .golden.json (go test -update rewrites them; read the diff).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.opml")
	if len(files) == 0 {
		t.Fatal("no testdata/*.opml")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ss, err := Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(toGolden(ss), "", "  ")
			got = append(got, '\n')
			gpath := strings.TrimSuffix(path, ".opml") + ".golden.json"
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
				t.Errorf("parse differs from %s:\ngot:\n%s\nwant:\n%s", gpath, got, want)
			}
		})
	}
}

// TestNested checks the rules the nested fixture exercises, independently
// of the golden file, so a careless -update cannot bless a regression.
func TestNested(t *testing.T) {
	f, err := os.Open("testdata/nested.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []golden{
		{"El Diario del Norte", "https://diario.example.mx/rss/portada.xml", "https://diario.example.mx/", "es", "MX"},
		{"Only a title", "https://otro.example.mx/feed", "", "es", "MX"},
		{"English edition", "https://diario.example.mx/en/rss.xml", "", "en", "MX"},
		{"東京新聞 — 速報", "http://tokyo.example.jp/index.rdf", "", "ja", "JP"},
		{"Tech & Science", "https://tech.example.de/atom.xml?a=1&b=2", "", "", "DE"},
		{"nameless.example.com", "https://www.nameless.example.com/rss.xml", "https://www.nameless.example.com/", "", ""},
	}
	if got := toGolden(ss); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestCharsets(t *testing.T) {
	for file, want := range map[string]golden{
		"windows-1252.opml":      {Name: "Periódico Español", FeedURL: "https://periodico.example.es/rss"},
		"undeclared-latin1.opml": {Name: "Café sans déclaration", FeedURL: "https://cafe.example.fr/rss"},
		"utf16.opml":             {Name: "Ελληνικά νέα", FeedURL: "https://nea.example.gr/rss", Lang: "el"},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		ss, err := Parse(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(ss) != 1 || toGolden(ss)[0] != want {
			t.Errorf("%s: got %+v, want %+v", file, toGolden(ss), want)
		}
	}
}

func TestErrors(t *testing.T) {
	deep := "<opml><body>" + strings.Repeat("<outline text='x'>", MaxDepth) + strings.Repeat("</outline>", MaxDepth) + "</body></opml>"
	tests := []struct {
		name, doc string
		want      []string // substrings of the message
	}{
		{"empty", "  \n", []string{"empty"}},
		{"html", "<!DOCTYPE html><html><body>hi</body></html>", []string{"HTML page"}},
		{"feed", `<rss version="2.0"><channel></channel></rss>`, []string{"it is a feed", "source add"}},
		{"other root", `<?xml version="1.0"?><urlset/>`, []string{"<urlset>", "<opml>"}},
		{"no elements", "just text", []string{"no elements"}},
		{"deep", deep, []string{"line 1", "nested more than 32"}},
		{"unclosed tag", "<opml>\n<body>\n<outline text=\"a\" xmlUrl=\"https://a.example/\"", []string{"line 3", "<outline> tag is not closed"}},
		{"unclosed value", "<opml>\n<body>\n<outline text=\"a", []string{"line 3", "value of text never ends"}},
		{"unclosed comment", "<opml>\n<!-- <outline xmlUrl=\"https://a.example/\"/>\n</opml>", []string{"line 2", "comment is never closed"}},
		{"bad url", "<opml><body>\n\n<outline text=\"Bad one\" xmlUrl=\"ftp://files.example/rss\"/></body></opml>", []string{"line 3", `"Bad one"`, "ftp://files.example/rss", "not an http(s) address"}},
		{"long url", "<opml><body><outline text=\"Long\" xmlUrl=\"https://a.example/" + strings.Repeat("x", 3000) + "\"/></body></opml>", []string{"line 1", `"Long"`, "longer than 2048"}},
		{"relative url", "<opml><body><outline xmlUrl=\"/rss.xml\"/></body></opml>", []string{"line 1", "(no name)", "/rss.xml"}},
		{"unknown charset", "<?xml version=\"1.0\" encoding=\"x-klingon\"?><opml><body><outline text=\"\xff\" xmlUrl=\"https://a.example/\"/></body></opml>", []string{"x-klingon", "UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, err := Parse(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("no error; got %d sources", len(ss))
			}
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("error kind: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestSizeCap(t *testing.T) {
	// An endless stream: Parse must stop reading at the cap, not after.
	r := io.MultiReader(strings.NewReader("<opml><body>"), endless{})
	_, err := Parse(r)
	if err == nil || !strings.Contains(err.Error(), "larger than 5 MiB") {
		t.Fatalf("got %v, want the size error", err)
	}
	// Just under the cap is fine.
	pad := strings.Repeat(" ", MaxSize-200)
	doc := "<opml><body><outline text=\"a\" xmlUrl=\"https://a.example/\"/>" + pad + "</body></opml>"
	if ss, err := Parse(strings.NewReader(doc)); err != nil || len(ss) != 1 {
		t.Fatalf("%d bytes: %v, %d sources", len(doc), err, len(ss))
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestRealFiles reads the awesome-rss-feeds OPML lists: the 259 country
// feeds, each under a category named after its country, and the topic lists.
func TestRealFiles(t *testing.T) {
	dir := "../../../../shared/data/feed-sources-opml"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real OPML files not available (%v); they live in ../shared/data/feed-sources-opml", err)
	}
	count := func(pattern string, check func(path string, s beatdesk.Source)) int {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		if len(files) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		n := 0
		for _, path := range files {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ss, err := Parse(bytes.NewReader(b))
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(path), err)
				continue
			}
			if len(ss) == 0 {
				t.Errorf("%s: no feeds", filepath.Base(path))
			}
			for _, s := range ss {
				if err := s.Validate(); err != nil {
					t.Errorf("%s: %v", filepath.Base(path), err)
				}
				if check != nil {
					check(path, s)
				}
			}
			n += len(ss)
		}
		return n
	}
	countries := map[string]bool{}
	withCat := count("countries/with_category/*.opml", func(path string, s beatdesk.Source) {
		if s.Country == "" {
			t.Errorf("%s: %s has no country from its category", filepath.Base(path), s.Name)
		}
		countries[s.Country] = true
	})
	without := count("countries/without_category/*.opml", nil)
	topics := count("recommended/*/*.opml", nil)
	if withCat != 259 || without != 259 {
		t.Errorf("country feeds: %d with categories, %d without; want 259 each", withCat, without)
	}
	for name, code := range map[string]string{"France": "FR", "United Kingdom": "GB", "Hong Kong SAR China": "HK", "Myanmar (Burma)": "MM", "United States": "US"} {
		if got := countryByName(name); got != code {
			t.Errorf("country %q: got %q, want %q", name, got, code)
		}
	}
	if len(countries) != 25 {
		t.Errorf("%d countries from category names, want 25: %v", len(countries), countries)
	}
	if topics != 2*527 {
		t.Errorf("topic feeds: %d, want %d", topics, 2*527)
	}
	t.Logf("%d country feeds (twice), %d topic feeds, %d countries", withCat, topics/2, len(countries))
}

func TestWriteRoundTrip(t *testing.T) {
	in := []beatdesk.Source{
		{Name: `Quotes "and" <tags> & 'apostrophes'`, FeedURL: "https://a.example/rss?x=1&y=<2>", SiteURL: "https://a.example/", Lang: "es", Country: "MX"},
		{Name: "Line\nbreak\ttab", FeedURL: "https://b.example/feed"},
		{Name: `"/><outline text="injected" xmlUrl="https://evil.example/"/>`, FeedURL: "https://c.example/atom.xml", Lang: "ja"},
		{Name: "Ünïcödé 新聞 \u202e", FeedURL: "https://d.example/rss", Country: "JP"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "beatdesk <sources> & more", in); err != nil {
		t.Fatal(err)
	}
	// Well-formed by a strict XML reader.
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	outlines := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, buf.String())
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "outline" {
			outlines++
		}
	}
	if outlines != len(in) {
		t.Errorf("%d outlines, want %d (an injection got through?)\n%s", outlines, len(in), buf.String())
	}
	out, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := toGolden(in)
	want[1].Name = "Line break tab" // white space collapses in a name
	if got := toGolden(out); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v", got, want)
	}
}

func TestWriteRefusesInvalid(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "x", []beatdesk.Source{
		{Name: "fine", FeedURL: "https://a.example/"},
		{Name: "broken", FeedURL: "not a url"},
	})
	if !errors.Is(err, beatdesk.ErrInvalid) || !strings.Contains(err.Error(), `source 2 ("broken")`) {
		t.Fatalf("got %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes despite the error", buf.Len())
	}
}

func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "", nil); err != nil {
		t.Fatal(err)
	}
	ss, err := Parse(&buf)
	if err != nil || len(ss) != 0 {
		t.Fatalf("got %v, %v", ss, err)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.opml")
	for _, path := range files {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<opml><body><outline text="Mexico"><outline xmlUrl="feed:https://a.example/" language="es-MX"/></outline></body></opml>`))
	f.Add([]byte(`<opml><outline xmlUrl="https://a.example/" country="gb" text="&amp;&#x0;&nbsp;"/>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		ss, err := Parse(bytes.NewReader(doc))
		if err != nil {
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		for _, s := range ss {
			if err := s.Validate(); err != nil {
				t.Fatalf("parsed an invalid source: %v", err)
			}
		}
		// What Parse returns, Write must write and Parse read back the same.
		var buf bytes.Buffer
		if err := Write(&buf, "fuzz", ss); err != nil {
			t.Fatalf("Write: %v", err)
		}
		again, err := Parse(&buf)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(toGolden(again), toGolden(ss)) {
			t.Fatalf("round trip differs:\n%+v\n%+v", toGolden(ss), toGolden(again))
		}
	})
}

// TestBrokenQuotes: raw quotes and pasted HTML inside attributes, as in
// real exports, must not lose feeds or bleed one attribute into another.
func TestBrokenQuotes(t *testing.T) {
	f, err := os.Open("testdata/broken-quotes.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	got := toGolden(ss)
	if len(got) != 7 {
		t.Fatalf("%d feeds, want 7: %+v", len(got), got)
	}
	for i, want := range []golden{
		{Name: `Газета "Коммерсантъ". Главное`, FeedURL: "https://kommersant.example.ru/RSS/main.xml"},
		{Name: "A dev", FeedURL: "https://dev.example.me/feed/"},
		{Name: "Reader's Digest", FeedURL: "https://rd.example.com/rss"},
		{Name: "Unquoted", FeedURL: "https://unquoted.example.org/rss.xml"},
		{Name: "Section § and &", FeedURL: "https://q.example.com/rss?id=1&section=world&lang=es"},
	} {
		if got[i] != want {
			t.Errorf("feed %d: got %+v, want %+v", i+1, got[i], want)
		}
	}
}
