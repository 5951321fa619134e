package dedup

import (
	"math/bits"
	"sync"
)

// An Index holds the SimHashes of recent originals and finds one within
// NearDuplicate bits of a new text without comparing it with every one.
//
// It is a multi-index hash: the 64 bits are cut into four blocks of 16,
// and each block value lists the entries that have it. Two hashes at most
// d bits apart cannot differ in every block by more than that block's
// share, by the pigeonhole principle in its general form: give the blocks
// thresholds t1..t4 adding up to d-3; if every block differed by more,
// by at least ti+1, the total would be at least d+1. With d = 12 the
// thresholds are 3, 2, 2, 2, so a lookup visits the 697 block values
// within 3 bits of the first block and the 137 within 2 bits of each
// other block, 1,108 lists in all, and checks the full distance of the
// entries it finds there: about 1.7% of the index for random hashes,
// instead of all of it. No entry within d bits is missed.
//
// The Index keeps the newest Capacity entries; an older one drops out when
// a new one comes in. It is safe for concurrent use.
type Index struct {
	mu       sync.Mutex
	capacity int
	ids      []int64 // ring of entries' ids, by sequence number modulo capacity
	next     uint64  // sequence number of the next entry
	// lists[b][v] holds the entries whose block b has value v, oldest
	// first, with their whole hash, so checking a candidate reads on along
	// the list instead of jumping into the ring; entries that have dropped
	// out are removed from the front when a list is next touched.
	lists [blocks][1 << 16][]listed
}

// listed is one entry in a block list.
type listed struct {
	seq  uint64
	hash uint64
}

const blocks = 4

// thresholds are the per-block bit differences a lookup tries (see Index).
var thresholds = func() [blocks]int {
	var t [blocks]int
	sum := NearDuplicate - blocks + 1
	for i := range t {
		t[i] = sum / blocks
		if i < sum%blocks {
			t[i]++
		}
	}
	return t
}()

// masks[k] lists the 16-bit values with at most k bits set, the
// differences a block within k bits can have.
var masks = func() [][]uint16 {
	top := 0
	for _, t := range thresholds {
		top = max(top, t)
	}
	out := make([][]uint16, top+1)
	for v := range 1 << 16 {
		for k := bits.OnesCount16(uint16(v)); k <= top; k++ {
			out[k] = append(out[k], uint16(v))
		}
	}
	return out
}()

// NewIndex returns an empty Index that keeps the newest capacity entries
// (at least 1). Its block lists take about 6 MB however few it holds.
func NewIndex(capacity int) *Index {
	capacity = max(capacity, 1)
	return &Index{capacity: capacity, ids: make([]int64, capacity)}
}

func block(h uint64, b int) uint16 { return uint16(h >> (16 * b)) }

// Add records that the article id has SimHash h. Entries should be added
// oldest first, since the oldest drop out when the Index is full.
func (x *Index) Add(id int64, h uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	seq := x.next
	x.next++
	x.ids[seq%uint64(x.capacity)] = id
	for b := range blocks {
		l := &x.lists[b][block(h, b)]
		*l = append(x.live(*l), listed{seq, h})
	}
}

// live drops the entries that have fallen out of the ring from the front
// of a list.
func (x *Index) live(l []listed) []listed {
	oldest := uint64(0)
	if x.next > uint64(x.capacity) {
		oldest = x.next - uint64(x.capacity)
	}
	i := 0
	for i < len(l) && l[i].seq < oldest {
		i++
	}
	if i == len(l) {
		return l[:0] // reuse the array
	}
	return l[i:]
}

// Near returns the entry whose SimHash is closest to h, if one is within
// NearDuplicate bits; of equally close ones, the newest.
func (x *Index) Near(h uint64) (id int64, ok bool) {
	best, bestSeq := NearDuplicate+1, uint64(0)
	x.each(h, func(seq uint64, d int) {
		if d < best || (d == best && seq > bestSeq) {
			best, bestSeq = d, seq
		}
	})
	if best > NearDuplicate {
		return 0, false
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.ids[bestSeq%uint64(x.capacity)], true
}

// Len reports how many entries the Index holds.
func (x *Index) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return int(min(x.next, uint64(x.capacity)))
}

// each calls fn for every entry within NearDuplicate bits of h, with its
// sequence number and distance; an entry may come more than once (through
// several blocks). fn runs with the Index locked.
func (x *Index) each(h uint64, fn func(seq uint64, d int)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for b := range blocks {
		v := block(h, b)
		for _, m := range masks[thresholds[b]] {
			l := &x.lists[b][v^m]
			if len(*l) == 0 {
				continue
			}
			*l = x.live(*l)
			for _, e := range *l {
				if d := Distance(h, e.hash); d <= NearDuplicate {
					fn(e.seq, d)
				}
			}
		}
	}
}
