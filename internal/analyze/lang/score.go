package lang

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"
)

// This file scores a text against languages' n-gram models the way lingua
// does (the method, written afresh over our tables):
//
//   - The text, lower-cased, splits into words: runs of letters, except
//     that a Chinese, Japanese or Korean character starting a word is a
//     word by itself.
//   - For each n-gram length used, the distinct n-grams within words are
//     looked up in a language's model of that length; one the model lacks
//     backs off to its prefixes, shorter by a letter each time, in the
//     lower models. The first found adds its log-probability; an n-gram
//     with no prefix found adds nothing.
//   - A language's score is the sum over lengths. With unigrams (the
//     high-accuracy method), it is divided by how many of the text's
//     distinct letters the language's unigram model knows, when any.
//   - Languages with no evidence (a score of 0) are out; the others'
//     confidences are exp(score) normalised to sum to 1.
//
// Lingua's high-accuracy mode uses lengths 1 to 5 below 120 letters and
// trigrams alone from there; its low-accuracy mode trigrams alone.

// A scored is a language with its confidence, between 0 and 1.
type scored struct {
	lang  lingua.Language
	value float64
}

// grams are a text's distinct n-grams, for each length 1 to 5, each as the
// hashes of its prefixes from the whole n-gram down to its first letter.
type grams struct {
	letters int         // letters in the text's words
	hashes  [5][]uint64 // hashes[n-1]: n hashes an n-gram, longest first
}

// newGrams splits text into words and collects their n-grams.
func newGrams(text string) *grams {
	g := &grams{}
	seen := make(map[uint64]bool)
	var offsets []int
	for _, w := range splitWords(strings.ToLower(text)) {
		offsets = offsets[:0]
		for i := range w {
			offsets = append(offsets, i)
		}
		offsets = append(offsets, len(w))
		runes := len(offsets) - 1
		g.letters += runes
		for n := 1; n <= min(5, runes); n++ {
			for i := 0; i+n <= runes; i++ {
				h := hashGram(w[offsets[i]:offsets[i+n]])
				if seen[h^uint64(n)] { // n keeps equal hashes of different lengths apart
					continue
				}
				seen[h^uint64(n)] = true
				g.hashes[n-1] = append(g.hashes[n-1], h)
				for m := n - 1; m >= 1; m-- {
					g.hashes[n-1] = append(g.hashes[n-1], hashGram(w[offsets[i]:offsets[i+m]]))
				}
			}
		}
	}
	return g
}

// splitWords returns the words of lower-cased text, as lingua splits it.
func splitWords(text string) []string {
	var words []string
	start := -1
	for i, r := range text {
		switch {
		case !unicode.IsLetter(r):
			if start >= 0 {
				words = append(words, text[start:i])
				start = -1
			}
		case start < 0 && unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
			words = append(words, text[i:i+utf8.RuneLen(r)])
		case start < 0:
			start = i
		}
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}

// rank scores g against languages with n-grams of the lengths in orders
// (unigram counting applies when orders include 1) and returns the
// languages with evidence, best first.
func (m *modelSet) rank(g *grams, languages []lingua.Language, orders []int) []scored {
	withUnigrams := slices.Contains(orders, 1)
	m.prefetch(languages, orders)
	var out []scored
	for _, l := range languages {
		sum := 0.0
		for _, n := range orders {
			sum += m.sumLogs(g, l, n)
		}
		if withUnigrams {
			if known := m.knownLetters(g, l); known > 0 {
				sum /= float64(known)
			}
		}
		if sum != 0 {
			out = append(out, scored{l, sum})
		}
	}
	normalise(out)
	return out
}

// sumLogs returns the sum of log-probabilities of g's n-grams of length n
// in l's models, backing off to prefixes.
func (m *modelSet) sumLogs(g *grams, l lingua.Language, n int) float64 {
	hs := g.hashes[n-1]
	if len(hs) == 0 {
		return 0
	}
	var tables [5]*table
	for k := 1; k <= n; k++ {
		tables[k-1] = m.table(l, k)
	}
	sum := 0.0
	for ; len(hs) >= n; hs = hs[n:] {
		for k := n; k >= 1; k-- {
			if lp, ok := tables[k-1].lookup(hs[n-k]); ok {
				sum += lp
				break
			}
		}
	}
	return sum
}

// knownLetters returns how many of g's distinct letters l's unigram model
// holds.
func (m *modelSet) knownLetters(g *grams, l lingua.Language) int {
	t := m.table(l, 1)
	known := 0
	for _, h := range g.hashes[0] {
		if _, ok := t.lookup(h); ok {
			known++
		}
	}
	return known
}

// normalise turns scores (sums of log-probabilities) into confidences that
// sum to 1, sorted best first.
func normalise(s []scored) {
	if len(s) == 0 {
		return
	}
	slices.SortStableFunc(s, func(a, b scored) int {
		switch {
		case a.value > b.value:
			return -1
		case a.value < b.value:
			return 1
		}
		return int(a.lang) - int(b.lang)
	})
	top, total := s[0].value, 0.0
	for i := range s {
		s[i].value = math.Exp(s[i].value - top)
		total += s[i].value
	}
	for i := range s {
		s[i].value /= total
	}
}
