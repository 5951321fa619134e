package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"beatdesk/internal/analyze/cluster"
)

// Targets from issue 5 for story clustering.
const (
	targetClusterECBF1   = 0.92
	targetClusterUCIF1   = 0.85
	targetClusterDocsSec = 5000.0
)

const evalClusterUsage = `usage: beatdesk eval cluster --data DIR [--limit N] [--reference]

Runs the story clusterer (the pipeline's, in memory) over a clustering set
and prints pairwise and BCubed precision, recall and F1, the predicted and
gold cluster counts and documents a second on one core; the last line is
one JSON object with the figures. DIR is one of

  ../shared/data/ecbplus-events        772 articles, 66 events; clustered in
                                       3 shuffled arrival orders, mean shown
  ../shared/data/uci-news-aggregator   266,865 headlines, day by day, each
                                       day shuffled with a fixed seed; scored
                                       per day, macro-averaged

--limit N takes the first N articles of each ECB+ order, or the first N
days of UCI. --reference also runs the reference system: average-link
clustering of the same document vectors, all ECB+ articles (whatever
--limit) or a UCI day's headlines at once, cut where it scores best on
this set (see cluster.Reference); its figures come before the last line
and in it.

`

// evalClusterResult is the last line of `beatdesk eval cluster`.
type evalClusterResult struct {
	Set          string  `json:"set"`
	Docs         int     `json:"docs"`
	PairP        float64 `json:"pairwise_precision"`
	PairR        float64 `json:"pairwise_recall"`
	PairF1       float64 `json:"pairwise_f1"`
	BCubedP      float64 `json:"bcubed_precision"`
	BCubedR      float64 `json:"bcubed_recall"`
	BCubedF1     float64 `json:"bcubed_f1"`
	Clusters     int     `json:"clusters"`
	GoldClusters int     `json:"gold_clusters"`
	DocsPerSec   float64 `json:"docs_per_sec"`
	// With --reference: the reference system's BCubed figures and the
	// similarity it was cut at.
	RefBCubedP  float64 `json:"reference_bcubed_precision,omitempty"`
	RefBCubedR  float64 `json:"reference_bcubed_recall,omitempty"`
	RefBCubedF1 float64 `json:"reference_bcubed_f1,omitempty"`
	RefCut      float64 `json:"reference_cut,omitempty"`
}

// runEvalCluster runs `beatdesk eval cluster --data DIR [--limit N]`. The
// clustering and scoring are cluster.EvaluateECB's and EvaluateUCI's, the
// code the package's tests use, and the Clusterer takes the steps the
// pipeline takes.
func runEvalCluster(args []string, stdout, stderr io.Writer) error {
	ef := newEvalFlags("cluster", evalClusterUsage,
		"the clustering set's folder: ../shared/data/ecbplus-events or ../shared/data/uci-news-aggregator",
		"ECB+: the first N articles of each arrival order; UCI: the first N days (0: all)",
		"../shared/data/ecbplus-events", "articles (ECB+) or days (UCI)", stderr)
	reference := ef.fs.Bool("reference", false, "also run the reference system (offline average-link, cut tuned on the set)")
	if help, err := ef.parse(args); help || err != nil {
		return err
	}
	dir, limit := ef.dir, ef.limit

	// One core: the Clusterer runs in one goroutine, timed by its thread's
	// CPU time (cluster.Evaluation.Elapsed), so other processes on the
	// machine do not count; with GOMAXPROCS 1 the garbage collector works
	// on the same thread, so its work counts.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	var (
		e    cluster.Evaluation
		ref  func() cluster.Reference
		refs string // what the reference clusters at once
		set  string
		unit string
	)
	switch {
	case exists(filepath.Join(*dir, "ecbplus.dev.jsonl")):
		arts, err := cluster.LoadECB(*dir)
		if err != nil {
			return fmt.Errorf("eval cluster: %w", err)
		}
		set, unit = "ecbplus-events", "arrival order"
		e = cluster.EvaluateECB(arts, cluster.ECBOrders, *limit)
		ref, refs = func() cluster.Reference { return cluster.ReferenceECB(arts) }, "all articles"
		fmt.Fprintf(stdout, "ECB+ events, %s: %d articles, %d shuffled arrival orders (one article a minute, no dates), limit %d\n",
			*dir, len(arts), cluster.ECBOrders, *limit)
	case exists(filepath.Join(*dir, "newsCorpora.dev.tsv.gz")):
		days, err := cluster.LoadUCI(*dir, *limit)
		if err != nil {
			return fmt.Errorf("eval cluster: %w", err)
		}
		set, unit = "uci-news-aggregator", "day"
		e = cluster.EvaluateUCI(days)
		ref, refs = func() cluster.Reference { return cluster.ReferenceUCI(days) }, "each day's headlines"
		fmt.Fprintf(stdout, "UCI News Aggregator, %s: %d days from %s, headlines and their addresses only, each day shuffled (seed %d), scored per day\n",
			*dir, len(days), days[0].Day.Format("2006-01-02"), cluster.UCISeed)
	default:
		return fmt.Errorf("eval cluster: %s holds neither ecbplus.dev.jsonl nor newsCorpora.dev.tsv.gz; give ../shared/data/ecbplus-events or ../shared/data/uci-news-aggregator", *dir)
	}

	p := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	if len(e.Runs) <= 10 {
		for i, s := range e.Runs {
			p("  %s %d: %d docs, %d clusters (gold %d); pairwise P %.3f R %.3f F1 %.3f; BCubed P %.3f R %.3f F1 %.3f\n",
				unit, i+1, s.Docs, s.Clusters, s.GoldClusters, s.PairP, s.PairR, s.PairF, s.BCubedP, s.BCubedR, s.BCubedF)
		}
	}
	m := e.Mean
	p("mean over %d %ss (%d docs): clusters %d (gold %d)\n", len(e.Runs), unit, e.Docs, m.Clusters, m.GoldClusters)
	p("pairwise P %.4f  R %.4f  F1 %.4f\n", m.PairP, m.PairR, m.PairF)
	p("BCubed   P %.4f  R %.4f  F1 %.4f\n", m.BCubedP, m.BCubedR, m.BCubedF)
	p("speed: %.0f docs/s on one core (CPU time of the clustering goroutine's thread, GOMAXPROCS 1; reading and scoring not counted)\n", e.DocsPerSecond())
	target := targetClusterUCIF1
	if set == "ecbplus-events" {
		target = targetClusterECBF1
	}
	p("targets: BCubed F1 >= %.2f %s, >= %.0f docs/s %s\n", target, metOrMissed(m.BCubedF >= target),
		targetClusterDocsSec, metOrMissed(e.DocsPerSecond() >= targetClusterDocsSec))

	result := evalClusterResult{
		Set: set, Docs: e.Docs,
		PairP: roundTo(m.PairP, 4), PairR: roundTo(m.PairR, 4), PairF1: roundTo(m.PairF, 4),
		BCubedP: roundTo(m.BCubedP, 4), BCubedR: roundTo(m.BCubedR, 4), BCubedF1: roundTo(m.BCubedF, 4),
		Clusters: m.Clusters, GoldClusters: m.GoldClusters, DocsPerSec: roundTo(e.DocsPerSecond(), 0),
	}
	if *reference {
		r := ref()
		rm := r.Mean
		p("reference (average link of the same vectors, %s at once, cut at similarity %.2f, the best on this set): clusters %d; BCubed P %.4f  R %.4f  F1 %.4f\n",
			refs, r.Cut, rm.Clusters, rm.BCubedP, rm.BCubedR, rm.BCubedF)
		result.RefBCubedP, result.RefBCubedR, result.RefBCubedF1 = roundTo(rm.BCubedP, 4), roundTo(rm.BCubedR, 4), roundTo(rm.BCubedF, 4)
		result.RefCut = r.Cut
	}
	line, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("eval cluster: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return fmt.Errorf("eval cluster: writing output: %w", err)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
