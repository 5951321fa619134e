package dedup

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// flip returns h with k distinct random bits flipped.
func flip(r *rand.Rand, h uint64, k int) uint64 {
	for _, b := range r.Perm(64)[:k] {
		h ^= 1 << b
	}
	return h
}

// TestIndexFindsAllWithinTheThreshold compares the Index with a scan of
// every entry on random hashes, half of them planted at every distance from
// 0 to NearDuplicate+2 of earlier ones: the Index must find exactly the
// entries the scan finds, none missed and none too far.
func TestIndexFindsAllWithinTheThreshold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	x := NewIndex(n)
	hashes := make([]uint64, 0, n)
	for i := range n {
		h := r.Uint64()
		if i > 0 && i%2 == 0 {
			h = flip(r, hashes[r.IntN(len(hashes))], r.IntN(NearDuplicate+3))
		}
		hashes = append(hashes, h)
		x.Add(int64(i+1), h)
	}
	found := 0
	for q := range 3000 {
		h := r.Uint64()
		if q%3 != 0 {
			h = flip(r, hashes[r.IntN(n)], r.IntN(NearDuplicate+3))
		}
		var want, got []int64
		for i, e := range hashes {
			if Distance(e, h) <= NearDuplicate {
				want = append(want, int64(i+1))
			}
		}
		x.each(h, func(seq uint64, d int) {
			if d != Distance(h, hashes[seq]) {
				t.Fatalf("distance %d reported for entry %d, is %d", d, seq, Distance(h, hashes[seq]))
			}
			got = append(got, int64(seq+1))
		})
		slices.Sort(got)
		got = slices.Compact(got)
		if !slices.Equal(got, want) {
			t.Fatalf("query %d (%016x): index found %v, a scan of all finds %v", q, h, got, want)
		}
		found += len(want)
		id, ok := x.Near(h)
		if ok != (len(want) > 0) || (ok && Distance(h, hashes[id-1]) != minDistance(h, hashes, want)) {
			t.Fatalf("query %d: Near = %d, %v; want the closest of %v", q, id, ok, want)
		}
	}
	if found < 1000 {
		t.Fatalf("only %d matches over all queries: the test plants too few near hashes to mean anything", found)
	}
	t.Logf("%d matches found, none missed", found)
}

func minDistance(h uint64, hashes []uint64, ids []int64) int {
	best := 64
	for _, id := range ids {
		best = min(best, Distance(h, hashes[id-1]))
	}
	return best
}

// TestIndexKeepsTheNewest: past its capacity the oldest entries drop out.
func TestIndexKeepsTheNewest(t *testing.T) {
	x := NewIndex(3)
	hs := []uint64{0x1111, 0xffff0000ffff0000, 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0}
	for i, h := range hs {
		x.Add(int64(i+1), h)
	}
	if x.Len() != 3 {
		t.Errorf("Len = %d, want 3", x.Len())
	}
	if id, ok := x.Near(0x1111); ok {
		t.Errorf("the oldest entry is still found (id %d) after three newer ones filled the index", id)
	}
	if id, ok := x.Near(hs[3] ^ 0b111); !ok || id != 4 {
		t.Errorf("Near(newest, 3 bits off) = %d, %v; want 4", id, ok)
	}
	// The same hash twice: the newer one is the answer.
	x.Add(5, hs[2])
	if id, _ := x.Near(hs[2]); id != 5 {
		t.Errorf("Near of a hash stored twice = %d, want the newer, 5", id)
	}
}

// BenchmarkNear compares a lookup in the Index with a scan of the same
// entries, for an index as full as the pipeline keeps it and a large one.
func BenchmarkNear(b *testing.B) {
	for _, n := range []int{20000, 1000000} {
		r := rand.New(rand.NewPCG(3, 4))
		x := NewIndex(n)
		hashes := make([]uint64, n)
		for i := range hashes {
			hashes[i] = r.Uint64()
			x.Add(int64(i), hashes[i])
		}
		queries := make([]uint64, 1024)
		for i := range queries {
			queries[i] = r.Uint64()
		}
		b.Run("index/"+itoa(n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				x.Near(queries[i%len(queries)])
			}
		})
		b.Run("scan/"+itoa(n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				q := queries[i%len(queries)]
				for _, h := range hashes {
					if Distance(h, q) <= NearDuplicate {
						break
					}
				}
			}
		})
	}
}

func itoa(n int) string {
	if n >= 1000000 {
		return string(rune('0'+n/1000000)) + "M"
	}
	return string(rune('0'+n/10000)) + "0k"
}
