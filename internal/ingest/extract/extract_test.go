package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the .golden.json files from the current output")

// goldenURL is the address every test page is said to come from.
const goldenURL = "https://news.example/2026/03/story.html"

type golden struct {
	Result *Result `json:"result,omitempty"`
	Error  string  `json:"error,omitempty"`
}

// TestGolden extracts every testdata/*.html and compares with its
// .golden.json. Run with -update to rewrite them, then read the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("only %d test pages in testdata/", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			page, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var got golden
			got.Result, err = Extract(page, goldenURL)
			if err != nil {
				got.Error = err.Error()
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, '\n')
			gpath := strings.TrimSuffix(path, ".html") + ".golden.json"
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
}

// TestRules checks the package's promises directly, so a wrong golden
// file cannot hide a broken rule.
func TestRules(t *testing.T) {
	r := mustExtract(t, "article-es.html")
	if r.Lang != "es" || r.Author != "María López" || r.Partial {
		t.Errorf("lang %q author %q partial %v", r.Lang, r.Author, r.Partial)
	}
	if want := time.Date(2026, 3, 3, 20, 5, 0, 0, time.UTC); !r.Published.Equal(want) || r.Published.Location() != time.UTC {
		t.Errorf("published %v, want %v UTC", r.Published, want)
	}
	if r.Canonical != "https://diario.example/nacional/2026/03/03/culiacan-enfrentamiento" {
		t.Errorf("canonical %q", r.Canonical)
	}
	if r.Image != "https://news.example/img/2026/culiacan.jpg" {
		t.Errorf("image %q", r.Image)
	}
	for _, want := range []string{
		"Catorce personas murieron el lunes",
		"tres menores de edad, de acuerdo con el reporte preliminar.\nLa Secretaría", // <br> is a line break
		"\n\nDesde septiembre de 2024",
	} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, r.Text)
		}
	}
	for _, junk := range []string{"PUBLICIDAD", "Noticias relacionadas", "derechos reservados", "Inicio", ".ad{"} {
		if strings.Contains(r.Text, junk) {
			t.Errorf("text contains boilerplate %q", junk)
		}
	}
	for _, p := range strings.Split(r.Text, "\n\n") {
		if p == "" || p != strings.TrimSpace(p) || strings.Contains(p, "  ") {
			t.Errorf("untidy paragraph %q", p)
		}
	}

	if r := mustExtract(t, "paywall.html"); !r.Partial {
		t.Error("paywall stub not marked Partial")
	}
	if r := mustExtract(t, "blockpage.html"); !r.Partial {
		t.Error("bot check not marked Partial")
	}
	if r := mustExtract(t, "latin1.html"); r.Lang != "fr" || !strings.Contains(r.Text, "Saint-Étienne a adopté") || !strings.Contains(r.Text, "« Nous avons") {
		t.Errorf("windows-1252 page: lang %q text %q", r.Lang, r.Text)
	}
	if r := mustExtract(t, "charset-lie.html"); !strings.Contains(r.Text, "São Paulo emitiu alerta máximo") || r.Lang != "pt" {
		t.Errorf("UTF-8 page declaring iso-8859-1: lang %q text %q", r.Lang, r.Text)
	}
	if r := mustExtract(t, "home-canonical.html"); r.Canonical != "https://news.example/2026/03/story.html" {
		t.Errorf("a canonical pointing at the home page should be ignored, got %q", r.Canonical)
	}
}

func TestNoMainText(t *testing.T) {
	page, err := os.ReadFile("testdata/navonly.html")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Extract(page, goldenURL)
	if err == nil || !strings.Contains(err.Error(), "no main text found in "+goldenURL+": the page has") {
		t.Errorf("err = %v", err)
	}
	for _, page := range []string{"", "<html></html>", "\x00\xff\xfe binary"} {
		if _, err := Extract([]byte(page), ""); err == nil || !strings.Contains(err.Error(), "the page") {
			t.Errorf("Extract(%q) err = %v", page, err)
		}
	}
}

func TestPartialRule(t *testing.T) {
	short := strings.Repeat("word ", 100)
	long := strings.Repeat("word ", partialWords)
	cases := []struct {
		name  string
		words int
		text  string
		h     pageHints
		want  bool
	}{
		{"short with phrase", 100, short + "Subscribe to continue reading", pageHints{}, true},
		{"short with markup", 100, short, pageHints{paywalled: true}, true},
		{"short with block title", 5, "", pageHints{title: "Access Denied"}, true},
		{"short with nothing", 100, short, pageHints{title: "Budget passes"}, false},
		{"long with markup", partialWords, long, pageHints{paywalled: true}, false},
		{"long with phrase", partialWords, long + " subscribe to continue", pageHints{}, false},
	}
	for _, c := range cases {
		if got := isPartial(c.words, c.text, c.h); got != c.want {
			t.Errorf("%s: isPartial = %v, want %v", c.name, got, c.want)
		}
	}
	if !notFreeLD(`{"isAccessibleForFree": "False"}`) || !notFreeLD(`{"isAccessibleForFree":false}`) || notFreeLD(`{"isAccessibleForFree": true}`) {
		t.Error("notFreeLD")
	}
}

func TestLangCode(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "en-US": "en", "pt_BR": "pt", "DE": "de", " fr ": "fr", "es-419": "es",
		"": "", "und": "", "x-default": "", "zh-Hant-TW": "zh", "e1": "", "en, fr": "en",
	} {
		if got := langCode(in); got != want {
			t.Errorf("langCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustExtract(t *testing.T, file string) *Result {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Extract(page, goldenURL)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return r
}

// FuzzExtract's seeds are small on purpose: under the fuzzer's coverage
// instrumentation the extractors take seconds on a full page, so big seeds
// leave no time for mutation. The golden pages are covered by TestGolden.
func FuzzExtract(f *testing.F) {
	para := "<p>" + strings.Repeat("Ministers met on Tuesday to agree the budget. ", 4) + "</p>"
	for _, seed := range []string{
		"<html lang=en><head><title>T</title><link rel=canonical href=/a></head><body><article><h1>T</h1>" + para + para + "</article></body></html>",
		"<p>Subscribe to continue reading</p><script type=application/ld+json>{\"isAccessibleForFree\":false,\"datePublished\":\"2026-01-02T03:04:05Z\"}</script>",
		"<table><tr><td>a<td>b</table><br><br>" + para,
		"<meta charset=iso-8859-1><p>caf\xe9 " + strings.Repeat("mot ", 20) + "</p>",
		"<div><div><div>" + para + "</div></div></div><footer>Impressum</footer>",
		"<title>Just a moment...</title>",
	} {
		f.Add([]byte(seed), goldenURL)
	}
	f.Add([]byte(para), "")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		r, err := Extract(page, pageURL)
		if err != nil {
			if !strings.Contains(err.Error(), "extract.Extract") {
				t.Fatalf("error without the operation name: %v", err)
			}
			return
		}
		if !utf8.ValidString(r.Text) || strings.Contains(r.Text, "\n\n\n") || strings.TrimSpace(r.Text) != r.Text {
			t.Fatalf("untidy text %q", r.Text)
		}
		if r.Image != "" && !strings.HasPrefix(r.Image, "http") {
			t.Fatalf("image %q is not absolute", r.Image)
		}
		if !r.Published.IsZero() && r.Published.Location() != time.UTC {
			t.Fatalf("published %v not UTC", r.Published)
		}
	})
}
