package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// mix hashes a seed and some numbers into one seed (SplitMix64 steps), so
// every part of the world draws from its own stream and the result does
// not depend on the order in which parts are generated.
func mix(seed uint64, parts ...uint64) uint64 {
	h := seed ^ 0x9e3779b97f4a7c15
	for _, p := range parts {
		h ^= p + 0x9e3779b97f4a7c15 + h<<6 + h>>2
		h ^= h >> 30
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 27
		h *= 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}

func newRand(seed uint64, parts ...uint64) *rand.Rand {
	s := mix(seed, parts...)
	return rand.New(rand.NewPCG(s, mix(s, 1)))
}

// Stream tags for mix, so that no two streams collide.
const (
	tagStory = iota + 1
	tagFeed
	tagArrivals
	tagWire
	tagSingle
	tagHost
	tagPage
	tagLayout
	tagHub
)

// A story is one real-world development several feeds report: its people,
// places, organisation, figures and date are what its articles share, in
// any language.
type story struct {
	id      int
	born    time.Time
	weight  float64 // how much coverage it draws (heavy-tailed)
	people  []string
	places  []string
	org     string
	figures []int
	day     int
	month   int   // 0-11
	topic   []int // indices of content words its articles lean on
}

// storyLife and storyDecay shape coverage: a story draws articles for
// storyLife after it breaks, less and less (e-folding time storyDecay).
const (
	storyLife  = 4 * time.Hour
	storyDecay = time.Hour
)

// storyline is the world's sequence of stories, generated on demand up to
// the latest time asked for and kept whole, so which stories exist at a
// time never depends on when it is asked.
type storyline struct {
	seed  uint64
	rate  float64 // stories a second
	mu    sync.Mutex
	rng   *rand.Rand
	list  []*story // by birth
	until time.Time
}

func newStoryline(seed uint64, rate float64, from time.Time) *storyline {
	return &storyline{seed: seed, rate: rate, rng: newRand(seed, tagStory), until: from}
}

// alive returns the stories born in (t-storyLife, t].
func (sl *storyline) alive(t time.Time) []*story {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	for !sl.until.After(t) {
		gap := time.Duration(sl.rng.ExpFloat64() / sl.rate * float64(time.Second))
		sl.until = sl.until.Add(gap)
		sl.list = append(sl.list, makeStory(sl.seed, len(sl.list), sl.until, sl.rng.Float64()))
	}
	lo := sort.Search(len(sl.list), func(i int) bool { return sl.list[i].born.After(t.Add(-storyLife)) })
	hi := sort.Search(len(sl.list), func(i int) bool { return sl.list[i].born.After(t) })
	return sl.list[lo:hi]
}

// pick chooses the story an article published at t covers, in proportion
// to each story's weight and freshness; u is uniform in [0,1).
func (sl *storyline) pick(t time.Time, u float64) *story {
	cands := sl.alive(t)
	if len(cands) == 0 {
		return nil
	}
	ws := make([]float64, len(cands))
	sum := 0.0
	for i, st := range cands {
		sum += st.weight * math.Exp(-t.Sub(st.born).Seconds()/storyDecay.Seconds())
		ws[i] = sum
	}
	i := sort.SearchFloat64s(ws, u*sum)
	return cands[min(i, len(cands)-1)]
}

func makeStory(seed uint64, id int, born time.Time, u float64) *story {
	r := newRand(seed, tagStory, uint64(id))
	st := &story{id: id, born: born, weight: math.Min(math.Pow(1-u, -1/1.2), 500)}
	fillNames(r, st)
	return st
}

// fillNames invents what makes a story itself.
func fillNames(r *rand.Rand, st *story) {
	st.people = []string{inventName(r, 2) + " " + inventName(r, 3), inventName(r, 2) + " " + inventName(r, 3), inventName(r, 3)}
	st.places = []string{inventName(r, 3), "Port " + inventName(r, 2)}
	st.org = inventName(r, 2) + strings.ToUpper(inventName(r, 1))
	st.figures = []int{10 + r.IntN(90), 100 + r.IntN(900), 1000 + r.IntN(90000)}
	st.day, st.month = 1+r.IntN(28), r.IntN(12)
	for range 12 {
		st.topic = append(st.topic, r.IntN(1<<16))
	}
}

func inventName(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// writer writes articles in one language.
type writer struct {
	v *vocab
	r *rand.Rand
	s *story
}

// sentence writes one sentence of n words, naming something of the story
// in about two sentences of three.
func (w *writer) sentence(n int) string {
	ws := make([]string, 0, n+4)
	for range n {
		switch x := w.r.Float64(); {
		case x < 0.45:
			ws = append(ws, w.v.function[w.r.IntN(len(w.v.function))])
		case x < 0.75 && w.s != nil:
			t := w.s.topic[w.r.IntN(len(w.s.topic))]
			ws = append(ws, w.v.content[t%len(w.v.content)])
		default:
			ws = append(ws, w.v.content[w.r.IntN(len(w.v.content))])
		}
	}
	if w.s != nil && w.r.IntN(3) < 2 {
		at := 1 + w.r.IntN(len(ws))
		ws = append(ws[:at], append(strings.Fields(w.token()), ws[at:]...)...)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// token is one of the story's names, places or dated figures.
func (w *writer) token() string {
	s := w.s
	switch w.r.IntN(6) {
	case 0, 1:
		return s.people[w.r.IntN(len(s.people))]
	case 2:
		return s.places[w.r.IntN(len(s.places))]
	case 3:
		return s.org
	case 4:
		return groupThousands(s.figures[w.r.IntN(len(s.figures))], w.v.thousands)
	}
	return fmt.Sprintf(w.v.dateFmt, s.day, w.v.months[s.month])
}

func groupThousands(n int, sep string) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// title writes a headline naming the story's place and a person or
// organisation.
func (w *writer) title() string {
	ws := []string{w.s.places[0]}
	for range 5 + w.r.IntN(5) {
		if w.r.IntN(3) == 0 {
			ws = append(ws, w.v.function[w.r.IntN(len(w.v.function))])
		} else {
			t := w.s.topic[w.r.IntN(len(w.s.topic))]
			ws = append(ws, w.v.content[t%len(w.v.content)])
		}
	}
	if w.r.IntN(2) == 0 {
		ws = append(ws, w.s.people[0])
	} else {
		ws = append(ws, w.s.org)
	}
	return strings.Join(ws, " ")
}

// text is an article: a headline and paragraphs of about words words in
// all.
type text struct {
	title string
	paras []string
}

// article writes the article whose seed is seed about s (nil: a story of
// its own, as local news is).
func article(v *vocab, seed uint64, s *story, words int) text {
	r := newRand(seed)
	if s == nil {
		s = &story{}
		fillNames(r, s)
	}
	w := &writer{v: v, r: r, s: s}
	t := text{title: w.title()}
	for n := 0; n < words; {
		var p []string
		for range 2 + r.IntN(4) {
			k := 9 + r.IntN(14)
			p = append(p, w.sentence(k))
			n += k
		}
		t.paras = append(t.paras, strings.Join(p, " "))
	}
	return t
}

// filler writes sentences about nothing in particular, for comments and
// teasers.
func filler(v *vocab, r *rand.Rand, sentences int) string {
	w := &writer{v: v, r: r}
	var p []string
	for range sentences {
		p = append(p, w.sentence(6+r.IntN(12)))
	}
	return strings.Join(p, " ")
}
