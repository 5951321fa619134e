package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAverageLink checks the nearest-neighbour chain against average-link
// clustering done the slow way (merge the two clusters whose documents'
// mean cosine is highest, again and again), cut at several similarities.
func TestAverageLink(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 1))
	for trial := range 20 {
		n := 5 + r.IntN(40)
		vs := make([]map[string]float64, n)
		for i := range vs {
			v := map[string]float64{}
			for range 1 + r.IntN(5) {
				v[fmt.Sprint("t", r.IntN(25))] = r.Float64() + 0.1
			}
			vs[i] = unit(v)
		}
		want, sims := slowAverageLink(vs)
		got := averageLink(vs)
		if len(got) != n-1 {
			t.Fatalf("trial %d: %d merges for %d documents, want %d", trial, len(got), n, n-1)
		}
		for _, at := range []float64{0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8} {
			if near(sims, at) {
				continue // a merge this close to the cut may round either way
			}
			if g, w := partition(cutAt(n, got, at)), partition(want(at)); !slices.Equal(g, w) {
				t.Errorf("trial %d, cut %.2f: got %v, want %v", trial, at, g, w)
			}
		}
	}
}

func unit(v map[string]float64) map[string]float64 {
	n := norm(v)
	for k := range v {
		v[k] /= n
	}
	return v
}

// slowAverageLink returns a function giving the clusters when only merges
// at or above a similarity are made, and every merge's similarity.
func slowAverageLink(vs []map[string]float64) (func(at float64) []int64, []float64) {
	n := len(vs)
	type step struct {
		a, b int
		sim  float64
	}
	var steps []step
	clusters := map[int][]int{}
	for i := range n {
		clusters[i] = []int{i}
	}
	for len(clusters) > 1 {
		best := step{a: -1}
		for a, da := range clusters {
			for b, db := range clusters {
				if a >= b {
					continue
				}
				var s float64
				for _, i := range da {
					for _, j := range db {
						s += Cosine(vs[i], vs[j])
					}
				}
				s /= float64(len(da) * len(db))
				if best.a < 0 || s > best.sim {
					best = step{a, b, s}
				}
			}
		}
		steps = append(steps, best)
		clusters[best.a] = append(clusters[best.a], clusters[best.b]...)
		delete(clusters, best.b)
	}
	var sims []float64
	for _, s := range steps {
		sims = append(sims, s.sim)
	}
	return func(at float64) []int64 {
		label := make([]int64, n)
		for i := range label {
			label[i] = int64(i)
		}
		for _, s := range steps {
			if s.sim < at {
				break // average link: later merges are no more alike
			}
			from, to := label[s.b], label[s.a]
			for i := range label {
				if label[i] == from {
					label[i] = to
				}
			}
		}
		return label
	}, sims
}

// partition renames clusters by their first document, so that two
// labellings of one partition are equal.
func partition(labels []int64) []int {
	first := map[int64]int{}
	out := make([]int, len(labels))
	for i, l := range labels {
		if _, ok := first[l]; !ok {
			first[l] = i
		}
		out[i] = first[l]
	}
	return out
}

func near(sims []float64, at float64) bool {
	return slices.ContainsFunc(sims, func(s float64) bool { return math.Abs(s-at) < 1e-4 })
}
