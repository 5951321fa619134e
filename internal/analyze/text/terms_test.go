package text

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name, lang, in string
		want           []string
	}{
		{"stems and stop words", "en",
			"The workers were striking at the ports.",
			[]string{"worker", "strike", "port"}},
		{"name mid-sentence, kept whole", "en",
			"Officials said Rotterdam workers walked out.",
			[]string{"offici", "@rotterdam", "worker", "walk"}},
		{"name at sentence start learnt from elsewhere", "en",
			"Lohan entered rehab. Lawyers for Lohan agreed.",
			[]string{"@lohan", "enter", "rehab", "lawyer", "@lohan", "agre"}},
		{"possessive", "en",
			"A lawyer for Reid's family spoke.",
			[]string{"lawyer", "@reid", "famili", "spoke"}},
		{"English months are not names", "en",
			"It happened in March in Paris.",
			[]string{"happen", "march", "@paris"}},
		{"acronym at sentence start", "en",
			"NATO met in Brussels.",
			[]string{"@nato", "met", "@brussels"}},
		{"numbers in local conventions", "en",
			"About 1,200 and 1.200 and 3.50 and 1,200,000.50 rose 12%.",
			[]string{"1200", "1200", "3.5", "1200000.5", "rose", "12"}},
		{"dates kept as written", "de",
			"Am 01.02.2013 begann es.",
			[]string{"01.02.2013", "begann"}},
		{"space-grouped number in French", "fr",
			"Environ 1 200 personnes et 2\u00a0500 000 euros.",
			[]string{"environ", "1200", "person", "2500000", "euros"}},
		{"plain space separates numbers in English", "en",
			"On day 5 200 people left.",
			[]string{"day", "5", "200", "peopl", "left"}},
		{"Spanish, accents folded in names", "es",
			"Los estibadores de São Paulo y México iniciaron una huelga.",
			[]string{"estib", "@sao", "@paulo", "@mexico", "inici", "huelg"}},
		{"French elision", "fr",
			"Le président s'est rendu à l'Élysée.",
			[]string{"président", "rendu", "@elysee"}},
		{"Arabic digits and stemmer", "ar",
			"قال الرئيس إن ١٢٠٠ شخص",
			[]string{"رييس", "1200", "شخص"}},
		{"Chinese pairs", "zh",
			"中国国家主席",
			[]string{"中国", "国国", "国家", "家主", "主席"}},
		{"Russian names and stems", "ru",
			"В Москве забастовали докеры.",
			[]string{"@москве", "забастова", "докер"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Terms(tt.in, tt.lang)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q, %q)\n got %q\nwant %q", tt.in, tt.lang, got, tt.want)
			}
		})
	}
}

func TestDocumentTitleCase(t *testing.T) {
	title, body := Document("Dockworkers Strike Shuts Rotterdam Port",
		"Dockworkers in Rotterdam began a strike on Tuesday. The port said 40 ships waited.", "en")
	want := []string{"dockwork", "strike", "shut", "@rotterdam", "port"}
	if !slices.Equal(title, want) {
		t.Errorf("title terms %q, want %q: only a name the body capitalises stays a name", title, want)
	}
	if !slices.Contains(body, "40") || !slices.Contains(body, "@rotterdam") {
		t.Errorf("body terms %q lack 40 or @rotterdam", body)
	}
}

func TestCrossLanguageNames(t *testing.T) {
	en := Terms("Protesters in Caracas marched on Tuesday as Maduro spoke to 5,000 supporters.", "en")
	es := Terms("Manifestantes en Caracas marcharon el martes mientras Maduro habló ante 5.000 seguidores.", "es")
	shared := 0
	for _, term := range []string{"@caracas", "@maduro", "5000"} {
		if slices.Contains(en, term) && slices.Contains(es, term) {
			shared++
		}
	}
	if shared != 3 {
		t.Errorf("en %q and es %q should share @caracas, @maduro and 5000", en, es)
	}
}

func TestNormalNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1200": "1200", "007": "7", "1,200": "1200", "1.200": "1200", "0.500": "0.5",
		"3,5": "3.5", "3.50": "3.5", "2.0": "2", "1234.567": "1234.567",
		"1.200,50": "1200.5", "1,200.50": "1200.5", "1,200,000": "1200000",
		"1.2.2013": "1.2.2013", "12,34,56": "12,34,56", "1..2": "1..2",
	} {
		if got := normalNumber(in); got != want {
			t.Errorf("normalNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsNameIsNumber(t *testing.T) {
	if !IsName("@paris") || IsName("paris") {
		t.Error("IsName")
	}
	if !IsNumber("1200.5") || IsNumber("g7") || IsNumber("") || IsNumber("@1") {
		t.Error("IsNumber")
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"The 1 200 Ports", "l'Élysée’s 1.200,5", "中国 x", "قال ١٢", "\xff\xfe", "0\xf7 ", "Ω. Ω Ω"} {
		f.Add(s, "fr")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		for _, term := range Terms(s, lang) {
			if term == "" || strings.ContainsAny(term, " \n\t") {
				t.Fatalf("Terms(%q) produced term %q", s, term)
			}
		}
	})
}

func BenchmarkTerms(b *testing.B) {
	s := strings.Repeat("Dockworkers in Rotterdam began a 48-hour strike on Tuesday, the FNV union said, after talks "+
		"with port operators over pay broke down. About 1,200 workers stopped loading ships. ", 30)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Terms(s, "en")
	}
}

// TestStemCache checks that a stem from the cache is the Snowball stem,
// and that a full cache is emptied rather than grown.
func TestStemCache(t *testing.T) {
	s := newStemmer("en")
	for _, w := range []string{"strikes", "striking", "dockworkers", "strikes"} {
		if got, want := s.Stem(w), s.snowball(w); got != want {
			t.Errorf("Stem(%q) = %q, Snowball says %q", w, got, want)
		}
	}
	if got := s.Stem("strikes"); got != "strike" {
		t.Errorf("Stem(strikes) = %q from the cache, want strike", got)
	}
	c := &stemCache{m: map[string]string{}}
	for i := range stemCacheWords + 10 {
		c.put(fmt.Sprint("w", i), "w")
	}
	if n := len(c.m); n > stemCacheWords {
		t.Errorf("cache holds %d words, more than %d", n, stemCacheWords)
	}
}

// Amounts with scale words are one number across languages in Document,
// and left as written by Terms (search).
func TestScaledAmounts(t *testing.T) {
	numbers := func(title, lang string) []string {
		terms, _ := Document(title, "", lang)
		var out []string
		for _, x := range terms {
			if IsNumber(x) {
				out = append(out, x)
			}
		}
		return out
	}
	for _, c := range []struct {
		text, lang string
		want       []string
	}{
		{"House passes $6.2 billion bill", "en", []string{"6200000000"}},
		{"Cámara aprueba 6.200 millones de dólares", "es", []string{"6200000000"}},
		{"Un paquete de 6,2 mil millones de dólares", "es", []string{"6200000000"}},
		{"Ein Paket von 6,2 Milliarden Dollar", "de", []string{"6200000000"}},
		{"Un plan de 6,2 milliards de dollars et 2 millions d'emplois", "fr", []string{"6200000000", "2000000"}},
		{"Unos 30 mil manifestantes", "es", []string{"30000"}},
		{"A backlog of 3.4 million cases", "en", []string{"3400000"}},
		{"3,4 millones de casos", "es", []string{"3400000"}},
		{"El billón de pesos: 1 billón", "es", []string{"1000000000000"}},
		{"إيرادات بلغت 338 مليون دولار ثم 3.1 مليار دولار", "ar", []string{"338000000", "3100000000"}},
		{"In 2023 thousands marched", "en", []string{"2023"}},
		{"En 2023 mil personas marcharon", "es", []string{"2023"}},
		{"Storm kills 12, leaves 40,000 without power", "en", []string{"12", "40000"}},
	} {
		if got := numbers(c.text, c.lang); !slices.Equal(got, c.want) {
			t.Errorf("Document(%q, %s) numbers %v; want %v", c.text, c.lang, got, c.want)
		}
	}
	if got := Terms("a $6.2 billion bill", "en"); !slices.Contains(got, "6.2") || !slices.Contains(got, "billion") {
		t.Errorf("Terms (search) = %v; want the number and the word as written", got)
	}
}

// TestDocumentCounts holds DocumentCounts to the counts of Document's
// lists, on the golden texts and, when present, the ECB+ articles and
// UCI headlines.
func TestDocumentCounts(t *testing.T) {
	type doc struct{ title, body, lang string }
	var docs []doc
	for _, g := range goldenTexts {
		docs = append(docs, doc{g.title, g.body, g.lang})
	}
	if !testing.Short() {
		// ecbArticles and uciHeadlines skip when their set is absent:
		// the golden texts are checked anyway.
		if _, err := os.Stat(dataDir + "ecbplus-events/ecbplus.dev.jsonl"); err == nil {
			for _, a := range ecbArticles(t) {
				docs = append(docs, doc{a[0], a[1], "en"})
			}
		}
		if _, err := os.Stat(dataDir + "uci-news-aggregator/newsCorpora.dev.tsv.gz"); err == nil {
			for _, h := range uciHeadlines(t, 5000) {
				docs = append(docs, doc{h, "", "en"})
			}
		}
	}
	var counts []TermCount
	for _, d := range docs {
		title, body := Document(d.title, d.body, d.lang)
		var want []TermCount
		at := map[string]int{}
		count := func(term string) *TermCount {
			i, ok := at[term]
			if !ok {
				i = len(want)
				at[term] = i
				want = append(want, TermCount{Term: term})
			}
			return &want[i]
		}
		for _, term := range title {
			count(term).Title++
		}
		for _, term := range body {
			count(term).Body++
		}
		var n int
		counts, n = DocumentCounts(counts, d.title, d.body, d.lang)
		if !slices.Equal(counts, want) || n != len(body) {
			t.Fatalf("%q: DocumentCounts gave %v and %d body terms, want %v and %d", d.title, counts, n, want, len(body))
		}
	}
}

// TestTermsOfOneWord holds Terms' shortcut for one lower-case word to
// what reading the word as a text gives, in languages with and without
// their own word lists, on words read before and not.
func TestTermsOfOneWord(t *testing.T) {
	words := strings.Fields("the a x strikes striking march obama huelgas und millones billion zzqx")
	for _, lang := range []string{"en", "es", "de", "", "sw"} {
		for _, w := range words {
			for range 2 { // the lexicon lacks the word, then holds it
				got := Terms(w, lang)
				want := analyse([]string{w}, lang, false)[0]
				if !slices.Equal(got, want) {
					t.Errorf("Terms(%q, %q) = %q, reading it as a text gives %q", w, lang, got, want)
				}
			}
		}
	}
}
