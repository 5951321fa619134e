package lang

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// detector is shared by the tests: its models take a second to load.
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
	// A confident answer ignores the hint.
	text := "The dockworkers' union said the strike would continue until the port operators agreed to talks."
	if got := detector.Detect(text, "de"); got != "en" {
		t.Errorf("Detect(English text, hint de) = %q, want en", got)
	}
	// Hindi and Marathi share a script and much vocabulary: on this short
	// Hindi sentence lingua's low-accuracy models split about 51/49, so
	// Detect says nothing without a hint, and the hint settles it.
	close := "इस की सीमा में बस नगर था, कृषिभूमि और मामूली जंगल था।"
	if got := detector.Detect(close, ""); got != "" {
		t.Errorf("Detect(close call, no hint) = %q, want \"\"", got)
	}
	for hint, want := range map[string]string{"hi": "hi", "hi-IN": "hi", "mr": "mr", "ja": "", "xx": ""} {
		if got := detector.Detect(close, hint); got != want {
			t.Errorf("Detect(close call, hint %q) = %q, want %q", hint, got, want)
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

// TestAccuracy measures Detect on lingua's own test data: every 50th line
// of each language file, per category. Accuracy counts "" as wrong;
// precision is over the answers given.
func TestAccuracy(t *testing.T) {
	dir := "../../../../shared/data/lingua-language-testdata"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("lingua test data absent (%v); see /work/shared/data/README.md", err)
	}
	if testing.Short() {
		t.Skip("takes about 10 s; skipped with -short")
	}
	floors := map[string]struct{ accuracy, precision float64 }{
		"sentences":    {0.88, 0.93},
		"word-pairs":   {0.60, 0.85},
		"single-words": {0.40, 0.80},
	}
	major := []string{"ar", "de", "en", "es", "fr", "it", "pt", "ru", "zh"}
	for _, cat := range []string{"sentences", "word-pairs", "single-words"} {
		files, err := filepath.Glob(filepath.Join(dir, cat, "*.txt.gz"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no test files under %s/%s", dir, cat)
		}
		var total, answered, correct, hintCorrect, wrongHintCorrect, wrongHintAnswered int
		perLang := map[string][2]int{}
		for _, f := range files {
			want := strings.TrimSuffix(filepath.Base(f), ".txt.gz")
			misleading := "en"
			if want == "en" {
				misleading = "de"
			}
			for _, line := range everyNth(t, f, 50) {
				values := detector.load().ComputeLanguageConfidenceValues(sample(line))
				got := decide(values, "")
				total++
				if got != "" {
					answered++
				}
				pl := perLang[want]
				pl[1]++
				if got == want {
					correct++
					pl[0]++
				}
				perLang[want] = pl
				if decide(values, want) == want {
					hintCorrect++
				}
				if g := decide(values, misleading); g != "" {
					wrongHintAnswered++
					if g == want {
						wrongHintCorrect++
					}
				}
			}
		}
		acc, prec := float64(correct)/float64(total), float64(correct)/float64(answered)
		t.Logf("%-12s n=%d accuracy %.3f answered %.3f precision %.3f | right hint: accuracy %.3f | misleading hint: precision %.3f answered %.3f",
			cat, total, acc, float64(answered)/float64(total), prec, float64(hintCorrect)/float64(total),
			float64(wrongHintCorrect)/float64(wrongHintAnswered), float64(wrongHintAnswered)/float64(total))
		var b strings.Builder
		for _, l := range major {
			pl := perLang[l]
			b.WriteString(l + " " + pct(pl[0], pl[1]) + "  ")
		}
		t.Logf("%-12s %s", "", b.String())
		if f := floors[cat]; acc < f.accuracy || prec < f.precision {
			t.Errorf("%s: accuracy %.3f, precision %.3f; floors %.2f, %.2f", cat, acc, prec, f.accuracy, f.precision)
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

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

// everyNth returns lines n, 2n, 3n, ... of a gzipped file.
func everyNth(t *testing.T, path string, n int) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var lines []string
	sc := bufio.NewScanner(gz)
	for i := 1; sc.Scan(); i++ {
		if i%n == 0 {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return slices.Clip(lines)
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
