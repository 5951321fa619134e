package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)

func TestVector(t *testing.T) {
	ix := NewIndex()
	docs := []Doc{
		{Title: "Port strike in Rotterdam", Text: "Workers at the port went on strike on Tuesday. The strike hit 40 ships.", Lang: "en"},
		{Title: "Earthquake in Chile", Text: "An earthquake hit the north of the country on Sunday. The port was closed.", Lang: "en"},
		{Title: "Election in Peru", Text: "Voters went to the polls on Sunday in a tight race.", Lang: "en"},
	}
	ix.Seed(docs)
	if ix.Docs() != 3 {
		t.Fatalf("Docs() = %d after seeding 3", ix.Docs())
	}
	v := ix.Vector(docs[0])
	if w := ix.Add(docs[0]); len(w) != len(v) || ix.Docs() != 4 {
		t.Errorf("Add: %d terms and %d documents; Vector gave %d terms", len(w), ix.Docs(), len(v))
	}
	if n := norm(v); math.Abs(n-1) > 1e-9 {
		t.Errorf("vector norm %.6f, want 1", n)
	}
	// "strike" is in the title and twice in the body; "hit" once in the
	// body, and "hit" also occurs in another document.
	if v["strike"] <= v["hit"] {
		t.Errorf("strike %.3f should outweigh hit %.3f", v["strike"], v["hit"])
	}
	if v["@rotterdam"] == 0 || v["40"] == 0 {
		t.Errorf("name and number missing from %v", v)
	}
	long := Doc{Title: "Many words", Lang: "en"}
	for i := range 200 {
		long.Text += fmt.Sprintf("word%d ", i)
	}
	if n := len(ix.Vector(long)); n != TopTerms {
		t.Errorf("vector of 200 distinct terms has %d, want TopTerms = %d", n, TopTerms)
	}
	if v := ix.Vector(Doc{}); len(v) != 0 {
		t.Errorf("empty doc vector %v", v)
	}
}

func TestTitleCountsMore(t *testing.T) {
	ix := NewIndex()
	ix.Seed([]Doc{{Text: "strike flood", Lang: "en"}, {Text: "strike flood", Lang: "en"}})
	v := ix.Vector(Doc{Title: "Strike", Text: "flood", Lang: "en"})
	if v["strike"] <= v["flood"] {
		t.Errorf("title term %.3f should outweigh body term %.3f", v["strike"], v["flood"])
	}
}

func TestAssign(t *testing.T) {
	ix := NewIndex()
	v := map[string]float64{"strike": 0.8, "@rotterdam": 0.6}
	d := Doc{Lang: "en", Published: t0}
	// v is a headline: a story must share two of its terms.
	stories := []Story{
		{ID: 7, Terms: map[string]float64{"strike": 0.99, "@rotterdam": 0.141}, LastSeen: t0},                         // similarity 0.877
		{ID: 3, Terms: map[string]float64{"strike": 0.99, "@rotterdam": 0.141}, LastSeen: t0},                         // 0.877, lower ID wins the tie
		{ID: 9, Terms: map[string]float64{"strike": 0.6, "@rotterdam": 0.8}, LastSeen: t0.Add(-Window - time.Minute)}, // 0.96 but closed
		{ID: 5, Terms: map[string]float64{"flood": 1}, LastSeen: t0},                                                  // 0
		{ID: 1, Terms: map[string]float64{"strike": 1}, LastSeen: t0},                                                 // 0.8, but shares one term
	}
	m := ix.Assign(d, v, stories)
	if want := Cosine(v, stories[1].Terms); m.StoryID != 3 || math.Abs(m.Similarity-want) > 1e-9 {
		t.Errorf("Assign = %+v, want story 3 at %.3f (story 9 is outside the window, 7 loses the tie, 1 shares one term)", m, want)
	}
	// A story last seen after the article (late arrival) is open too.
	stories[2].LastSeen = t0.Add(time.Hour)
	if m := ix.Assign(d, v, stories); m.StoryID != 9 {
		t.Errorf("Assign = %+v, want story 9", m)
	}
	low := map[string]float64{"flood": 0.05, "rain": 0.9987}
	if m := ix.Assign(d, low, stories); m.StoryID != 0 {
		t.Errorf("similarity 0.05 is below the threshold %.3f, got %+v", threshold(low), m)
	}
	if m := ix.Assign(d, v, nil); m.StoryID != 0 {
		t.Errorf("no candidates: %+v", m)
	}
}

func TestAssignAcrossLanguages(t *testing.T) {
	ix := NewIndex()
	// A Spanish article sharing only names and numbers with a story.
	v := map[string]float64{"huelg": 0.7, "estib": 0.7, "@rotterdam": 0.1, "@fnv": 0.1, "1200": 0.1, "@maersk": 0.1}
	story := Story{ID: 1, LastSeen: t0, Size: 2, Terms: map[string]float64{
		"strike": 0.7, "dockwork": 0.7, "@rotterdam": 0.1, "@fnv": 0.1, "1200": 0.1, "@maersk": 0.1}}
	es := Doc{Lang: "es", Published: t0}
	if c := Cosine(v, story.Terms); c >= threshold(v) {
		t.Fatalf("test vectors too alike already: cosine %.2f", c)
	}
	story.Langs = []string{"en"}
	if m := ix.Assign(es, v, []Story{story}); m.StoryID != 1 {
		t.Errorf("Spanish article, English story sharing 4 names and numbers: %+v, want story 1", m)
	}
	story.Langs = []string{"es"}
	if m := ix.Assign(es, v, []Story{story}); m.StoryID != 0 {
		t.Errorf("the same, within one language, must go by plain cosine: %+v", m)
	}
	story.Langs = []string{"en"}
	if m := ix.Assign(Doc{Published: t0}, v, []Story{story}); m.StoryID != 0 {
		t.Errorf("an article of unknown language must go by plain cosine: %+v", m)
	}
}

func TestKeyTerms(t *testing.T) {
	v := map[string]float64{"a": 0.1, "b": 0.7, "c": 0.7, "d": 0.1}
	if got := KeyTerms(v, 3); !slices.Equal(got, []string{"b", "c", "a"}) {
		t.Errorf("KeyTerms = %q", got)
	}
	if got := KeyTerms(v, 10); len(got) != 4 {
		t.Errorf("KeyTerms(n > len) = %q", got)
	}
}

func TestMerge(t *testing.T) {
	c := map[string]float64{"a": 1}
	got := Merge(c, 3, map[string]float64{"b": 1})
	// Running mean of three "a" and one "b": (3, 1) / 4, not scaled to
	// unit length.
	if math.Abs(got["a"]-0.75) > 1e-9 || math.Abs(got["b"]-0.25) > 1e-9 {
		t.Errorf("Merge = %v", got)
	}
	if c["b"] != 0 || len(c) != 1 {
		t.Errorf("Merge changed its input: %v", c)
	}
	if got := Merge(nil, 0, map[string]float64{"x": 1}); len(got) != 1 || got["x"] != 1 {
		t.Errorf("Merge into an empty story = %v", got)
	}
	big := map[string]float64{}
	for i := range 300 {
		big[fmt.Sprint("t", i)] = 1 / math.Sqrt(300)
	}
	if n := len(Merge(big, 5, map[string]float64{"new": 1})); n != centroidTerms {
		t.Errorf("centroid has %d terms, want at most %d", n, centroidTerms)
	}
}

// TestMergeHeadlineMemory: a story of many headlines counts as
// headlineMemory articles when one more joins, so the newcomer weighs
// 1/(headlineMemory+1) of the centroid however long the story has run.
func TestMergeHeadlineMemory(t *testing.T) {
	c := map[string]float64{"old": 1}
	for _, size := range []int{headlineMemory, 10 * headlineMemory} {
		got := Merge(c, size, map[string]float64{"new": 1})
		want := 1 / float64(headlineMemory+1)
		if math.Abs(got["new"]-want) > 1e-9 || math.Abs(got["old"]-(1-want)) > 1e-9 {
			t.Errorf("Merge into %d articles = %v, want new %.4f", size, got, want)
		}
	}
	// Below the cap, the plain running mean.
	if got := Merge(c, 4, map[string]float64{"new": 1}); math.Abs(got["new"]-0.2) > 1e-9 {
		t.Errorf("Merge into 4 articles = %v, want new 0.2", got)
	}
}

// TestSameNamesOneLanguage: two different English stories about the same
// people and places must not merge through the cross-language rule.
func TestSameNamesOneLanguage(t *testing.T) {
	pension := []Doc{
		{Lang: "en", Title: "Macron forces pension reform through parliament",
			Text: "French President Emmanuel Macron used a special constitutional power on Thursday to push his pension reform through the National Assembly in Paris without a vote, raising the retirement age from 62 to 64. Prime Minister Elisabeth Borne announced the decision to jeers from opposition lawmakers."},
		{Lang: "en", Title: "Protests erupt in Paris after pension bill bypasses vote",
			Text: "Thousands of protesters gathered on the Place de la Concorde in Paris after Emmanuel Macron's government forced through the pension bill. Elisabeth Borne faces no-confidence motions next week. Unions called a new day of strikes."},
	}
	visit := Doc{Lang: "en", Title: "Macron arrives in Beijing for state visit",
		Text: "Emmanuel Macron landed in Beijing on Wednesday for a three-day state visit, seeking Chinese help to end the war in Ukraine. He travelled with European Commission President Ursula von der Leyen; Elisabeth Borne stayed in Paris. Xi Jinping will host a banquet."}
	ix := NewIndex()
	ix.Seed(append(pension, visit))
	story := Story{ID: 1, Terms: ix.Vector(pension[0]), LastSeen: t0, Size: 1, Langs: []string{"en"}}
	story.Terms = Merge(story.Terms, 1, ix.Vector(pension[1]))
	story.Size = 2
	v := ix.Vector(visit)
	n, shared := neutralCosine(v, story.Terms)
	t.Logf("cosine %.2f; names and numbers: cosine %.2f over %d shared", Cosine(v, story.Terms), n, shared)
	visit.Published = t0
	if m := ix.Assign(visit, v, []Story{story}); m.StoryID != 0 {
		t.Errorf("state visit joined the pension story: %+v", m)
	}
}

func TestIndexConcurrent(t *testing.T) {
	ix := NewIndex()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				d := Doc{Title: fmt.Sprint("Story ", g), Text: fmt.Sprint("strike number ", i), Lang: "en"}
				ix.Add(d)
			}
		})
	}
	wg.Wait()
	if ix.Docs() != 200 {
		t.Errorf("Docs() = %d, want 200", ix.Docs())
	}
}

func BenchmarkVector(b *testing.B) {
	ix := NewIndex()
	for _, m := range multilingual {
		ix.Observe(m.doc)
	}
	d := multilingual[0].doc
	d.Text = strings.Repeat(d.Text+"\n", 12)[:5000]
	b.SetBytes(int64(len(d.Text)))
	for b.Loop() {
		ix.Vector(d)
	}
}

// BenchmarkAssign compares one article with 1,000 open stories.
func BenchmarkAssign(b *testing.B) {
	ix := NewIndex()
	for _, m := range multilingual {
		ix.Observe(m.doc)
	}
	var stories []Story
	for i := range 1000 {
		m := multilingual[i%len(multilingual)]
		stories = append(stories, Story{ID: int64(i + 1), Terms: Merge(ix.Vector(m.doc), 1, ix.Vector(multilingual[(i+3)%len(multilingual)].doc)), LastSeen: t0, Size: 2})
	}
	d := multilingual[5].doc
	d.Published = t0
	v := ix.Vector(d)
	for b.Loop() {
		ix.Assign(d, v, stories)
	}
}

// TestSelectHeaviest checks the quickselect behind every vector against
// a full sort, ties and repeated weights included.
func TestSelectHeaviest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for n := range 60 {
		for k := range n + 2 {
			all := make([]weighted, n)
			for i := range all {
				all[i] = weighted{term: fmt.Sprint("t", r.IntN(1000), "_", i), w: float64(r.IntN(5))}
			}
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b weighted) int {
				if heavier(a, b) {
					return -1
				}
				return 1
			})
			m := selectHeaviest(all, k)
			if m != min(k, n) {
				t.Fatalf("n %d k %d: returned %d", n, k, m)
			}
			got := slices.Clone(all[:m])
			slices.SortFunc(got, func(a, b weighted) int {
				if heavier(a, b) {
					return -1
				}
				return 1
			})
			if !slices.Equal(got, want[:m]) {
				t.Fatalf("n %d k %d: kept %v, want %v", n, k, got, want[:m])
			}
		}
	}
}

// sameKind returns a full article's vector: forty words that say what
// kind of event it is, shared by every event of the kind, and the
// event's own names and numbers, each weighing three words.
func sameKind(own ...string) map[string]float64 {
	v := map[string]float64{}
	for i := range 40 {
		v[fmt.Sprint("word", i)] = 1
	}
	for _, term := range own {
		v[term] = 3
	}
	return v
}

// TestNamesAndNumbersTellEventsApart: a report of a second event of the
// same kind (another celebrity entering another clinic) shares all the
// words of the first event's story but none of its names and numbers. Its
// plain cosine would let it join; its similarity must not.
func TestNamesAndNumbersTellEventsApart(t *testing.T) {
	reid := Story{ID: 1, Terms: sameKind("@reid", "@promises", "33"), LastSeen: t0, Size: 3, Langs: []string{"en"}}
	lohan := sameKind("@lohan", "@betty", "90")
	again := sameKind("@reid", "@promises", "33")
	delete(again, "word0")
	d := Doc{Lang: "en", Published: t0}
	if c := Cosine(lohan, reid.Terms); c < Threshold {
		t.Fatalf("test vectors: plain cosine %.3f is below Threshold %.2f already", c, Threshold)
	}
	if s := similarity(lohan, reid.Terms, false); s >= threshold(lohan) {
		t.Errorf("other event: similarity %.3f reaches the threshold %.3f (plain cosine %.3f)", s, threshold(lohan), Cosine(lohan, reid.Terms))
	}
	if s, c := similarity(again, reid.Terms, false), Cosine(again, reid.Terms); s < c {
		t.Errorf("same event: similarity %.3f below its plain cosine %.3f though every name and number agrees", s, c)
	}
	ix := NewIndex()
	set := NewStories()
	set.Put(reid)
	for _, tc := range []struct {
		name string
		v    map[string]float64
		want int64
	}{{"other event", lohan, 0}, {"same event", again, 1}} {
		if m := ix.Assign(d, tc.v, []Story{reid}); m.StoryID != tc.want {
			t.Errorf("%s: Index.Assign = %+v, want story %d", tc.name, m, tc.want)
		}
		if m := set.Assign(d, tc.v); m.StoryID != tc.want {
			t.Errorf("%s: Stories.Assign = %+v, want story %d", tc.name, m, tc.want)
		}
	}
	// Headlines alone keep the plain cosine: too few names to go by.
	short := map[string]float64{"rehab": 0.8, "@lohan": 0.6}
	story := map[string]float64{"rehab": 0.8, "@reid": 0.6}
	if s, c := similarity(short, story, false), Cosine(short, story); s != c {
		t.Errorf("headline alone: similarity %.3f, want the plain cosine %.3f", s, c)
	}
}

// TestFade checks that of two stories equally like a headline, the one
// with an article today wins over the one last heard of yesterday, that
// the fade runs from 1 to 1 - fadeShare over Window, and that a full
// article's similarity does not fade.
func TestFade(t *testing.T) {
	v := map[string]float64{"strike": 0.8, "@rotterdam": 0.6} // a headline alone
	if fade(v, 0) != 1 || math.Abs(fade(v, Window)-(1-fadeShare)) > 1e-12 {
		t.Errorf("fade(0) = %.3f, fade(Window) = %.3f; want 1 and %.3f", fade(v, 0), fade(v, Window), 1-fadeShare)
	}
	if f := fade(sameKind(), Window); f != 1 {
		t.Errorf("a full article's similarity faded to %.3f; want 1", f)
	}
	terms := map[string]float64{"strike": 0.8, "@rotterdam": 0.6}
	yesterday := Story{ID: 1, Terms: terms, LastSeen: t0.Add(-24 * time.Hour), Size: 2}
	today := Story{ID: 2, Terms: terms, LastSeen: t0, Size: 2}
	d := Doc{Lang: "en", Published: t0}
	if m := NewIndex().Assign(d, v, []Story{yesterday, today}); m.StoryID != 2 {
		t.Errorf("Index.Assign = %+v, want today's story 2", m)
	}
	set := NewStories()
	set.Put(yesterday)
	set.Put(today)
	if m := set.Assign(d, v); m.StoryID != 2 {
		t.Errorf("Stories.Assign = %+v, want today's story 2", m)
	}
}
