package extract

import (
	"os"
	"testing"
)

const evalDir = "../../../../shared/data/trafilatura-eval"

// evalSubset is the default test run: every fifth page of the set (198),
// to stay fast; BEATDESK_EVAL_FULL=1 runs all 990.
const evalSubset = 198

// TestTrafilaturaEval measures extraction on the trafilatura evaluation set
// and holds it to issue 4's targets: F1 at least 0.93 and publication day
// right on at least 85% of dated pages, on the full set. The default
// subset (measured F1 0.934, dates 0.897) is held to F1 0.925, since a
// fifth of the pages scores a little differently from the whole. Times
// are logged, not asserted: they depend on the machine and its load
// (BenchmarkExtract measures them).
func TestTrafilaturaEval(t *testing.T) {
	if _, err := os.Stat(evalDir); err != nil {
		t.Skipf("trafilatura evaluation set not available (%v); it lives in shared/data/trafilatura-eval", err)
	}
	limit, set, minF1 := evalSubset, "subset (every 5th page)", 0.925
	if os.Getenv("BEATDESK_EVAL_FULL") == "1" {
		limit, set, minF1 = 0, "full set", 0.93
	}
	const minDateAccuracy = 0.85
	r, err := Evaluate(evalDir, limit, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trafilatura-eval %s: %d pages, precision %.3f recall %.3f accuracy %.3f F1 %.3f; errors %d, partial %d; publish day right on %d/%d dated pages (%.3f); time per page mean %v p50 %v p95 %v p99 %v max %v",
		set, r.Pages, r.Precision, r.Recall, r.Accuracy, r.F1, r.Errors, r.Partial, r.DatesRight, r.Dated, r.DateAccuracy,
		r.Mean, r.P50, r.P95, r.P99, r.Max)
	if r.F1 < minF1 {
		t.Errorf("F1 %.4f below %.3f", r.F1, minF1)
	}
	if r.DateAccuracy < minDateAccuracy {
		t.Errorf("date accuracy %.4f below %.2f", r.DateAccuracy, minDateAccuracy)
	}
	if r.Pages != limit && limit != 0 {
		t.Errorf("ran %d pages, want %d", r.Pages, limit)
	}
}
