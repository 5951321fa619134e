package cluster

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestSemEvalPairs is a secondary check of the same-story decision, across
// languages: SemEval-2022 task 8 article pairs (heads and tails of
// articles, in ten languages and across them) with annotators' similarity,
// 1 = very similar … 4 = very dissimilar. Each pair is scored as one
// article against a story made of the other. Following the data's README:
// Overall ≤ 1.5 is the same story, ≥ 3 a different one, in between left
// out; Pearson r is against −Overall over all rows.
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
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, r)
	}
	// Tokenise each text once: IDF comes from all of them, vectors after.
	ix := NewIndex()
	tms := make([][2]docTerms, len(rows))
	for i, r := range rows {
		tms[i] = [2]docTerms{terms(Doc{Text: r.Text1, Lang: r.Lang1}), terms(Doc{Text: r.Text2, Lang: r.Lang2})}
		ix.observe(tms[i][0])
		ix.observe(tms[i][1])
	}
	type tally struct{ tp, fp, fn int }
	by := map[string]*tally{"same language": {}, "across languages": {}}
	var xs, ys []float64
	for i, r := range rows {
		s := similarity(ix.vector(tms[i][0]), ix.vector(tms[i][1]), crossLanguage(r.Lang1, []string{r.Lang2}))
		xs, ys = append(xs, s), append(ys, -r.Overall)
		k := "same language"
		if r.Lang1 != r.Lang2 {
			k = "across languages"
		}
		same, joined := r.Overall <= 1.5, s >= Threshold
		switch {
		case r.Overall > 1.5 && r.Overall < 3:
		case same && joined:
			by[k].tp++
		case joined:
			by[k].fp++
		case same:
			by[k].fn++
		}
	}
	r := pearson(xs, ys)
	t.Logf("%d pairs: Pearson r %.3f", len(rows), r)
	for k, c := range by {
		p, rc := float64(c.tp)/float64(max(c.tp+c.fp, 1)), float64(c.tp)/float64(max(c.tp+c.fn, 1))
		t.Logf("%-16s same story (Overall ≤ 1.5) vs different (≥ 3): P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", k, p, rc, f1(p, rc), c.tp, c.fp, c.fn)
	}
	if r < 0.3 {
		t.Errorf("Pearson r %.3f, want at least 0.3", r)
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
