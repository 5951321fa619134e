package cluster

import "slices"

// The reference system. ECB+'s yardstick is a tuned TF-IDF average-link
// clustering (BCubed F1 0.871); the UCI set comes with trivial ones only.
// Reference gives both sets the same yardstick, with every advantage the
// Clusterer does not have: it sees all the documents at once (IDF from
// all of them, no arrival order), links each pair by the average cosine
// of the clusters' documents (average-link agglomeration over the
// Clusterer's own document vectors: names and numbers boosted, headline
// address words read), and its cut is chosen on the gold it is scored
// against. It tells what the same vectors give offline, against the
// Clusterer deciding online without look-ahead: on ECB+ BCubed F1 0.891
// at a cut of 0.18 (Clusterer 0.930), on UCI 0.767 at 0.06 (Clusterer
// 0.822); plain TF-IDF of the headline and address words, IDF from the
// day, gave UCI 0.721. `beatdesk eval cluster --reference` prints it.

// referenceCuts are the similarities Reference cuts the dendrogram at:
// 0.01 to 0.60, a hundredth apart.
var referenceCuts = func() []float64 {
	var cs []float64
	for c := 1; c <= 60; c++ {
		cs = append(cs, float64(c)/100)
	}
	return cs
}()

// A Reference is the reference system's result on one set: the cut that
// scored best and its evaluation (see Reference).
type Reference struct {
	Cut float64
	Evaluation
}

// ReferenceECB clusters all ECB+ articles at once (see Reference) and
// returns the best cut's scores.
func ReferenceECB(arts []ECBArticle) Reference {
	docs := make([]Doc, len(arts))
	gold := make([][]string, 1)
	for i, a := range arts {
		docs[i] = ECBDoc(a, ecbStart)
		gold[0] = append(gold[0], a.Cluster)
	}
	return bestCut([][]Doc{docs}, gold)
}

// ReferenceUCI clusters each UCI day's headlines at once (see Reference),
// IDF from that day's headlines, and returns the best cut's scores,
// macro-averaged over days as EvaluateUCI's.
func ReferenceUCI(days []UCIDay) Reference {
	sets := make([][]Doc, len(days))
	gold := make([][]string, len(days))
	for i, day := range days {
		for _, h := range day.Headlines {
			sets[i] = append(sets[i], Doc{Title: h.Title, URL: h.URL, Lang: "en", Published: day.Day})
			gold[i] = append(gold[i], h.Story)
		}
	}
	return bestCut(sets, gold)
}

// bestCut builds each set's dendrogram once, scores every cut in
// referenceCuts against the gold (each set apart, then the mean) and
// returns the cut with the best mean BCubed F1.
func bestCut(sets [][]Doc, gold [][]string) Reference {
	runs := make([][]Scores, len(referenceCuts))
	var docs int
	for s, ds := range sets {
		ix := NewIndex()
		for _, d := range ds {
			ix.Observe(d)
		}
		vs := make([]map[string]float64, len(ds))
		for i, d := range ds {
			vs[i] = ix.Vector(d)
		}
		merges := averageLink(vs)
		for c, at := range referenceCuts {
			runs[c] = append(runs[c], Score(cutAt(len(vs), merges, at), gold[s]))
		}
		docs += len(ds)
	}
	var best Reference
	for c, at := range referenceCuts {
		m := mean(runs[c])
		if best.Runs == nil || m.BCubedF > best.Mean.BCubedF {
			best = Reference{Cut: at, Evaluation: Evaluation{Runs: runs[c], Mean: m, Docs: docs}}
		}
	}
	return best
}

// A link is one merge of the dendrogram: the clusters of documents a and
// b (each named by one of its documents) joined at their average
// similarity.
type link struct {
	a, b int32
	sim  float32
}

// averageLink returns the merges of average-link agglomerative
// clustering of the vectors by cosine, by the nearest-neighbour chain
// (Murtagh's): follow each cluster to the one most like it until two
// are each other's most alike, merge those, and go on from the chain
// left. Average link never merges above an earlier merge's similarity
// along a cluster's history, so cutting at a similarity keeps the merges
// at or above it (see cutAt). It holds all pairs' similarities, n²/2
// float32s: 156 MB for the UCI set's largest day of 8,824 headlines.
func averageLink(vs []map[string]float64) []link {
	n := len(vs)
	if n < 2 {
		return nil
	}
	sim := pairCosines(vs)
	at := func(i, j int) *float32 { // i != j
		if i > j {
			i, j = j, i
		}
		return &sim[i*n-i*(i+1)/2+j-i-1]
	}
	size := make([]int32, n)
	active := make([]int, n) // active clusters, each named by a document
	for i := range size {
		size[i] = 1
		active[i] = i
	}
	links := make([]link, 0, n-1)
	var chain []int
	for len(active) > 1 {
		if len(chain) == 0 {
			chain = append(chain, active[0])
		}
		a := chain[len(chain)-1]
		prev := -1
		if len(chain) > 1 {
			prev = chain[len(chain)-2]
		}
		// a's nearest cluster; on a tie, the previous one in the chain,
		// so that the chain ends.
		b, best := -1, float32(-1)
		for _, k := range active {
			if k == a {
				continue
			}
			if s := *at(a, k); s > best || (s == best && k == prev) {
				b, best = k, s
			}
		}
		if b != prev {
			chain = append(chain, b)
			continue
		}
		chain = chain[:len(chain)-2]
		links = append(links, link{a: int32(a), b: int32(b), sim: best})
		// The merged cluster keeps a's name; b is gone (Lance-Williams:
		// the average over the union is the size-weighted mean).
		na, nb := float32(size[a]), float32(size[b])
		for _, k := range active {
			if k != a && k != b {
				p := at(a, k)
				*p = (na**p + nb**at(b, k)) / (na + nb)
			}
		}
		size[a] += size[b]
		active = slices.DeleteFunc(active, func(k int) bool { return k == b })
	}
	return links
}

// pairCosines returns the cosines of all pairs i < j of the vectors,
// row by row (the pair's place is i*n - i(i+1)/2 + j-i-1), through an
// inverted index of their terms.
func pairCosines(vs []map[string]float64) []float32 {
	n := len(vs)
	sim := make([]float32, n*(n-1)/2)
	type posting struct {
		doc int
		w   float64
	}
	postings := map[string][]posting{}
	dots := make([]float64, n)
	for j, v := range vs {
		// v's dot products with the earlier vectors, then v joins the
		// index. The vectors are of unit length: dots are cosines.
		clear(dots[:j])
		for term, w := range v {
			for _, p := range postings[term] {
				dots[p.doc] += w * p.w
			}
		}
		for i := range j {
			if dots[i] != 0 {
				sim[i*n-i*(i+1)/2+j-i-1] = float32(dots[i])
			}
		}
		for term, w := range v {
			postings[term] = append(postings[term], posting{doc: j, w: w})
		}
	}
	return sim
}

// cutAt returns each of n documents' cluster when the dendrogram's
// merges at a similarity of at least at are kept.
func cutAt(n int, links []link, at float64) []int64 {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	root := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, l := range links {
		if float64(l.sim) >= at-1e-6 { // similarities are float32
			parent[root(l.a)] = root(l.b)
		}
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(root(int32(i)))
	}
	return out
}
