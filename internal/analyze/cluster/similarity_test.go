package cluster

import (
	"fmt"
	"math"
	"testing"
)

// Two stories, each told in English and in another language, plus
// unrelated background articles so that IDF means something.
var (
	stormEN = Doc{Lang: "en", Title: "Strong wind tears roof off ski rental shop in Bukowina Tatrzańska, two dead",
		Text: `A strong wind tore the roof off a ski rental shop in Bukowina Tatrzańska on Monday, killing two people and injuring 14, police in Zakopane said.
The roof fell on a group of skiers near the Rusiński Wierch station. Rescuers from TOPR flew the injured to hospitals in Kraków and Nowy Targ.`}
	stormPL = Doc{Lang: "pl", Title: "Bukowina Tatrzańska. Silny wiatr zerwał dach z wypożyczalni. Dwie osoby nie żyją",
		Text: `Silny wiatr zerwał w poniedziałek dach z wypożyczalni nart w Bukowinie Tatrzańskiej. Dwie osoby nie żyją, 14 zostało rannych, poinformowała policja w Zakopanem.
Dach spadł na grupę narciarzy w rejonie stacji na Rusińskim Wierchu. Ratownicy TOPR przetransportowali rannych do szpitali w Krakowie i Nowym Targu.`}
	vaccineEN = Doc{Lang: "en", Title: "Russia registers Sputnik V vaccine before final trials",
		Text: `Russia on Tuesday registered the Sputnik V coronavirus vaccine developed by the Gamaleya institute, President Vladimir Putin said, before large trials with 40,000 volunteers had begun.
Health minister Mikhail Murashko said mass vaccination of doctors and teachers could start in October.`}
	vaccineRU = Doc{Lang: "ru", Title: "Россия зарегистрировала вакцину «Спутник V»",
		Text: `Во вторник Россия зарегистрировала вакцину от коронавируса «Спутник V», разработанную институтом Гамалеи, сообщил президент Владимир Путин. Испытания с участием 40 000 добровольцев ещё не начались.
Министр здравоохранения Михаил Мурашко заявил, что массовая вакцинация врачей и учителей может начаться в октябре.`}
	background = []Doc{
		{Lang: "en", Text: "The central bank left interest rates unchanged on Thursday and said inflation would ease next year as energy prices fall."},
		{Lang: "en", Text: "The football club sacked its manager after a run of six defeats, the worst start to a season in two decades."},
		{Lang: "pl", Text: "Rząd przyjął w czwartek projekt budżetu na przyszły rok. Deficyt ma wynieść 3 procent PKB."},
		{Lang: "ru", Text: "Центральный банк сохранил ключевую ставку, заявив, что инфляция замедлится в следующем году."},
	}
)

func scorerFor(docs ...Doc) *Scorer {
	s := NewScorer(nil)
	for _, d := range append(docs, background...) {
		s.Observe(d)
	}
	return s
}

func TestSimilarityAcrossLanguages(t *testing.T) {
	s := scorerFor(stormEN, stormPL, vaccineEN, vaccineRU)
	p := func(d Doc) Profile { return s.Profile(d) }
	cases := []struct {
		name      string
		a, b      Doc
		sameStory bool
	}{
		{"storm en-pl", stormEN, stormPL, true},
		{"vaccine en-ru", vaccineEN, vaccineRU, true},
		{"storm en, vaccine ru", stormEN, vaccineRU, false},
		{"storm pl, vaccine en", stormPL, vaccineEN, false},
		{"storm pl, budget pl", stormPL, background[2], false},
	}
	for _, c := range cases {
		g := Compare(p(c.a), p(c.b))
		score := g.Score()
		t.Logf("%-22s score %.3f %+v", c.name, score, g)
		if score < 0 || score > 1 {
			t.Errorf("%s: score %v outside [0, 1]", c.name, score)
		}
		if c.sameStory && score < 0.5 {
			t.Errorf("%s: same story scored %.3f, want at least 0.5", c.name, score)
		}
		if !c.sameStory && score > 0.2 {
			t.Errorf("%s: different stories scored %.3f, want at most 0.2", c.name, score)
		}
		if !g.Cross && c.a.Lang != c.b.Lang {
			t.Errorf("%s: Cross is false for %s and %s", c.name, c.a.Lang, c.b.Lang)
		}
	}
	// The Polish and Russian reports share names with the English ones only
	// once case endings are cut and Cyrillic is spelt in Latin letters.
	if g := Compare(p(stormEN), p(stormPL)); g.Names < 0.3 {
		t.Errorf("storm en-pl: names similarity %.3f, want at least 0.3 (Bukowina/Bukowinie, Zakopane/Zakopanem)", g.Names)
	}
	if g := Compare(p(vaccineEN), p(vaccineRU)); g.Names < 0.2 {
		t.Errorf("vaccine en-ru: names similarity %.3f, want at least 0.2 (Putin/Путин, Murashko/Мурашко)", g.Names)
	}
}

func TestSimilarityOfAnArticleWithItself(t *testing.T) {
	s := scorerFor(stormEN)
	a := s.Profile(stormEN)
	if got := Similarity(a, a); got < 0.99 {
		t.Errorf("an article against itself scored %.3f, want about 1", got)
	}
	// With nothing else observed, shared terms must still count.
	lone := NewScorer(nil)
	lone.Observe(stormEN)
	lone.Observe(stormPL)
	// The weights are set for IDF over many texts and a background, so
	// the score is lower here, but still far above different stories'.
	if got := Similarity(lone.Profile(stormEN), lone.Profile(stormPL)); got < 0.3 {
		t.Errorf("same story with only the two texts observed scored %.3f, want at least 0.3", got)
	}
}

func TestScoreIsMonotone(t *testing.T) {
	// Across languages, where names count on their own.
	base := Signals{Cosine: 0.1, Grams: 0.1, Names: 0.1, Numbers: 0.1, Cross: true}
	up := []func(*Signals){
		func(g *Signals) { g.Cosine = 0.4 },
		func(g *Signals) { g.Grams = 0.4 },
		func(g *Signals) { g.Names = 0.4 },
		func(g *Signals) { g.Numbers = 0.4 },
	}
	for i, f := range up {
		g := base
		f(&g)
		if g.Score() <= base.Score() {
			t.Errorf("raising signal %d did not raise the score: %.4f → %.4f", i, base.Score(), g.Score())
		}
	}
	// An article alike to many others is less alike to this one.
	usual := base
	usual.Usual = &Usual{Cosine: 0.2, Grams: 0.4, Names: typicalUsual.Names}
	if usual.Score() >= base.Score() {
		t.Errorf("higher usual similarities did not lower the score: %.4f → %.4f", base.Score(), usual.Score())
	}
	if lo, hi := (Signals{}).Score(), (Signals{Cosine: 1, Grams: 1, Names: 1, Numbers: 1, Cross: true}).Score(); lo > 0.01 || hi < 0.99 {
		t.Errorf("score spans %.4f..%.4f, want about 0..1", lo, hi)
	}
}

func TestCompareSurvivesEmptyAndHostileText(t *testing.T) {
	s := scorerFor()
	for _, text := range []string{"", "   ", "\xff\xfe\x00", "12 34", "日本", "ا ل"} {
		d := Doc{Text: text}
		s.Observe(d)
		g := Compare(s.Profile(d), s.Profile(stormEN))
		for _, x := range []float64{g.Cosine, g.Grams, g.Names, g.Numbers, g.Score()} {
			if math.IsNaN(x) || x < 0 || x > 1 {
				t.Errorf("text %q: signal %v outside [0, 1] in %+v", text, x, g)
			}
		}
	}
}

func TestArticleDoc(t *testing.T) {
	cases := []struct{ in, title, text string }{
		{"Headline here\nBody text follows.", "Headline here", "\nBody text follows."},
		{" Strong wind tears roof off. Two people died on Monday.", "Strong wind tears roof off", ". Two people died on Monday."},
		{"No break at all in this one", "", "No break at all in this one"},
		{"U.S. says", "", "U.S. says"}, // a dot within the first 20 bytes is no sentence end
	}
	for _, c := range cases {
		d := ArticleDoc(c.in, "en")
		if d.Title != c.title || d.Text != c.text || d.Lang != "en" {
			t.Errorf("ArticleDoc(%q) = %q / %q / %q, want %q / %q / en", c.in, d.Title, d.Text, d.Lang, c.title, c.text)
		}
	}
}

func TestPlacesMeetAcrossScripts(t *testing.T) {
	zh := Doc{Lang: "zh", Text: "德国总理周二在柏林表示，德国将把封锁措施延长至3月7日。"}
	en := Doc{Lang: "en", Text: "The chancellor said in Berlin on Tuesday that Germany would extend its lockdown until March 7."}
	other := Doc{Lang: "en", Text: "Brazil's president said in Brasília that the vaccine campaign would start in Rio de Janeiro."}
	s := scorerFor(zh, en, other)
	if g := Compare(s.Profile(zh), s.Profile(en)); g.Names < 0.3 {
		t.Errorf("Chinese and English reports naming Germany and Berlin: names similarity %.3f, want at least 0.3", g.Names)
	}
	if g := Compare(s.Profile(zh), s.Profile(other)); g.Names > 0 {
		t.Errorf("Chinese report on Germany against one on Brazil: names similarity %.3f, want 0", g.Names)
	}
}

func TestBoilerplateIsLeftOut(t *testing.T) {
	const banner = "We use cookies and other technologies on our website to offer you all its functions. "
	a := Doc{Lang: "en", Title: "Trumpet meets piano at the village cafe", Text: banner + "A jazz duo played to a full house on Saturday evening."}
	b := Doc{Lang: "en", Title: "Car collides with lorry, five injured", Text: banner + "Five people were hurt when a car hit a lorry on the motorway."}
	c := Doc{Lang: "en", Title: "Council approves new budget", Text: banner + "The council approved next year's budget after a long debate."}
	with := scorerFor(a, b, c)
	without := scorerFor(a, b)
	got := Compare(with.Profile(a), with.Profile(b)).Cosine
	kept := Compare(without.Profile(a), without.Profile(b)).Cosine
	t.Logf("cosine with the banner in 3 texts %.3f, in 2 %.3f", got, kept)
	if got >= kept || got > 0.05 {
		t.Errorf("a cookie banner shared by three texts still counts: cosine %.3f (%.3f when in two)", got, kept)
	}
}

func TestBackgroundWeighsUsualSimilarity(t *testing.T) {
	docs := append([]Doc{stormEN, stormPL, vaccineEN, vaccineRU}, background...)
	for i := range 30 {
		docs = append(docs,
			Doc{Lang: "en", Text: fmt.Sprintf("Report %d: the regional court heard a case about a dispute between neighbours over a fence.", i)},
			Doc{Lang: "pl", Text: fmt.Sprintf("Raport %d: sąd okręgowy rozpatrzył sprawę sporu sąsiadów o płot.", i)})
	}
	s := scorerFor(docs...)
	ps := make([]Profile, len(docs))
	for i, d := range docs {
		ps[i] = s.Profile(d)
	}
	bg := NewBackground(ps)
	g := bg.Compare(ps[0], ps[1])
	if g.Usual == nil {
		t.Fatal("no usual similarities with 30 background articles in each language")
	}
	if score := g.Score(); score < 0.5 {
		t.Errorf("storm en-pl against a background: score %.3f, want at least 0.5 (%+v, usual %+v)", score, g, *g.Usual)
	}
	if score := bg.Compare(ps[0], ps[3]).Score(); score > 0.2 {
		t.Errorf("storm en, vaccine ru against a background: score %.3f, want at most 0.2", score)
	}
	if g := NewBackground(ps[:4]).Compare(ps[0], ps[1]); g.Usual != nil {
		t.Errorf("usual similarities from %d articles, want none below %d", 4, minBackground)
	}
}

func TestGramsMeetAcrossInflectionAndCompounds(t *testing.T) {
	s := scorerFor()
	p := func(text, lang string) Profile {
		d := Doc{Text: text, Lang: lang}
		s.Observe(d)
		return s.Profile(d)
	}
	gov := p("Die Bundesregierung beschließt das Klimapaket", "de")
	// Inflected and compound forms share most grams; an unrelated
	// sentence shares next to none.
	if g := Compare(gov, p("Regierung beschloss Klimapakets", "de")).Grams; g < 0.3 {
		t.Errorf("grams of inflected and compound forms: %.3f, want at least 0.3", g)
	}
	if g := Compare(gov, p("Der Fußballverein entlässt seinen Trainer", "de")).Grams; g > 0.1 {
		t.Errorf("grams of unrelated sentences: %.3f, want at most 0.1", g)
	}
	// Han text is read as pairs of characters.
	if g := Compare(p("德国政府通过气候计划", "zh"), p("政府通过了气候计划", "zh")).Grams; g < 0.3 {
		t.Errorf("grams of two Chinese sentences sharing most pairs: %.3f, want at least 0.3", g)
	}
}

func TestLengthGap(t *testing.T) {
	s := scorerFor()
	short := s.Profile(Doc{Text: "Wind tears roof off ski shop", Lang: "en"})
	long := s.Profile(Doc{Text: "Wind tears roof off ski shop. Wind tears roof off ski shop", Lang: "en"})
	if g := Compare(short, long).LengthGap; math.Abs(g-math.Ln2) > 1e-9 {
		t.Errorf("gap between a text and twice its length: %.4f, want ln 2", g)
	}
	// Letters of two scripts do not compare.
	zh := s.Profile(Doc{Text: "德国政府通过气候计划", Lang: "zh"})
	if g := Compare(zh, long).LengthGap; g != 0 {
		t.Errorf("gap across scripts: %.4f, want 0", g)
	}
	// A longer partner raises the score, all else alike.
	base := Signals{Cosine: 0.1, Grams: 0.1}
	gap := base
	gap.LengthGap = 1
	if gap.Score() <= base.Score() {
		t.Errorf("a length gap did not raise the score: %.4f → %.4f", base.Score(), gap.Score())
	}
}
