package demo

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"beatdesk"
)

func TestCorpusMeetsTheBrief(t *testing.T) {
	outlets, articles, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	stories, err := Stories()
	if err != nil {
		t.Fatal(err)
	}

	if len(outlets) < 9 {
		t.Errorf("%d outlets, want at least 9", len(outlets))
	}
	byLang, byKind := map[string]int{}, map[string]int{}
	lang := map[string]string{}
	for _, o := range outlets {
		byLang[o.Lang]++
		byKind[o.Kind]++
		lang[o.Slug] = o.Lang
		src := beatdesk.Source{Name: o.Name, FeedURL: "http://127.0.0.1/x", Lang: o.Lang, Country: o.Country}
		if err := src.Validate(); err != nil {
			t.Errorf("outlet %s: %v", o.Slug, err)
		}
	}
	for l, min := range map[string]int{"en": 3, "es": 2, "fr": 1, "pt": 1, "ar": 1} {
		if byLang[l] < min {
			t.Errorf("%d %s outlets, want at least %d", byLang[l], l, min)
		}
	}
	if byKind[KindRSS] <= byKind[KindAtom]+byKind[KindJSON] || byKind[KindAtom] == 0 || byKind[KindJSON] == 0 {
		t.Errorf("feed kinds %v: want mostly RSS, at least one Atom and one JSON Feed", byKind)
	}

	if len(articles) < 66 {
		t.Errorf("%d articles, want at least 66", len(articles))
	}
	if len(stories) < 12 {
		t.Errorf("%d stories, want at least 12", len(stories))
	}

	// Per story: articles per language, and outlets per language.
	type tally struct {
		n       int
		outlets map[string]bool
	}
	per := map[string]map[string]*tally{}
	for _, a := range articles {
		if a.Lang != lang[a.Outlet] {
			t.Errorf("%s/%s: language %q, outlet publishes in %q", a.Outlet, a.Slug, a.Lang, lang[a.Outlet])
		}
		if per[a.Story] == nil {
			per[a.Story] = map[string]*tally{}
		}
		tl := per[a.Story][a.Lang]
		if tl == nil {
			tl = &tally{outlets: map[string]bool{}}
			per[a.Story][a.Lang] = tl
		}
		tl.n++
		tl.outlets[a.Outlet] = true
	}
	multilingual := 0
	regions := map[string]bool{}
	for _, s := range stories {
		regions[s.Region] = true
		langs := per[s.ID]
		if len(langs) > 1 {
			multilingual++
		}
		clusterable := false
		for _, tl := range langs {
			if tl.n >= 3 && len(tl.outlets) >= 2 {
				clusterable = true
			}
		}
		if !clusterable {
			t.Errorf("story %s: no language has 3 articles from 2 outlets", s.ID)
		}
	}
	if multilingual < 5 {
		t.Errorf("%d stories covered in more than one language, want at least 5", multilingual)
	}
	for _, r := range []string{"latin-america", "north-america", "europe", "middle-east-north-africa", "sub-saharan-africa", "east-asia", "south-asia", "world"} {
		if !regions[r] {
			t.Errorf("no story in region %s", r)
		}
	}
}

// Each article reads like a news article: enough paragraphs and words, a
// quotation, a date, and a publication time that keeps the demo fresh.
func TestCorpusArticlesReadLikeNews(t *testing.T) {
	_, articles, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	quote := regexp.MustCompile(`["«“][^"»”]{8,}["»”]`)
	date := regexp.MustCompile(`\b\d{1,2}(er)? (de )?(November|noviembre|novembre|novembro|نوفمبر)`)
	titles := map[string]string{}
	for _, a := range articles {
		name := a.Outlet + "/" + a.Slug
		if n := len(a.Paragraphs); n < 5 || n > 9 {
			t.Errorf("%s: %d paragraphs, want 5 to 9", name, n)
		}
		body := strings.Join(a.Paragraphs, "\n")
		if n := len(strings.Fields(body)); n < 150 || n > 350 {
			t.Errorf("%s: %d words, want 150 to 350", name, n)
		}
		if !quote.MatchString(body) {
			t.Errorf("%s: no direct quotation", name)
		}
		if !date.MatchString(body) {
			t.Errorf("%s: no date such as \"14 November\"", name)
		}
		if a.Age < 2*time.Hour || a.Age > 72*time.Hour {
			t.Errorf("%s: age %v, want 2h to 72h", name, a.Age)
		}
		if a.Title == "" || a.Author == "" {
			t.Errorf("%s: title %q, author %q", name, a.Title, a.Author)
		}
		if other, dup := titles[a.Title]; dup {
			t.Errorf("%s and %s share the title %q", name, other, a.Title)
		}
		titles[a.Title] = name
		if !utf8.ValidString(body) {
			t.Errorf("%s: invalid UTF-8", name)
		}
	}
}

// Arabic articles must be written in Arabic script, not transliterated.
func TestCorpusArabicIsArabicScript(t *testing.T) {
	_, articles, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range articles {
		if a.Lang != "ar" {
			continue
		}
		n++
		arabic, letters := 0, 0
		for _, r := range strings.Join(a.Paragraphs, " ") {
			if r >= 0x0600 && r <= 0x06FF {
				arabic++
			}
			if r >= 'A' && r <= 'z' || r >= 0x0600 && r <= 0x06FF {
				letters++
			}
		}
		if arabic*10 < letters*9 {
			t.Errorf("%s/%s: only %d of %d letters are Arabic", a.Outlet, a.Slug, arabic, letters)
		}
	}
	if n == 0 {
		t.Fatal("no Arabic articles")
	}
}

const goodOutlets = "- slug: la-voz\n  name: La Voz\n  lang: es\n  country: MX\n  kind: rss\n"
const goodStories = "- id: s1\n  region: latin-america\n  summary: Something happened.\n"
const goodArticle = "title: Algo pasó\nauthor: Ana Ruiz\nstory: s1\nage: 5h\n\nPrimer párrafo\ncontinúa aquí.\n\nSegundo párrafo.\n"

func TestLoadCorpusReadsTheFormat(t *testing.T) {
	fsys := fstest.MapFS{
		"c/outlets.yaml":   {Data: []byte(goodOutlets)},
		"c/stories.yaml":   {Data: []byte(goodStories)},
		"c/la-voz/uno.txt": {Data: []byte(goodArticle)},
	}
	c, err := loadCorpus(fsys, "c")
	if err != nil {
		t.Fatal(err)
	}
	want := Article{Outlet: "la-voz", Slug: "uno", Story: "s1", Lang: "es", Title: "Algo pasó", Author: "Ana Ruiz",
		Age: 5 * time.Hour, Paragraphs: []string{"Primer párrafo continúa aquí.", "Segundo párrafo."}}
	if len(c.articles) != 1 || !equalArticle(c.articles[0], want) {
		t.Fatalf("got %+v\nwant %+v", c.articles, want)
	}
}

func equalArticle(a, b Article) bool {
	return a.Outlet == b.Outlet && a.Slug == b.Slug && a.Story == b.Story && a.Lang == b.Lang &&
		a.Title == b.Title && a.Author == b.Author && a.Age == b.Age &&
		strings.Join(a.Paragraphs, "|") == strings.Join(b.Paragraphs, "|")
}

// A malformed file is an ErrInvalid naming the file and the line to fix.
func TestLoadCorpusRejectsMalformedFiles(t *testing.T) {
	tests := []struct {
		name string
		file string // path replaced in the otherwise good corpus
		data string
		want string // substring of the error
	}{
		{"header without colon", "c/la-voz/uno.txt", "title: Algo\nauthor Ana\nstory: s1\nage: 5h\n\nTexto.\n", `c/la-voz/uno.txt:2: header line "author Ana"`},
		{"unknown key", "c/la-voz/uno.txt", "title: Algo\nauthor: Ana\nstory: s1\nage: 5h\nsection: mundo\n\nTexto.\n", `c/la-voz/uno.txt:5: unknown header key "section"`},
		{"missing author", "c/la-voz/uno.txt", "title: Algo\nstory: s1\nage: 5h\n\nTexto.\n", `c/la-voz/uno.txt:1: the header has no "author" line`},
		{"bad age", "c/la-voz/uno.txt", "title: Algo\nauthor: Ana\nstory: s1\nage: ayer\n\nTexto.\n", `c/la-voz/uno.txt:4: age "ayer"`},
		{"no body", "c/la-voz/uno.txt", "title: Algo\nauthor: Ana\nstory: s1\nage: 5h\n", `c/la-voz/uno.txt:5: the article has no paragraphs`},
		{"unknown story", "c/la-voz/uno.txt", strings.Replace(goodArticle, "story: s1", "story: s9", 1), `c/la-voz/uno.txt:1: story "s9" is not listed`},
		{"bad UTF-8", "c/la-voz/uno.txt", goodArticle + "\n\xff\xfe roto\n", `c/la-voz/uno.txt:11: not valid UTF-8`},
		{"bad file name", "c/la-voz/Uno Dos.txt", goodArticle, `c/la-voz/Uno Dos.txt:1: file name`},
		{"outlet bad kind", "c/outlets.yaml", strings.Replace(goodOutlets, "kind: rss", "kind: rdf", 1), `c/outlets.yaml:1: kind "rdf"`},
		{"outlet unknown key", "c/outlets.yaml", goodOutlets + "  city: Monterrey\n", `c/outlets.yaml:6: unknown key "city"`},
		{"outlet bad yaml", "c/outlets.yaml", goodOutlets + "- slug: [\n", `c/outlets.yaml: yaml: line`},
		{"story bad region", "c/stories.yaml", strings.Replace(goodStories, "latin-america", "atlantis", 1), `c/stories.yaml:1: region "atlantis"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"c/outlets.yaml":   {Data: []byte(goodOutlets)},
				"c/stories.yaml":   {Data: []byte(goodStories)},
				"c/la-voz/uno.txt": {Data: []byte(goodArticle)},
			}
			if tt.file != "c/outlets.yaml" && tt.file != "c/stories.yaml" {
				delete(fsys, "c/la-voz/uno.txt")
			}
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := loadCorpus(fsys, "c")
			if err == nil {
				t.Fatal("loaded a malformed corpus without error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tt.want)
			}
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
		})
	}
}

func TestLoadCorpusRejectsStrayDirectoriesAndEmptyStories(t *testing.T) {
	fsys := fstest.MapFS{
		"c/outlets.yaml":    {Data: []byte(goodOutlets)},
		"c/stories.yaml":    {Data: []byte(goodStories)},
		"c/la-voz/uno.txt":  {Data: []byte(goodArticle)},
		"c/la-vos/otro.txt": {Data: []byte(goodArticle)},
	}
	if _, err := loadCorpus(fsys, "c"); err == nil || !strings.Contains(err.Error(), "c/la-vos: directory matches no outlet") {
		t.Errorf("stray directory: got %v", err)
	}
	delete(fsys, "c/la-vos/otro.txt")
	fsys["c/stories.yaml"] = &fstest.MapFile{Data: []byte(goodStories + "- id: s2\n  region: europe\n  summary: Nothing yet.\n")}
	if _, err := loadCorpus(fsys, "c"); err == nil || !strings.Contains(err.Error(), "story s2 has no articles") {
		t.Errorf("empty story: got %v", err)
	}
}
