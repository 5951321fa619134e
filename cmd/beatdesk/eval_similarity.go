package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"beatdesk/internal/analyze/cluster"
)

// Targets from issue 5 for same-story similarity on the SemEval sample.
const (
	targetSimPearson      = 0.75
	targetSimPearsonCross = 0.65
)

const evalSimilarityUsage = `usage: beatdesk eval similarity --data DIR [--limit N]

Scores the article pairs of the SemEval-2022 task 8 sample in DIR (the
folder holding pairs.dev.jsonl, e.g.
../shared/data/semeval2022-task8-hfl-sample) as ` + "`beatdesk similarity`" + ` does,
and prints Pearson r between the score and −Overall (the annotators' mean,
1 = very similar … 4 = very dissimilar) over all pairs, per language pair,
within one language and across two, the r of each signal alone (and of
the cosine's square root less its usual value against the other texts),
and pairs scored a second; the last line is one JSON object with the
figures.

`

// evalSimilarityResult is the last line of `beatdesk eval similarity`.
type evalSimilarityResult struct {
	// Null when undefined: no pairs of the kind, or constant scores.
	Pearson      *float64 `json:"pearson"`
	PearsonSame  *float64 `json:"pearson_same"`
	PearsonCross *float64 `json:"pearson_cross"`
	Pairs        int      `json:"pairs"`
	PairsCross   int      `json:"pairs_cross"`
	PairsPerS    float64  `json:"pairs_per_s"`
}

// semevalRow is what the evaluation reads of one line of pairs.dev.jsonl.
type semevalRow struct {
	PairID  string  `json:"pair_id"`
	Lang1   string  `json:"lang1"`
	Lang2   string  `json:"lang2"`
	Text1   string  `json:"text1"`
	Text2   string  `json:"text2"`
	Overall float64 `json:"Overall"`
}

// runEvalSimilarity runs `beatdesk eval similarity --data DIR [--limit N]`.
func runEvalSimilarity(args []string, stdout, stderr io.Writer) error {
	ef := newEvalFlags("similarity", evalSimilarityUsage,
		"the SemEval sample's folder (holding pairs.dev.jsonl)",
		"score at most this many pairs, spread evenly over the file (0: all)",
		"../shared/data/semeval2022-task8-hfl-sample", "pairs", stderr)
	if help, err := ef.parse(args); help || err != nil {
		return err
	}
	dir, limit := ef.dir, ef.limit

	rows, err := readSemeval(filepath.Join(*dir, "pairs.dev.jsonl"))
	if err != nil {
		return fmt.Errorf("eval similarity: %w", err)
	}
	if *limit > 0 && *limit < len(rows) {
		picked := make([]semevalRow, *limit)
		for i := range picked {
			picked[i] = rows[i*len(rows) / *limit]
		}
		rows = picked
	}
	pairs := make([]simPair, len(rows))
	for i, r := range rows {
		pairs[i] = simPair{ID: r.PairID, Text1: r.Text1, Text2: r.Text2, Lang1: r.Lang1, Lang2: r.Lang2}
	}
	start := time.Now()
	sigs := scoreSimPairs(pairs)
	elapsed := time.Since(start)

	// Group the pairs: all, within one language or across two, and per
	// language pair.
	groups := map[string][]int{}
	for i, r := range rows {
		kind := "same language"
		if sigs[i].Cross {
			kind = "across languages"
		}
		lp := r.Lang1 + "-" + r.Lang2
		groups["all"] = append(groups["all"], i)
		groups[kind] = append(groups[kind], i)
		groups[lp] = append(groups[lp], i)
	}
	pearsonOf := func(idx []int, x func(cluster.Signals) float64) float64 {
		xs, ys := make([]float64, len(idx)), make([]float64, len(idx))
		for j, i := range idx {
			xs[j], ys[j] = x(sigs[i]), -rows[i].Overall
		}
		return pearson(xs, ys)
	}
	score := cluster.Signals.Score

	p := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	p("SemEval-2022 task 8 sample, %s: %d pairs (limit %d)\n", *dir, len(rows), *limit)
	p("Pearson r of score with −Overall:\n")
	for _, k := range []string{"all", "same language", "across languages"} {
		p("  %-17s %4d pairs  r %.3f\n", k, len(groups[k]), pearsonOf(groups[k], score))
	}
	var langPairs []string
	for k := range groups {
		if k != "all" && k != "same language" && k != "across languages" {
			langPairs = append(langPairs, k)
		}
	}
	slices.SortFunc(langPairs, func(a, b string) int { return len(groups[b]) - len(groups[a]) })
	p("per language pair:\n")
	for _, k := range langPairs {
		p("  %-6s %4d pairs  r %.3f\n", k, len(groups[k]), pearsonOf(groups[k], score))
	}
	p("each signal alone (all / same language / across languages):\n")
	for _, s := range []struct {
		name string
		x    func(cluster.Signals) float64
	}{
		{"TF-IDF cosine", func(g cluster.Signals) float64 { return g.Cosine }},
		{"letter grams", func(g cluster.Signals) float64 { return g.Grams }},
		{"name prefixes", func(g cluster.Signals) float64 { return g.Names }},
		{"numbers", func(g cluster.Signals) float64 { return g.Numbers }},
		{"cosine-usual", func(g cluster.Signals) float64 {
			if g.Usual == nil {
				return math.Sqrt(g.Cosine)
			}
			return math.Sqrt(g.Cosine) - g.Usual.Cosine
		}},
	} {
		p("  %-14s r %.3f / %.3f / %.3f\n", s.name, pearsonOf(groups["all"], s.x),
			pearsonOf(groups["same language"], s.x), pearsonOf(groups["across languages"], s.x))
	}
	perS := float64(len(rows)) / max(elapsed.Seconds(), 1e-9)
	p("time: %.2f s, %.0f pairs a second (%d CPUs, IDF and background over all texts first)\n", elapsed.Seconds(), perS, runtime.GOMAXPROCS(0))
	res := evalSimilarityResult{
		Pearson:      defined(pearsonOf(groups["all"], score)),
		PearsonSame:  defined(pearsonOf(groups["same language"], score)),
		PearsonCross: defined(pearsonOf(groups["across languages"], score)),
		Pairs:        len(rows),
		PairsCross:   len(groups["across languages"]),
		PairsPerS:    roundTo(perS, 1),
	}
	p("targets: r >= %.2f %s, r across languages >= %.2f %s\n",
		targetSimPearson, metOrMissed(res.Pearson != nil && *res.Pearson >= targetSimPearson),
		targetSimPearsonCross, metOrMissed(res.PearsonCross != nil && *res.PearsonCross >= targetSimPearsonCross))

	line, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("eval similarity: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return fmt.Errorf("eval similarity: writing output: %w", err)
	}
	return nil
}

// readSemeval reads pairs.dev.jsonl.
func readSemeval(path string) ([]semevalRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w; --data names the folder holding pairs.dev.jsonl", err)
	}
	defer f.Close()
	var rows []semevalRow
	in := bufio.NewScanner(f)
	in.Buffer(nil, 16<<20)
	for n := 1; in.Scan(); n++ {
		var r semevalRow
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		if r.Text1 == "" || r.Text2 == "" || r.Overall < 1 || r.Overall > 4 {
			return nil, fmt.Errorf("%s line %d: want text1, text2 and Overall between 1 and 4", path, n)
		}
		rows = append(rows, r)
	}
	if err := in.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s holds no pairs", path)
	}
	return rows, nil
}

// defined returns x rounded to 4 digits, or nil when it is NaN.
func defined(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	x = roundTo(x, 4)
	return &x
}

// pearson returns Pearson's correlation of x and y, or NaN when either is
// constant.
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
