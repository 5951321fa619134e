package lang

import (
	"bufio"
	"encoding/json"
	"os"
	"sync"
	"testing"
	"time"
)

// detector is shared by the tests (every detector shares the model
// tables, which take seconds to load).
var detector = New()

func TestDetect(t *testing.T) {
	tests := []struct{ want, text string }{
		{"en", "The dockworkers' union said the strike would continue until the port operators agreed to talks."},
		{"es", "El sindicato de estibadores afirmó que la huelga continuará hasta que los operadores acepten negociar."},
		{"fr", "Le syndicat des dockers a déclaré que la grève se poursuivrait jusqu'à l'ouverture de négociations."},
		{"pt", "O sindicato dos estivadores disse que a greve vai continuar até que os operadores aceitem negociar."},
		{"de", "Die Gewerkschaft der Hafenarbeiter erklärte, der Streik werde fortgesetzt, bis die Betreiber verhandeln."},
		{"ar", "قالت نقابة عمال الموانئ إن الإضراب سيستمر حتى يوافق المشغلون على التفاوض."},
		{"zh", "码头工人工会表示，罢工将持续到港口运营商同意谈判为止。"},
		{"ru", "Профсоюз докеров заявил, что забастовка продолжится, пока операторы порта не согласятся на переговоры."},
		{"", ""},
		{"", "  12 345 — !!"},
		{"", "ok"},
	}
	for _, tt := range tests {
		if got := detector.Detect(tt.text, ""); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDetectHint(t *testing.T) {
	// A clear answer ignores the hint.
	text := "The dockworkers' union said the strike would continue until the port operators agreed to talks."
	if got := detector.Detect(text, "de"); got != "en" {
		t.Errorf("Detect(English text, hint de) = %q, want en", got)
	}
	// Bokmål and Danish differ in little more than spelling; this short
	// line is spelt the same in both, so a hint for either settles it, and
	// without one Detect still names one of the two.
	close := "Det er en stor dag for byen."
	for hint, want := range map[string]string{"nb": "nb", "no-NO": "nb", "da": "da"} {
		if got := detector.Detect(close, hint); got != want {
			t.Errorf("Detect(close call, hint %q) = %q, want %q", hint, got, want)
		}
	}
	for _, hint := range []string{"", "ja", "xx"} {
		if got := detector.Detect(close, hint); got != "nb" && got != "da" {
			t.Errorf("Detect(close call, hint %q) = %q, want nb or da", hint, got)
		}
	}
}

// TestDetectShort checks texts too short for lingua's trigram models: one
// Chinese character, Hindi whose words split into pieces shorter than a
// trigram (the trigram pass has no evidence at all), and junk.
func TestDetectShort(t *testing.T) {
	for text, want := range map[string]string{
		"工":    "zh",
		"アメリカ": "ja",
		"अब मुझे कुछ लेना-देना नहीं है।": "hi",
		"ok": "",
		"!!": "",
	} {
		if got := detector.Detect(text, ""); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestDetectConcurrent(t *testing.T) {
	d := New() // a fresh one, so the goroutines race to build it
	texts := map[string]string{
		"en": "The government said on Monday that the new law would take effect next year.",
		"es": "El gobierno dijo el lunes que la nueva ley entrará en vigor el próximo año.",
		"de": "Die Regierung sagte am Montag, das neue Gesetz werde nächstes Jahr in Kraft treten.",
	}
	var wg sync.WaitGroup
	for want, text := range texts {
		wg.Go(func() {
			if got := d.Detect(text, ""); got != want {
				t.Errorf("Detect(%q) = %q, want %q", text, got, want)
			}
		})
	}
	wg.Wait()
}

func TestNormaliseHint(t *testing.T) {
	for in, want := range map[string]string{"en-US": "en", "PT_br": "pt", "no": "nb", " fr ": "fr", "xx": "", "english": "", "": ""} {
		if got := normaliseHint(in); got != want {
			t.Errorf("normaliseHint(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAccuracy measures Detect on 20 sentences of each language of
// lingua's test data, through the same Evaluate as `beatdesk eval lang`,
// against scoring with trigrams alone (lingua's low-accuracy method).
func TestAccuracy(t *testing.T) {
	dir := "../../../../shared/data/lingua-language-testdata"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("lingua test data absent (%v); see /work/shared/data/README.md", err)
	}
	if testing.Short() {
		t.Skip("takes a few seconds; skipped with -short")
	}
	opts := EvalOptions{Limit: 20, Categories: []string{"sentences"}}
	e, err := Evaluate(dir, opts, func(text string) string { return detector.Detect(text, "") })
	if err != nil {
		t.Fatal(err)
	}
	trigrams, err := Evaluate(dir, opts, func(text string) string {
		return decide(detector.rank(sample(text), false), "")
	})
	if err != nil {
		t.Fatal(err)
	}
	const cat = "sentences"
	t.Logf("%d languages, %d sentences: mean accuracy %.3f (trigram pass alone %.3f); mistakes %v",
		len(e.Languages), e.Items, e.Mean(cat), trigrams.Mean(cat), e.TopConfusions(cat, 8))
	if len(e.Languages) != 75 {
		t.Errorf("%d languages, want lingua's 75", len(e.Languages))
	}
	if got, base := e.Mean(cat), trigrams.Mean(cat); got < 0.95 || got < base+0.02 {
		t.Errorf("mean sentence accuracy %.3f (trigrams alone %.3f), want at least 0.95 and 0.02 above trigrams alone", got, base)
	}
	// All n-gram lengths must pay for themselves where trigrams see least:
	// Hindi and Marathi words split into pieces shorter than trigrams.
	for _, l := range []string{"hi", "mr"} {
		if got, base := e.Accuracy(cat, l), trigrams.Accuracy(cat, l); got < base+0.1 {
			t.Errorf("%s: accuracy %.2f, trigram pass alone %.2f; want the high-accuracy models to add at least 0.1", l, got, base)
		}
	}
	for _, l := range []string{"de", "en", "fr", "ru", "zh"} {
		if got := e.Accuracy(cat, l); got < 0.9 {
			t.Errorf("%s: accuracy %.2f, want at least 0.9", l, got)
		}
	}
}

// TestArticles detects the language of news articles (the SemEval-2022
// task 8 sample: article heads in ten languages, some machine-translated).
func TestArticles(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds; skipped with -short")
	}
	path := "../../../../shared/data/semeval2022-task8-hfl-sample/pairs.dev.jsonl"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SemEval sample absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	var total, correct int
	wrong := map[string]int{}
	start := time.Now()
	for i := 0; sc.Scan(); i++ {
		if i%5 != 0 {
			continue
		}
		var row struct{ Lang1, Lang2, Text1, Text2 string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("%s row %d: %v", path, i, err)
		}
		for _, a := range [][2]string{{row.Lang1, row.Text1}, {row.Lang2, row.Text2}} {
			if len(a[1]) < 200 {
				continue // a failed scrape, not an article
			}
			total++
			if got := detector.Detect(a[1], ""); got == a[0] {
				correct++
			} else {
				wrong[a[0]+"→"+got]++
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	acc := float64(correct) / float64(total)
	t.Logf("articles: %d/%d right (%.3f), %v each; mistakes %v", correct, total, acc, time.Since(start)/time.Duration(total), wrong)
	if acc < 0.98 {
		t.Errorf("article accuracy %.3f, want at least 0.98", acc)
	}
}

func BenchmarkDetect(b *testing.B) {
	// About 500 characters of varied news prose: repeating one sentence
	// would flatter the detector, whose cost grows with distinct trigrams.
	text := "Dockworkers in Rotterdam walked out on Tuesday after talks with terminal operators over pay " +
		"and automation broke down, halting the loading of container ships at Europe's largest port. " +
		"The union said about 1,200 members had joined the 48-hour stoppage and warned of longer action " +
		"if employers did not return with a better offer. Shipping lines diverted several vessels to " +
		"Antwerp and Hamburg, while exporters complained that perishable goods were stuck on the quays. " +
		"The government urged both sides to resume negotiations quickly."
	detector.Detect(text, "")
	for b.Loop() {
		detector.Detect(text, "")
	}
}

// BenchmarkDetectShort measures a sentence below longText letters, scored
// with all n-gram lengths against the Latin-script languages (their tables
// loaded before the timing starts).
func BenchmarkDetectShort(b *testing.B) {
	text := "Die Regierung sagte am Montag, das neue Gesetz werde nächstes Jahr in Kraft treten."
	detector.Detect(text, "")
	for b.Loop() {
		detector.Detect(text, "")
	}
}
