package cluster

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestSemEvalPairs is a check of same-story similarity across languages on
// a third of the SemEval-2022 task 8 sample (every third row): article
// pairs (heads and tails of articles, in ten languages and across them)
// with annotators' similarity, 1 = very similar … 4 = very dissimilar.
// Pearson r is against −Overall, as the data's README says. The whole
// sample, per language pair, is `beatdesk eval similarity`. Following the
// README, it also logs the decision score ≥ 0.5 against Overall ≤ 1.5
// (same story) and ≥ 3 (different), in between left out.
func TestSemEvalPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds; skipped with -short")
	}
	path := "../../../../shared/data/semeval2022-task8-hfl-sample/pairs.dev.jsonl"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SemEval sample absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	type row struct {
		Lang1, Lang2, Text1, Text2 string
		Overall                    float64
	}
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for n := 0; sc.Scan(); n++ {
		if n%3 != 0 {
			continue
		}
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	s := NewScorer(nil)
	docs := make([][2]Doc, len(rows))
	for i, r := range rows {
		docs[i] = [2]Doc{ArticleDoc(r.Text1, r.Lang1), ArticleDoc(r.Text2, r.Lang2)}
		s.Observe(docs[i][0])
		s.Observe(docs[i][1])
	}

	type tally struct {
		tp, fp, fn int
		score, cos []float64
		gold       []float64
	}
	ps := make([]Profile, 0, 2*len(docs))
	for _, d := range docs {
		ps = append(ps, s.Profile(d[0]), s.Profile(d[1]))
	}
	bg := NewBackground(ps)
	by := map[string]*tally{"all": {}, "same language": {}, "across languages": {}}
	for i, r := range rows {
		g := bg.Compare(ps[2*i], ps[2*i+1])
		score := g.Score()
		kind := "same language"
		if g.Cross {
			kind = "across languages"
		}
		same, joined := r.Overall <= 1.5, score >= 0.5
		for _, c := range []*tally{by["all"], by[kind]} {
			c.score, c.cos, c.gold = append(c.score, score), append(c.cos, g.Cosine), append(c.gold, -r.Overall)
			switch {
			case r.Overall > 1.5 && r.Overall < 3:
			case same && joined:
				c.tp++
			case joined:
				c.fp++
			case same:
				c.fn++
			}
		}
	}
	for _, k := range []string{"all", "same language", "across languages"} {
		c := by[k]
		p, rc := float64(c.tp)/float64(max(c.tp+c.fp, 1)), float64(c.tp)/float64(max(c.tp+c.fn, 1))
		f := 0.0
		if p+rc > 0 {
			f = 2 * p * rc / (p + rc)
		}
		t.Logf("%-16s %4d pairs: Pearson r %.3f (TF-IDF cosine alone %.3f); score ≥ 0.5 as same story: P %.3f R %.3f F1 %.3f",
			k, len(c.gold), pearson(c.score, c.gold), pearson(c.cos, c.gold), p, rc, f)
	}
	// Measured on this third: r 0.731 overall, 0.691 across languages
	// (0.710 and 0.671 with words cut to five letters instead of letter
	// grams and no length gap; 0.697 and 0.665 before the background and
	// boilerplate; the TF-IDF cosine alone: 0.64, 0.63). The whole sample
	// does better (0.764, 0.730): a third gives each text a thinner
	// background. The floors leave room for noise from changes elsewhere
	// but catch a broken signal.
	if r := pearson(by["all"].score, by["all"].gold); r < 0.68 {
		t.Errorf("Pearson r %.3f over all pairs, want at least 0.68", r)
	}
	if r := pearson(by["across languages"].score, by["across languages"].gold); r < 0.62 {
		t.Errorf("Pearson r %.3f across languages, want at least 0.62", r)
	}
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}
