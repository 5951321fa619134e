package feed

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

func TestLegacyCharsets(t *testing.T) {
	for _, c := range []struct {
		file, check      string // check: bytes the fixture must hold, to prove it is what it says
		feedTitle, title string
		summary          string
	}{
		{
			file: "windows-1252.xml", check: "\x93Caf\xe9 cr\xe8me\x94 costs \x803",
			feedTitle: "Le Café – Windows-1252",
			title:     "“Café crème” costs €3 – it’s dear",
			summary:   "Prix d’un café à Paris : 3 €.",
		},
		{
			file: "shift_jis.xml", check: sjis(t, "東京で大雨、電車が運休"),
			feedTitle: "日本経済新聞",
			title:     "東京で大雨、電車が運休",
			summary:   "気象庁によると、雨は夜まで続く。",
		},
		{
			// Declared ISO-8859-1 but valid UTF-8: decoding it as Latin-1
			// would turn "é" (C3 A9) into "Ã©".
			file: "mislabelled-utf8.xml", check: "Caf\xc3\xa9 cr\xc3\xa8me",
			feedTitle: "Declared ISO-8859-1, bytes UTF-8",
			title:     "Café crème in Zürich — naïve résumé",
		},
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(raw, []byte(c.check)) {
			t.Fatalf("%s does not hold the bytes %q; the fixture is not what the test says", c.file, c.check)
		}
		f := mustParse(t, c.file)
		if f.Title != c.feedTitle || len(f.Entries) != 1 || f.Entries[0].Title != c.title || f.Entries[0].Summary != c.summary {
			t.Errorf("%s: got %+v, want title %q, entry title %q, summary %q", c.file, f, c.feedTitle, c.title, c.summary)
		}
		// Both paths decode the same way.
		if g, err := viaGofeed(raw, goldenBase); err != nil || g.Entries[0].Title != c.title {
			t.Errorf("%s through gofeed: %v %+v", c.file, err, g)
		}
	}
}

func sjis(t *testing.T, s string) string {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(b) {
		t.Fatalf("the Shift_JIS bytes of %q are valid UTF-8; choose another text", s)
	}
	return string(b)
}

// refuse parses a hostile document and checks it is refused with an error
// saying want, quickly and without allocating much.
func refuse(t *testing.T, name string, doc []byte, want string) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := Parse(doc, "")
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: err = %v, want it to say %q", name, err, want)
	}
	const limit = 10 << 20
	alloc := after.TotalAlloc - before.TotalAlloc
	if alloc > limit {
		t.Errorf("%s: allocated %d bytes refusing a %d-byte document, want under %d", name, alloc, len(doc), limit)
	}
	// Generous: it takes a few milliseconds, but the machine is shared.
	if took > 2*time.Second {
		t.Errorf("%s: took %v to refuse", name, took)
	}
	t.Logf("%s (%d bytes): refused in %v, %d KB allocated: %v", name, len(doc), took, alloc>>10, err)
}

func TestXMLBombs(t *testing.T) {
	const n = 100_000
	nested := "<rss version=\"2.0\"><channel><title>t</title>" + strings.Repeat("<x>", n) + strings.Repeat("</x>", n) + "</channel></rss>"
	refuse(t, "100,000 nested elements", []byte(nested), "nested more than 64 deep")

	unclosed := "<rss><channel><item><title>t</title><link>https://b.example/</link><description>" + strings.Repeat("<div>", n)
	refuse(t, "100,000 unclosed elements in an item", []byte(unclosed), "nested more than 64 deep")

	var laughs strings.Builder
	laughs.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n <!ENTITY lol0 \"lol\">\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&laughs, " <!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	laughs.WriteString("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://b.example/1</link></item></channel></rss>")
	refuse(t, "billion laughs", []byte(laughs.String()), "declares XML entities")

	xxe := `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&xxe;</title><link>https://b.example/2</link></item></channel></rss>`
	refuse(t, "external entity", []byte(xxe), "declares XML entities")

	// The same shapes in Atom.
	atomNested := `<feed xmlns="http://www.w3.org/2005/Atom">` + strings.Repeat("<x>", n) + strings.Repeat("</x>", n) + "</feed>"
	refuse(t, "100,000 nested elements in Atom", []byte(atomNested), "nested more than 64 deep")
}

func TestEntryCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>Archive</title>`)
	for i := range MaxEntries + 500 {
		fmt.Fprintf(&b, `<item><title>n%d</title><link>https://cap.example/%d</link></item>`, i, i)
	}
	b.WriteString(`</channel></rss>`)
	f, err := Parse([]byte(b.String()), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != MaxEntries || f.Entries[0].Title != "n0" || f.Entries[MaxEntries-1].Title != fmt.Sprintf("n%d", MaxEntries-1) {
		t.Errorf("%d entries kept, first %q last %q; want the first %d", len(f.Entries), f.Entries[0].Title, f.Entries[len(f.Entries)-1].Title, MaxEntries)
	}
}

// TestWords checks the white-space collapsing writer against the
// definition it replaces.
func TestWords(t *testing.T) {
	for _, s := range []string{
		"", "   ", "a", " a ", "a  b\tc\n\rd", "\u00a0a\u2003b\u3000", "x\u0085y", "caf\xe9 \xff z",
		"日本語 のニュース ", strings.Repeat("word ", 50),
	} {
		want := strings.Join(strings.Fields(s), " ")
		var w words
		w.write(s)
		if got := w.String(); got != want {
			t.Errorf("words(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestPlainTextPrefix checks that stopping early never changes what the
// caller keeps after clipping.
func TestPlainTextPrefix(t *testing.T) {
	long := strings.Repeat("<p>Un café, <b>deux</b> cafés — trois&nbsp;cafés.</p>\n", 400) // about 11,000 characters of text
	for _, n := range []int{10, 100, 999, 1000, 5000, maxSummary} {
		got, want := clip(plainTextPrefix(long, n), n), clip(plainText(long), n)
		if got != want {
			t.Errorf("n=%d: clipped prefix differs:\n%q\n%q", n, got[max(len(got)-40, 0):], want[max(len(want)-40, 0):])
		}
	}
	if full := plainText(long); utf8.RuneCountInString(full) <= maxSummary {
		t.Fatalf("test text too short (%d characters) to exercise the limit", utf8.RuneCountInString(full))
	}
}
