package lang

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// This file scores a detector on lingua's own test data
// (shared/data/lingua-language-testdata: for each of 75 languages, files of
// sentences, word pairs and single words, one item a line, gold label the
// file name). The test and `beatdesk eval lang` both call Evaluate, so they
// cannot disagree.
//
// The metric is lingua's: per language and category, the share of items
// whose detected language is the gold one (an empty answer counts as
// wrong); per category, the plain mean of those shares over the languages.

// Categories are the three kinds of item, in the order reported; each is a
// folder of the data set.
var Categories = []string{"sentences", "word-pairs", "single-words"}

// An Evaluation is the outcome of one run of Evaluate.
type Evaluation struct {
	Languages []string // gold codes found, sorted
	Items     int      // items detected in all
	Elapsed   time.Duration

	// Right and Total count items per category and gold language.
	Right, Total map[string]map[string]int
	// Confused counts wrong answers per category, keyed "gold→answer"
	// (answer "" when the detector gave none).
	Confused map[string]map[string]int
}

// Accuracy returns the share of lang's items in category cat detected right.
func (e *Evaluation) Accuracy(cat, lang string) float64 {
	if e.Total[cat][lang] == 0 {
		return 0
	}
	return float64(e.Right[cat][lang]) / float64(e.Total[cat][lang])
}

// Mean returns the accuracy of category cat averaged over the languages
// that have items in it.
func (e *Evaluation) Mean(cat string) float64 {
	sum, n := 0.0, 0
	for _, l := range e.Languages {
		if e.Total[cat][l] > 0 {
			sum += e.Accuracy(cat, l)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// A Confusion is one kind of mistake and how often it was made.
type Confusion struct {
	Gold, Answer string
	Count        int
}

// TopConfusions returns category cat's n most frequent mistakes, most
// frequent first.
func (e *Evaluation) TopConfusions(cat string, n int) []Confusion {
	var cs []Confusion
	for k, c := range e.Confused[cat] {
		gold, answer, _ := strings.Cut(k, "→")
		cs = append(cs, Confusion{gold, answer, c})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		return cs[i].Gold+cs[i].Answer < cs[j].Gold+cs[j].Answer
	})
	return cs[:min(n, len(cs))]
}

// EvalOptions says which items Evaluate takes and in what order.
type EvalOptions struct {
	// Limit > 0 takes at most that many items from each file, spread
	// evenly over it; Limit <= 0 takes all.
	Limit int
	// Shuffle detects the items of all files and categories in a random
	// order (fixed by Seed) instead of file by file, the way languages
	// arrive in production. A detector that caches per-language models
	// is much slower, and may need more memory, on mixed input.
	Shuffle bool
	Seed    uint64
	// Categories limits the run to these of Categories; nil runs all.
	Categories []string
}

// Evaluate runs detect over the test data in dir (the folder holding
// sentences/, word-pairs/ and single-words/). Only the time spent in detect
// counts towards Elapsed.
func Evaluate(dir string, opts EvalOptions, detect func(text string) string) (*Evaluation, error) {
	e := &Evaluation{
		Right:    map[string]map[string]int{},
		Total:    map[string]map[string]int{},
		Confused: map[string]map[string]int{},
	}
	type item struct{ cat, gold, text string }
	var items []item
	seen := map[string]bool{}
	cats := opts.Categories
	if cats == nil {
		cats = Categories
	}
	for _, cat := range cats {
		files, err := filepath.Glob(filepath.Join(dir, cat, "*.txt.gz"))
		if err != nil || len(files) == 0 {
			return nil, fmt.Errorf("evaluate: no %s/*.txt.gz under %s; point it at the lingua-language-testdata folder", cat, dir)
		}
		e.Right[cat], e.Total[cat], e.Confused[cat] = map[string]int{}, map[string]int{}, map[string]int{}
		for _, f := range files {
			gold := strings.TrimSuffix(filepath.Base(f), ".txt.gz")
			seen[gold] = true
			lines, err := readItems(f, opts.Limit)
			if err != nil {
				return nil, fmt.Errorf("evaluate: %w", err)
			}
			for _, l := range lines {
				items = append(items, item{cat, gold, l})
			}
		}
	}
	if opts.Shuffle {
		r := rand.New(rand.NewPCG(opts.Seed, opts.Seed))
		r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	}
	for _, it := range items {
		start := time.Now()
		got := detect(it.text)
		e.Elapsed += time.Since(start)
		e.Items++
		e.Total[it.cat][it.gold]++
		if got == it.gold {
			e.Right[it.cat][it.gold]++
		} else {
			e.Confused[it.cat][it.gold+"→"+got]++
		}
	}
	for l := range seen {
		e.Languages = append(e.Languages, l)
	}
	slices.Sort(e.Languages)
	return e, nil
}

// readItems returns the non-blank lines of a gzipped file, or limit of
// them spread evenly when limit > 0.
func readItems(path string, limit int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var lines []string
	sc := bufio.NewScanner(gz)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			lines = append(lines, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if limit <= 0 || limit >= len(lines) {
		return lines, nil
	}
	picked := make([]string, limit)
	for i := range picked {
		picked[i] = lines[i*len(lines)/limit]
	}
	return picked, nil
}
