package jobs

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/translate"
	"beatdesk/internal/translate/apertium"
)

// phrasebook is a translator that knows a few Spanish texts by heart and
// fails on any other, so a test can say exactly what the clusterer reads.
type phrasebook map[string]string

func (phrasebook) Name() string                  { return "phrasebook" }
func (phrasebook) Supports(from, to string) bool { return from == "es" && to == "en" }

func (b phrasebook) Translate(ctx context.Context, texts []string, from, to string) ([]string, error) {
	out := make([]string, len(texts))
	for i, s := range texts {
		if out[i] = b[s]; out[i] == "" {
			return nil, fmt.Errorf("phrasebook: no translation for %q", s)
		}
	}
	return out, nil
}

var _ translate.Translator = phrasebook{}

// report is an article a test stores for the clusterer.
type report struct {
	lang, title, text string
}

// addReports stores reports, one source per language, published an hour
// apart, and returns their ids in order.
func (h *harness) addReports(reps ...report) []int64 {
	h.t.Helper()
	at := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
	srcs := map[string]beatdesk.Source{}
	var ids []int64
	err := h.s.Update(h.ctx, func(tx *store.Tx) error {
		for i, r := range reps {
			src, ok := srcs[r.lang]
			if !ok {
				var err error
				src, err = tx.AddSource(h.ctx, beatdesk.Source{Name: "Outlet " + r.lang, FeedURL: "https://" + r.lang + ".example/feed", Lang: r.lang, Country: "EC"})
				if err != nil {
					return err
				}
				srcs[r.lang] = src
			}
			u := fmt.Sprintf("https://%s.example/%d", r.lang, i)
			item, _, err := tx.AddItem(h.ctx, beatdesk.Item{SourceID: src.ID, GUID: u, URL: u, Title: r.title})
			if err != nil {
				return err
			}
			pub := at.Add(time.Duration(i) * time.Hour)
			id, _, err := tx.AddArticle(h.ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: u, Title: r.title, Text: r.text,
				Lang: r.lang, Published: pub, FetchedAt: pub})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return ids
}

func (h *harness) translation(articleID int64) store.Translation {
	h.t.Helper()
	var t store.Translation
	err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { t, err = tx.ArticleTranslation(h.ctx, articleID); return err })
	if err != nil {
		h.t.Fatal(err)
	}
	return t
}

// TestSpanishTitleTranslatedByApertium clusters a Spanish article with the
// local Apertium as the translator: its title is stored translated to
// English by "apertium", its original kept; an English article is left
// alone.
func TestSpanishTitleTranslatedByApertium(t *testing.T) {
	engine, missing := spanishEnglish(t)
	if engine == nil {
		t.Skip(missing)
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		cfg := testConfig()
		cfg.Translator, cfg.TranslateTitles = engine, true
		h := newHarness(t, s, cfg)
		const title = "Renuncian 112 policías de Fresnillo tras la emboscada"
		ids := h.addReports(
			report{"es", title, "Los agentes dejaron sus puestos el lunes. El alcalde pidió apoyo al ejército.\n\nOtro párrafo que no se traduce."},
			report{"en", "Police officers resign in Fresnillo", "Officers left their posts on Monday."},
		)
		for _, id := range ids {
			if err := h.p.Cluster(h.ctx, id); err != nil {
				t.Fatalf("Cluster(%d): %v", id, err)
			}
		}
		got := h.translation(ids[0])
		if got.By != "apertium" || got.Lang != "en" {
			t.Errorf("translation by %q into %q, want apertium into en", got.By, got.Lang)
		}
		for _, w := range []string{"112", "Fresnillo", "police"} {
			if !strings.Contains(got.Title, w) {
				t.Errorf("translated title %q lacks %q", got.Title, w)
			}
		}
		if !strings.Contains(got.Lead, "army") || strings.Contains(got.Lead, "paragraph") {
			t.Errorf("translated lead %q: want the first paragraph's two sentences (the mayor asked the army), not the second paragraph", got.Lead)
		}
		if a := h.article(ids[0]); a.Title != title || a.StoryID == 0 {
			t.Errorf("Spanish article: title %q, story %d; want the original title kept and a story", a.Title, a.StoryID)
		}
		if en := h.translation(ids[1]); en != (store.Translation{}) {
			t.Errorf("English article translated: %+v", en)
		}
	})
}

// The background: unrelated English reports, so that document frequencies
// tell common words from rare ones as they would in a running newsroom.
var background = []report{
	{"en", "Central bank holds interest rates steady", "The central bank kept its main rate unchanged on Monday, citing slowing inflation and weak demand. Markets had expected the decision."},
	{"en", "Floods force thousands from their homes in the north", "Heavy rain flooded villages along the river on Monday, and emergency services moved thousands of people to shelters."},
	{"en", "Parliament passes budget after late-night session", "Lawmakers approved next year's budget early on Tuesday after a debate that ran through the night. The opposition voted against it."},
	{"en", "Football club sacks manager after losing run", "The club dismissed its manager on Tuesday after a sixth defeat in a row left the team near the bottom of the table."},
	{"en", "Airline cancels flights as pilots walk out", "Hundreds of flights were cancelled on Tuesday when pilots began a two-day walkout over pay. Passengers were told to check before travelling."},
}

var (
	dockersEN = report{"en", "Dock workers strike shuts the port of Guayaquil for a tenth day",
		"Dock workers at the port of Guayaquil kept their strike going on Tuesday, leaving container ships waiting at anchor. " +
			"The union wants a wage rise and safer cranes after an accident last month. " +
			"Exporters of bananas and shrimp said cargo was piling up at the terminals."}
	dockersES = report{"es", "La huelga de estibadores paraliza el puerto de Guayaquil por décimo día",
		"Los estibadores del puerto de Guayaquil mantuvieron la huelga el martes y los buques portacontenedores esperan fondeados. " +
			"El sindicato exige un aumento salarial y grúas más seguras tras un accidente el mes pasado. " +
			"Los exportadores de banano y camarón dicen que la carga se acumula en las terminales."}
	// unknownES is a Spanish report the phrasebook cannot translate.
	unknownES = report{"es", "Sismo de magnitud 5 sacude la costa", "Un sismo sacudió la costa el martes sin causar daños."}
)

// dockersBook translates the Spanish report's title and lead as an engine
// would, word for word.
var dockersBook = phrasebook{
	dockersES.title: "The strike of dockers paralyses the port of Guayaquil for tenth day",
	leadOf(dockersES.text): "The dockers of the port of Guayaquil maintained the strike on Tuesday and the container ships wait anchored. " +
		"The union demands a salary increase and safer cranes after an accident last month.",
}

// TestTranslationJoinsLanguages clusters an English and a Spanish report
// of one strike, which share only the port's name: in one story when the
// Spanish title and lead are translated. (Untranslated they now join too,
// the clusterer counting names more in full articles, so the case without
// a translator checks only that nothing is stored.) A report the
// translator fails on is clustered all the same, untranslated.
func TestTranslationJoinsLanguages(t *testing.T) {
	for _, tc := range []struct {
		name       string
		translator translate.Translator
		together   bool
	}{
		{"no translator", nil, false}, // together or not: see above
		{"translated", dockersBook, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Translator, cfg.TranslateTitles = tc.translator, true
			h := newHarness(t, storetest.Open(t, store.SQLite), cfg)
			ids := h.addReports(append(background, dockersEN, dockersES, unknownES)...)
			for _, id := range ids {
				if err := h.p.Cluster(h.ctx, id); err != nil {
					t.Fatalf("Cluster(%d): %v", id, err)
				}
			}
			n := len(background)
			en, es, unknown := h.article(ids[n]), h.article(ids[n+1]), h.article(ids[n+2])
			if together := en.StoryID == es.StoryID; tc.together && !together {
				t.Errorf("English and Spanish reports of one strike in stories %d and %d; want together %v", en.StoryID, es.StoryID, tc.together)
			}
			tr := h.translation(es.ID)
			if tc.translator != nil && (tr.By != "phrasebook" || tr.Title != dockersBook[dockersES.title] || tr.Lead != dockersBook[leadOf(dockersES.text)]) {
				t.Errorf("stored translation %+v, want the phrasebook's title and lead", tr)
			}
			if tc.translator == nil && tr != (store.Translation{}) {
				t.Errorf("translated with no translator: %+v", tr)
			}
			if unknown.StoryID == 0 || h.translation(unknown.ID) != (store.Translation{}) {
				t.Errorf("report the translator failed on: story %d, translation %+v; want clustered untranslated", unknown.StoryID, h.translation(unknown.ID))
			}
			if es.Title != dockersES.title {
				t.Errorf("Spanish title changed to %q", es.Title)
			}
		})
	}
}

func TestLeadOf(t *testing.T) {
	long := strings.Repeat("palabra ", 100)
	for _, tc := range []struct{ text, want string }{
		{"", ""},
		{"Uno. Dos. Tres.", "Uno. Dos."},
		{"Primer párrafo sin punto\n\nSegundo párrafo.", "Primer párrafo sin punto"},
		{"Cifra de 3.5 millones. Otra frase.\nY una tercera.", "Cifra de 3.5 millones. Otra frase."},
	} {
		if got := leadOf(tc.text); got != tc.want {
			t.Errorf("leadOf(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := leadOf(long); len(got) > leadBytes || !strings.HasPrefix(long, got) || strings.HasSuffix(got, " ") || strings.HasSuffix(got, "palabr") {
		t.Errorf("leadOf(100 words) = %d bytes %q…, want at most %d bytes cut between words", len(got), got[:20], leadBytes)
	}
}

// TestWithTranslated adds a translation's terms at translatedWeight, keeps
// at most cluster.TopTerms terms and scales the sum to unit length.
func TestWithTranslated(t *testing.T) {
	v := map[string]float64{"@guayaquil": 0.8, "huelg": 0.6}
	vt := map[string]float64{"@guayaquil": 0.6, "strike": 0.8}
	got := withTranslated(v, vt)
	want := map[string]float64{"@guayaquil": 0.8 + translatedWeight*0.6, "huelg": 0.6, "strike": translatedWeight * 0.8}
	norm := 0.0
	for _, w := range want {
		norm += w * w
	}
	for term, w := range want {
		if math.Abs(got[term]-w/math.Sqrt(norm)) > 1e-9 {
			t.Errorf("%s weighs %.4f, want %.4f", term, got[term], w/math.Sqrt(norm))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d terms %v, want %d", len(got), got, len(want))
	}
	big, bigT := map[string]float64{}, map[string]float64{}
	for i := range cluster.TopTerms {
		big[fmt.Sprintf("es%d", i)] = 1
		bigT[fmt.Sprintf("en%d", i)] = 1
	}
	if got := withTranslated(big, bigT); len(got) != cluster.TopTerms || got["es0"] == 0 {
		t.Errorf("%d terms, es0 %.3f; want %d terms, the original's first", len(got), got["es0"], cluster.TopTerms)
	}
}

// spanishEnglish returns Apertium with its Spanish to English pair, or
// nil and why it is missing, with how to install it. Under CI (.ci/run
// installs it) a missing engine fails the test instead.
func spanishEnglish(t *testing.T) (*apertium.Apertium, string) {
	t.Helper()
	engine, err := apertium.New(context.Background())
	if err == nil && !engine.Supports("es", "en") {
		err = fmt.Errorf("apertium has no spa-eng pair")
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("apertium missing under CI (.ci/run installs apertium apertium-eng-spa): %v", err)
		}
		return nil, fmt.Sprintf("apertium with Spanish to English not installed (apt-get install apertium apertium-eng-spa): %v", err)
	}
	return engine, ""
}
