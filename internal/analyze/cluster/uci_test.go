package cluster

import (
	"testing"
)

// loadUCIDays reads the first days days of the UCI News Aggregator dev
// file as LoadUCI does, each day shuffled.
func loadUCIDays(t testing.TB, days int) []UCIDay {
	t.Helper()
	d, err := LoadUCI(uciDir, days)
	if err != nil {
		t.Skipf("UCI News Aggregator not readable (%v); see /work/shared/data/README.md", err)
	}
	return d
}

// TestUCIFirstDays scores the first three days of UCI headlines: well
// above one cluster per category (BCubed F1 0.200), with precision kept.
// `beatdesk eval cluster` runs all 63 days.
func TestUCIFirstDays(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds; skipped with -short")
	}
	e := EvaluateUCI(loadUCIDays(t, 3))
	m := e.Mean
	t.Logf("UCI first 3 days, %d headlines: %d clusters a day (gold %d); pairwise P %.3f R %.3f F1 %.3f; BCubed P %.3f R %.3f F1 %.3f; %.0f docs/s",
		e.Docs, m.Clusters, m.GoldClusters, m.PairP, m.PairR, m.PairF, m.BCubedP, m.BCubedR, m.BCubedF, e.DocsPerSecond())
	if m.BCubedF < 0.6 || m.BCubedP < 0.8 {
		t.Errorf("BCubed F1 %.3f, P %.3f; floors 0.6 and 0.8", m.BCubedF, m.BCubedP)
	}
}

// BenchmarkClustererUCI clusters the first ten days of UCI headlines
// (about 35,000) as the pipeline does, and reports documents a second.
func BenchmarkClustererUCI(b *testing.B) {
	days := loadUCIDays(b, 10)
	for b.Loop() {
		e := EvaluateUCI(days)
		b.ReportMetric(e.DocsPerSecond(), "docs/s")
	}
}
