package extract

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
)

// This file scores Extract on the trafilatura evaluation set
// (shared/data/trafilatura-eval: 990 multilingual pages with hand-picked
// text segments that must and must not appear in the main text). The test
// and `beatdesk eval extract` both call Evaluate, so they cannot disagree.
//
// The metric is the set's README's (upstream tests/eval_common.py): output
// and segments are white-space normalised; a "with" segment found in the
// output is a true positive, missing a false negative; a "without" segment
// found is a false positive, absent a true negative; an error or empty
// output makes every "with" a false negative and every "without" a true
// negative. Counts are summed over all pages before the ratios are taken.
//
// Date accuracy is the README's exact YYYY-MM-DD match: the share of pages
// with a gold date whose extracted publication day, in the page's own time
// zone (Result.PublishedDay), is that day. A page with no date found, or an
// error, counts as wrong.

// A Report is the outcome of one evaluation run.
type Report struct {
	Pages   int // pages run
	Errors  int // pages where Extract returned an error
	Partial int // pages marked Partial

	TP, FN, FP, TN int // segment counts summed over all pages

	Precision, Recall, F1, Accuracy float64

	Dated        int     // pages with a gold date
	DatesRight   int     // of those, pages whose extracted day matches
	DateAccuracy float64 // DatesRight / Dated

	// Time spent in Extract per page (reading and unzipping excluded).
	Mean, P50, P95, P99, Max time.Duration

	PerPage []PageScore // in the order run
}

// PageScore is one page's part of a Report, kept so that the worst pages
// can be looked at.
type PageScore struct {
	URL            string
	TP, FN, FP, TN int
	WantDate       string // gold day, "" if none
	GotDate        string // extracted day, "" if none
	Took           time.Duration
	Err            error
}

// evalEntry is one page of evaldata.json; the other fields are not used.
type evalEntry struct {
	Path    string   `json:"path"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	Date    string   `json:"date"`
}

// Evaluate runs Extract over the evaluation set in dir and scores it.
// limit > 0 runs that many pages spread evenly over the set (sorted by
// URL), so a short run still samples every kind of page; limit <= 0 runs
// them all. When progress is not nil, a dot is written to it every 50
// pages. It returns an error when the set cannot be read; pages the
// extractor fails on are counted, not returned.
func Evaluate(dir string, limit int, progress io.Writer) (Report, error) {
	const op = "extract.Evaluate"
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w (give the trafilatura-eval folder, the one holding evaldata.json)", op, err)
	}
	var data map[string]evalEntry
	if err := json.Unmarshal(raw, &data); err != nil {
		return Report{}, fmt.Errorf("%s: %s/evaldata.json is not the evaluation set's JSON: %w", op, dir, err)
	}
	if len(data) == 0 {
		return Report{}, fmt.Errorf("%s: %s/evaldata.json lists no pages", op, dir)
	}
	urls := make([]string, 0, len(data))
	for u := range data {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	if limit > 0 && limit < len(urls) {
		picked := make([]string, limit)
		for i := range picked {
			picked[i] = urls[i*len(urls)/limit]
		}
		urls = picked
	}

	// All pages are read before any is timed, as BenchmarkExtract does:
	// the set then sits in memory much as a running newsroom's caches and
	// language models do. With a near-empty heap instead, the collector
	// runs every few megabytes and adds a third to the time measured.
	pages := make([][]byte, len(urls))
	for i, u := range urls {
		if pages[i], err = readGzip(filepath.Join(dir, data[u].Path)); err != nil {
			return Report{}, fmt.Errorf("%s: page %s: %w", op, u, err)
		}
	}

	var r Report
	times := make([]time.Duration, 0, len(urls))
	for i, u := range urls {
		e := data[u]
		start := time.Now()
		res, err := Extract(pages[i], u)
		took := time.Since(start)
		times = append(times, took)

		ps := PageScore{URL: u, Took: took, Err: err, WantDate: goldDay(e.Date)}
		text := ""
		if err != nil {
			r.Errors++
		} else {
			text = res.Text
			ps.GotDate = res.PublishedDay
			if res.Partial {
				r.Partial++
			}
		}
		ps.TP, ps.FN, ps.FP, ps.TN = scoreSegments(e, text)
		r.TP, r.FN, r.FP, r.TN = r.TP+ps.TP, r.FN+ps.FN, r.FP+ps.FP, r.TN+ps.TN
		if ps.WantDate != "" {
			r.Dated++
			if ps.GotDate == ps.WantDate {
				r.DatesRight++
			}
		}
		r.PerPage = append(r.PerPage, ps)
		if progress != nil && (i+1)%50 == 0 {
			fmt.Fprint(progress, ".")
		}
	}
	if progress != nil && len(urls) >= 50 {
		fmt.Fprintln(progress)
	}

	r.Pages = len(urls)
	r.Precision = ratio(r.TP, r.TP+r.FP)
	r.Recall = ratio(r.TP, r.TP+r.FN)
	r.F1 = ratio(2*r.TP, 2*r.TP+r.FP+r.FN)
	r.Accuracy = ratio(r.TP+r.TN, r.TP+r.TN+r.FP+r.FN)
	r.DateAccuracy = ratio(r.DatesRight, r.Dated)

	slices.Sort(times)
	var sum time.Duration
	for _, d := range times {
		sum += d
	}
	r.Mean = sum / time.Duration(len(times))
	r.P50, r.P95, r.P99 = percentile(times, 50), percentile(times, 95), percentile(times, 99)
	r.Max = times[len(times)-1]
	return r, nil
}

// normaliseSpace turns each run of white space into one space and trims
// the ends, as Python's re.sub(r"\s+", " ", s).strip() does on text: that
// counts Unicode spaces (no-break space among them) and the separator
// controls U+001C to U+001F as white space, where Go's \s is ASCII only.
func normaliseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isPySpace), " ")
}

func isPySpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// scoreSegments applies the metric to one page's output.
func scoreSegments(e evalEntry, output string) (tp, fn, fp, tn int) {
	out := normaliseSpace(output)
	for _, s := range e.With {
		if out != "" && strings.Contains(out, normaliseSpace(s)) {
			tp++
		} else {
			fn++
		}
	}
	for _, s := range e.Without {
		if out != "" && strings.Contains(out, normaliseSpace(s)) {
			fp++
		} else {
			tn++
		}
	}
	return tp, fn, fp, tn
}

// goldDay returns the gold date as the set's README scores it: an exact
// YYYY-MM-DD match. A few gold dates carry typos ("2022-11-1",
// "2022-29-11"); no extracted date can equal them, so those pages count as
// misses, as the README's exact match has it.
func goldDay(s string) string {
	return strings.TrimSpace(s)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// percentile returns the p-th percentile of sorted durations (nearest
// rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}
