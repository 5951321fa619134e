package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"beatdesk/internal/ingest/extract"
)

// Targets from issue 4 for extraction on the trafilatura evaluation set.
const (
	targetExtractF1        = 0.93
	targetExtractDateAcc   = 0.85
	targetExtractMSPerPage = 15.0
)

const evalExtractUsage = `usage: beatdesk eval extract --data DIR [--limit N]

Runs the article extractor over the trafilatura evaluation set in DIR (the
folder holding evaldata.json, e.g. ../shared/data/trafilatura-eval) and prints
precision, recall, F1 and date accuracy as the set's README defines them; the
last line is one JSON object with the figures.

`

// evalExtractResult is the last line of `beatdesk eval extract`.
type evalExtractResult struct {
	Precision    float64 `json:"precision"`
	Recall       float64 `json:"recall"`
	F1           float64 `json:"f1"`
	DateAccuracy float64 `json:"date_accuracy"`
	Pages        int     `json:"pages"`
	MSPerPage    float64 `json:"ms_per_page"`
}

// runEvalExtract runs `beatdesk eval extract --data DIR [--limit N]`. The
// scoring is extract.Evaluate's, the same code the package's test uses.
func runEvalExtract(args []string, stdout, stderr io.Writer) error {
	ef := newEvalFlags("extract", evalExtractUsage,
		"the trafilatura evaluation set's folder (holding evaldata.json)",
		"run only this many pages, spread evenly over the set (0: all)",
		"../shared/data/trafilatura-eval", "pages", stderr)
	if help, err := ef.parse(args); help || err != nil {
		return err
	}
	dir, limit := ef.dir, ef.limit

	r, err := extract.Evaluate(*dir, *limit, stderr)
	if err != nil {
		return fmt.Errorf("eval extract: %w", err)
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	fmt.Fprintf(stdout, "trafilatura evaluation set, %s: %d pages, %d errors, %d partial\n", *dir, r.Pages, r.Errors, r.Partial)
	fmt.Fprintf(stdout, "segments: %d true positive, %d false negative, %d false positive, %d true negative\n", r.TP, r.FN, r.FP, r.TN)
	fmt.Fprintf(stdout, "precision %.4f  recall %.4f  F1 %.4f  (accuracy %.4f)\n", r.Precision, r.Recall, r.F1, r.Accuracy)
	fmt.Fprintf(stdout, "date accuracy %.4f: the extracted day (YYYY-MM-DD, in the page's own time zone) is the gold date on %d of %d dated pages; no date counts as wrong\n",
		r.DateAccuracy, r.DatesRight, r.Dated)
	fmt.Fprintf(stdout, "time per page in Extract: mean %.1f ms, p50 %.1f, p95 %.1f, p99 %.1f, max %.1f\n",
		ms(r.Mean), ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max))
	fmt.Fprintf(stdout, "targets: F1 >= %.2f %s, date accuracy >= %.2f %s, <= %.0f ms/page %s\n",
		targetExtractF1, metOrMissed(r.F1 >= targetExtractF1), targetExtractDateAcc, metOrMissed(r.DateAccuracy >= targetExtractDateAcc),
		targetExtractMSPerPage, metOrMissed(ms(r.Mean) <= targetExtractMSPerPage))

	line, err := json.Marshal(evalExtractResult{
		Precision: roundTo(r.Precision, 4), Recall: roundTo(r.Recall, 4), F1: roundTo(r.F1, 4),
		DateAccuracy: roundTo(r.DateAccuracy, 4), Pages: r.Pages, MSPerPage: roundTo(ms(r.Mean), 2),
	})
	if err != nil {
		return fmt.Errorf("eval extract: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return fmt.Errorf("eval extract: writing output: %w", err)
	}
	return nil
}

func metOrMissed(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func roundTo(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
