package text

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The clusterer reads every article through Document, so its speed on
// real news is what these benchmarks measure: ECB+ articles (a title line
// and a body) and UCI headlines (a title alone).

const dataDir = "../../../../shared/data/"

// ecbArticles returns the ECB+ texts as title and body, as the clusterer
// reads them, or skips tb when the data set is absent.
func ecbArticles(tb testing.TB) [][2]string {
	tb.Helper()
	f, err := os.Open(dataDir + "ecbplus-events/ecbplus.dev.jsonl")
	if err != nil {
		tb.Skipf("ECB+ data set absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var a struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		title, body, _ := strings.Cut(a.Text, "\n")
		out = append(out, [2]string{title, body})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// uciHeadlines returns the first n UCI headlines, or skips tb when the
// data set is absent.
func uciHeadlines(tb testing.TB, n int) []string {
	tb.Helper()
	f, err := os.Open(dataDir + "uci-news-aggregator/newsCorpora.dev.tsv.gz")
	if err != nil {
		tb.Skipf("UCI data set absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(z)
	for sc.Scan() && len(out) < n {
		if fields := strings.Split(sc.Text(), "\t"); len(fields) > 1 {
			out = append(out, fields[1])
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkDocumentECB reads all 772 ECB+ articles per iteration.
func BenchmarkDocumentECB(b *testing.B) {
	arts := ecbArticles(b)
	size := 0
	for _, a := range arts {
		size += len(a[0]) + len(a[1])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cpu := startCPU(b)
	for b.Loop() {
		for _, a := range arts {
			Document(a[0], a[1], "en")
		}
	}
	cpu.report(b, len(arts))
}

// BenchmarkDocumentUCI reads 5,000 UCI headlines per iteration.
func BenchmarkDocumentUCI(b *testing.B) {
	heads := uciHeadlines(b, 5000)
	size := 0
	for _, h := range heads {
		size += len(h)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cpu := startCPU(b)
	for b.Loop() {
		for _, h := range heads {
			Document(h, "", "en")
		}
	}
	cpu.report(b, len(heads))
}

// The machine is shared, so wall time per operation says more about the
// neighbours than about the code. cpuClock measures the CPU time of the
// benchmark's own thread, as eval cluster does (garbage collection in
// other threads is not counted), and reports it per document.
type cpuClock struct{ start time.Duration }

func startCPU(b *testing.B) *cpuClock {
	runtime.LockOSThread()
	b.Cleanup(runtime.UnlockOSThread)
	return &cpuClock{start: threadCPU(b)}
}

func (c *cpuClock) report(b *testing.B, docs int) {
	b.ReportMetric(float64(threadCPU(b)-c.start)/float64(b.N*docs), "cpu-ns/doc")
}

// BenchmarkDocumentCountsECB reads all 772 ECB+ articles per iteration as
// the clusterer does: counted.
func BenchmarkDocumentCountsECB(b *testing.B) {
	arts := ecbArticles(b)
	b.ReportAllocs()
	cpu := startCPU(b)
	var counts []TermCount
	for b.Loop() {
		for _, a := range arts {
			counts, _ = DocumentCounts(counts, a[0], a[1], "en")
		}
	}
	cpu.report(b, len(arts))
}
