package text

import "hash/maphash"

// A reading asks, for nearly every word of an article, whether the
// article capitalises it somewhere (see analyse). A map keyed by the
// word would hash it on each question; a wordSet keys each word by the
// hash its lexeme holds, computed once when the lexeme was made, so a
// question costs an index and, on a hit, one comparison.

// lexSeed seeds the hashes lexemes hold of their lower case.
var lexSeed = maphash.MakeSeed()

func lowerHash(lower string) uint64 { return maphash.String(lexSeed, lower) }

// A wordSet is a set of words in lower case, given by their lexemes. Its
// zero value is empty and ready to use.
type wordSet struct {
	slots []*lexeme // open addressing; len a power of two, or 0
	n     int
}

// add puts e's lower case in the set.
func (s *wordSet) add(e *lexeme) {
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := e.hash & mask; ; i = (i + 1) & mask {
		x := s.slots[i]
		if x == nil {
			s.slots[i] = e
			s.n++
			return
		}
		if x == e || (x.hash == e.hash && x.lower == e.lower) {
			return
		}
	}
}

// has reports whether e's lower case is in the set.
func (s *wordSet) has(e *lexeme) bool {
	if s.n == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for i := e.hash & mask; ; i = (i + 1) & mask {
		x := s.slots[i]
		if x == nil {
			return false
		}
		if x == e || (x.hash == e.hash && x.lower == e.lower) {
			return true
		}
	}
}

func (s *wordSet) grow() {
	old := s.slots
	s.slots = make([]*lexeme, max(64, 2*len(old)))
	s.n = 0
	for _, e := range old {
		if e != nil {
			s.add(e)
		}
	}
}

// reset empties the set, keeping its slots unless a long text grew them
// past what most need.
func (s *wordSet) reset() {
	if len(s.slots) > 1<<12 {
		s.slots = nil
	}
	if s.n == 0 {
		return
	}
	// Only the slots in use are cleared: clear(s.slots) costs a write
	// barrier for every slot, empty or not, while the collector marks,
	// and most slots are empty (ECB+: 1.5% of the clusterer's time).
	for i, e := range s.slots {
		if e != nil {
			s.slots[i] = nil
		}
	}
	s.n = 0
}
