package entity

import (
	"slices"
	"sync"
)

// A Mention is a place and how many times a text names it.
type Mention struct {
	Place Place
	Count int
}

// hit is one match of a name in a text, before ambiguity is resolved.
type hit struct {
	n   *name
	pos int // token index, for ordering ties by first mention
}

type scratch struct {
	t    tokens
	hits []hit
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// koreanParticles are the endings Korean attaches to a noun ("멕시코에서",
// in Mexico). A Hangul name matches only when the rest of its word is one
// of these, so 인도 (India) is not found inside 인도적 (humanitarian).
var koreanParticles = map[string]bool{
	"": true, "은": true, "는": true, "이": true, "가": true, "을": true, "를": true,
	"에": true, "에서": true, "의": true, "와": true, "과": true, "도": true, "로": true,
	"으로": true, "에게": true, "까지": true, "부터": true, "만": true, "과의": true,
	"와의": true, "에서의": true, "에는": true, "에서는": true, "이다": true, "측": true,
}

// Find returns the places mentioned in text, in any language the gazetteer
// knows, each once, most mentioned first (ties: first mentioned first).
// Matching rules are described in the package documentation.
func Find(text string) []Mention {
	g := theGazetteer()
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.t.tokenize(text)
	s.hits = s.hits[:0]
	toks := &s.t
	for i := 0; i < len(toks.list); {
		n := g.match(toks, text, i)
		if n == nil {
			i++
			continue
		}
		s.hits = append(s.hits, hit{n: n, pos: i})
		i += len(n.toks)
	}
	return g.resolve(s.hits)
}

// match returns the longest name that starts at token i, or nil.
func (g *gazetteer) match(t *tokens, text string, i int) *name {
	tk := t.list[i]
	key := t.buf[tk.start:tk.end]
	for _, n := range g.index[string(key)] {
		if n.fits(t, text, i, "") {
			return n
		}
	}
	if !tk.arabic {
		return nil
	}
	for _, v := range arabicVariants(string(key)) {
		for _, n := range g.index[v] {
			if n.fits(t, text, i, v) {
				return n
			}
		}
	}
	return nil
}

// fits reports whether n matches the tokens from i on. first, when set, is
// the form of token i to compare (an Arabic word without its clitics).
func (n *name) fits(t *tokens, text string, i int, first string) bool {
	if i+len(n.toks) > len(t.list) {
		return false
	}
	for j, want := range n.toks {
		tk := t.list[i+j]
		if j == 0 && first != "" {
			if first != want {
				return false
			}
		} else if string(t.buf[tk.start:tk.end]) != want {
			return false
		}
		switch {
		case n.exact != nil:
			if text[tk.rawStart:tk.rawEnd] != n.exact[j] {
				return false
			}
		case n.caps[j] && tk.cased && !tk.upper:
			return false
		}
	}
	end := i + len(n.toks)
	switch n.run {
	case runHangul:
		if !hangulWordFits(t, i, end) {
			return false
		}
	case runKatakana:
		if !t.list[i].wordStart || end < len(t.list) && !t.list[end].wordStart {
			return false
		}
	}
	if n.person && end < len(t.list) {
		next := t.list[end]
		between := text[t.list[end-1].rawEnd:next.rawStart]
		if next.cased && next.upper && between == " " {
			return false // "Chad Smith", "Santiago Peña"
		}
	}
	return true
}

// hangulWordFits reports whether tokens [i,end) are a whole Korean word, or
// a word followed only by a particle.
func hangulWordFits(t *tokens, i, end int) bool {
	if !t.list[i].wordStart {
		return false
	}
	j := end
	for j < len(t.list) && !t.list[j].wordStart && j-end < 4 {
		j++
	}
	if j < len(t.list) && !t.list[j].wordStart {
		return false // a long word that merely begins with the name
	}
	rest := ""
	if j > end {
		rest = string(t.buf[t.list[end].start:t.list[j-1].end])
	}
	return koreanParticles[rest]
}

// resolve turns hits into mentions, choosing for each ambiguous name the
// place whose country the unambiguous hits mention most.
func (g *gazetteer) resolve(hits []hit) []Mention {
	if len(hits) == 0 {
		return nil
	}
	evidence := map[string]int{}
	for _, h := range hits {
		if len(h.n.places) == 1 {
			if c := g.places[h.n.places[0]].Country; c != "" {
				evidence[c]++
			}
		}
	}
	type tally struct {
		place int32
		count int
		first int
	}
	var tallies []tally
	for _, h := range hits {
		p := h.n.places[0]
		if len(h.n.places) > 1 {
			best := -1
			for _, q := range h.n.places {
				if e := evidence[g.places[q].Country]; e > best {
					p, best = q, e
				}
			}
		}
		k := slices.IndexFunc(tallies, func(t tally) bool { return t.place == p })
		if k < 0 {
			tallies = append(tallies, tally{place: p, first: h.pos})
			k = len(tallies) - 1
		}
		tallies[k].count++
	}
	slices.SortStableFunc(tallies, func(a, b tally) int {
		if a.count != b.count {
			return b.count - a.count
		}
		return a.first - b.first
	})
	out := make([]Mention, len(tallies))
	for i, t := range tallies {
		out[i] = Mention{Place: g.places[t.place], Count: t.count}
	}
	return out
}
