package feed

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const realFeedsDir = "../../../../shared/data/real-feeds-fastfeedparser"

// smallFeed is the size the speed target is set for: feed parse p95 <= 2 ms
// for documents up to 100 KB.
const smallFeed = 100_000

type realFeed struct {
	URL, Format string
	Body        []byte
}

// loadRealFeeds reads the 200 real feeds of the fastfeedparser benchmark
// corpus, or skips the test when the corpus is not there.
func loadRealFeeds(tb testing.TB) []realFeed {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(realFeedsDir, "index.json"))
	if err != nil {
		tb.Skipf("real feed corpus not available (%v); it lives in shared/data/real-feeds-fastfeedparser", err)
	}
	var index []struct{ File, URL, Format string }
	if err := json.Unmarshal(raw, &index); err != nil {
		tb.Fatal(err)
	}
	feeds := make([]realFeed, 0, len(index))
	for _, f := range index {
		body, err := readGz(filepath.Join(realFeedsDir, f.File))
		if err != nil {
			tb.Fatal(err)
		}
		feeds = append(feeds, realFeed{f.URL, f.Format, body})
	}
	return feeds
}

// TestRealFeeds parses the 200 real feeds and asserts the parse rate. Times
// are logged, not asserted (the machine is shared); BenchmarkParseRealFeeds
// measures them properly.
func TestRealFeeds(t *testing.T) {
	feeds := loadRealFeeds(t)
	ok, entries := 0, 0
	for _, f := range feeds {
		feed, err := Parse(f.Body, f.URL)
		switch {
		case err != nil:
			t.Logf("failed: %s (%s): %v", f.URL, f.Format, err)
		case len(feed.Entries) == 0:
			t.Logf("failed: %s (%s): no entries", f.URL, f.Format)
		default:
			ok++
			entries += len(feed.Entries)
		}
	}
	t.Logf("parsed %d/%d feeds with entries (%d entries)", ok, len(feeds), entries)
	if ok < 198 {
		t.Errorf("parsed %d/%d feeds with entries, want >= 198", ok, len(feeds))
	}
}

// BenchmarkParseRealFeeds parses every real feed once per iteration and
// keeps, for each feed, its fastest parse over the iterations (best of N:
// on a shared 2-core machine the slower runs measure the neighbours, not
// the parser). It reports the p50 and p95 of those times for feeds up to
// 100 KB (the target is p95 <= 2 ms) and for all feeds, and how many
// feeds (and what share) parsed with at least one entry.
//
//	go test -run '^$' -bench ParseRealFeeds -benchtime 10x ./internal/ingest/feed
func BenchmarkParseRealFeeds(b *testing.B) {
	feeds := loadRealFeeds(b)
	best := make([]time.Duration, len(feeds))
	ok := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ok = 0
		for k, f := range feeds {
			start := time.Now()
			feed, err := Parse(f.Body, f.URL)
			d := time.Since(start)
			if i == 0 || d < best[k] {
				best[k] = d
			}
			if err == nil && len(feed.Entries) > 0 {
				ok++
			}
		}
	}
	b.StopTimer()
	var small []time.Duration
	for k, f := range feeds {
		if len(f.Body) <= smallFeed {
			small = append(small, best[k])
		}
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(pct(small, 50)), "p50-ms-le100KB")
	b.ReportMetric(ms(pct(small, 95)), "p95-ms-le100KB")
	b.ReportMetric(ms(pct(best, 50)), "p50-ms-all")
	b.ReportMetric(ms(pct(best, 95)), "p95-ms-all")
	b.ReportMetric(float64(ok), "feeds-parsed")
	b.ReportMetric(float64(ok)/float64(len(feeds)), "parsed-share")
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// pct returns the p-th percentile of ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[i]
}
