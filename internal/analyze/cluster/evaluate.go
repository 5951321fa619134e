package cluster

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file measures the Clusterer on the two story-clustering sets in
// ../shared/data (each folder's README defines its format and protocol,
// and the parent README the metrics). `beatdesk eval cluster` and the
// package's tests both call it.

// Scores compares a predicted clustering with the gold one, pairwise and
// BCubed.
type Scores struct {
	Docs, Clusters, GoldClusters int
	PairP, PairR, PairF          float64
	BCubedP, BCubedR, BCubedF    float64
}

// Score compares predicted story ids with gold cluster names, document by
// document. Pairwise: over all pairs of documents, precision and recall of
// the pairs put in one cluster. BCubed: for each document d, the share of
// d's predicted cluster in its gold cluster (precision) and of its gold
// cluster in its predicted one (recall), averaged over documents; d counts
// itself.
func Score(pred []int64, gold []string) Scores {
	predSize := map[int64]int{}
	goldSize := map[string]int{}
	type cell struct {
		pred int64
		gold string
	}
	both := map[cell]int{}
	for i := range pred {
		predSize[pred[i]]++
		goldSize[gold[i]]++
		both[cell{pred[i], gold[i]}]++
	}
	s := Scores{Docs: len(pred), Clusters: len(predSize), GoldClusters: len(goldSize)}
	if len(pred) == 0 {
		return s
	}
	n := float64(len(pred))
	for i := range pred {
		inter := float64(both[cell{pred[i], gold[i]}])
		s.BCubedP += inter / float64(predSize[pred[i]]) / n
		s.BCubedR += inter / float64(goldSize[gold[i]]) / n
	}
	s.BCubedF = f1(s.BCubedP, s.BCubedR)
	pairs := func(c int) float64 { return float64(c) * float64(c-1) / 2 }
	var tp, predPairs, goldPairs float64
	for _, c := range both {
		tp += pairs(c)
	}
	for _, c := range predSize {
		predPairs += pairs(c)
	}
	for _, c := range goldSize {
		goldPairs += pairs(c)
	}
	// No pairs predicted: nothing wrong was claimed (precision 1); no gold
	// pairs: nothing was missed (recall 1).
	s.PairP, s.PairR = 1, 1
	if predPairs > 0 {
		s.PairP = tp / predPairs
	}
	if goldPairs > 0 {
		s.PairR = tp / goldPairs
	}
	s.PairF = f1(s.PairP, s.PairR)
	return s
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// mean returns the mean of each figure over runs; the counts are rounded.
func mean(runs []Scores) Scores {
	var m Scores
	if len(runs) == 0 {
		return m
	}
	k := float64(len(runs))
	var docs, clusters, gold float64
	for _, s := range runs {
		docs += float64(s.Docs)
		clusters += float64(s.Clusters)
		gold += float64(s.GoldClusters)
		m.PairP += s.PairP / k
		m.PairR += s.PairR / k
		m.PairF += s.PairF / k
		m.BCubedP += s.BCubedP / k
		m.BCubedR += s.BCubedR / k
		m.BCubedF += s.BCubedF / k
	}
	m.Docs = int(docs/k + 0.5)
	m.Clusters = int(clusters/k + 0.5)
	m.GoldClusters = int(gold/k + 0.5)
	return m
}

// An Evaluation is the outcome of clustering one data set.
type Evaluation struct {
	Runs    []Scores      // ECB+: one per arrival order; UCI: one per day
	Mean    Scores        // the mean over Runs
	Docs    int           // documents clustered, over all runs
	Elapsed time.Duration // CPU time of the clustering (see timed)
}

// DocsPerSecond is how many documents the Clusterer took a second.
func (e Evaluation) DocsPerSecond() float64 {
	if e.Elapsed <= 0 {
		return 0
	}
	return float64(e.Docs) / e.Elapsed.Seconds()
}

// run clusters docs in order with a fresh Clusterer and returns each one's
// story at the end (stories merge as they converge and split as they
// part), and the time Add took.
func run(docs []Doc) ([]int64, time.Duration) {
	c := NewClusterer()
	out := make([]int64, len(docs))
	took := timed(func() {
		for i, d := range docs {
			out[i] = c.Add(d)
		}
	})
	for i := range out {
		out[i] = c.StoryOf(i)
	}
	return out, took
}

// timed runs f and returns the CPU time it took on its thread: one core's
// work, unaffected by other processes on the machine or by GOMAXPROCS
// (the garbage collector's background work on other threads is not
// counted; its assists are). Where threads' CPU time cannot be read, it
// returns the wall time.
func timed(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := time.Now()
	cpu0, ok0 := threadCPU()
	f()
	cpu1, ok1 := threadCPU()
	if ok0 && ok1 {
		return cpu1 - cpu0
	}
	return time.Since(start)
}

// ECBArticle is one article of the ECB+ events set.
type ECBArticle struct {
	ID      string `json:"doc_id"`
	Cluster string `json:"cluster"` // the gold event
	Text    string `json:"text"`
}

// LoadECB reads ecbplus.dev.jsonl from dir.
func LoadECB(dir string) ([]ECBArticle, error) {
	path := filepath.Join(dir, "ecbplus.dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var arts []ECBArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for line := 1; sc.Scan(); line++ {
		var a ECBArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if a.ID == "" || a.Cluster == "" {
			return nil, fmt.Errorf("%s:%d: no doc_id or cluster", path, line)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return arts, nil
}

// ECBDoc reads an ECB+ text as an article: its first line as the title
// (the headline in the ecbplus half, the lead sentence in the ecb half).
// The set has no dates.
func ECBDoc(a ECBArticle, at time.Time) Doc {
	title, body, _ := strings.Cut(a.Text, "\n")
	return Doc{Title: title, Text: body, Lang: "en", Published: at}
}

// ecbStart dates the first ECB+ article to arrive: the set has no dates.
var ecbStart = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

// ECBOrders is how many arrival orders EvaluateECB runs by default.
const ECBOrders = 3

// EvaluateECB clusters the ECB+ articles in orders shuffled arrival orders
// (seeds 1, 2, …), one article a minute, and scores each against the gold
// events. limit > 0 clusters only the first limit articles of each order.
func EvaluateECB(arts []ECBArticle, orders, limit int) Evaluation {
	var e Evaluation
	for seed := uint64(1); seed <= uint64(orders); seed++ {
		order := rand.New(rand.NewPCG(seed, 1)).Perm(len(arts))
		if limit > 0 && limit < len(order) {
			order = order[:limit]
		}
		docs := make([]Doc, len(order))
		gold := make([]string, len(order))
		for i, j := range order {
			docs[i] = ECBDoc(arts[j], ecbStart.Add(time.Duration(i)*time.Minute))
			gold[i] = arts[j].Cluster
		}
		pred, took := run(docs)
		e.Runs = append(e.Runs, Score(pred, gold))
		e.Docs += len(docs)
		e.Elapsed += took
	}
	e.Mean = mean(e.Runs)
	return e
}

// A UCIDay is one UTC day of UCI News Aggregator headlines, shuffled.
type UCIDay struct {
	Day       time.Time
	Headlines []UCIHeadline
}

// UCIHeadline is one row of the UCI News Aggregator set.
type UCIHeadline struct {
	Title, Publisher string
	URL              string
	Story            string // the gold story
}

// UCISeed is the fixed seed of the within-day shuffle.
const UCISeed = 1

// LoadUCI reads newsCorpora.dev.tsv.gz from dir, grouped by the UTC day
// of each row's timestamp, in day order, each day's rows shuffled with a
// fixed seed: row ids and timestamps give the gold stories away (see the
// set's README). days > 0 reads only the first days days.
func LoadUCI(dir string, days int) ([]UCIDay, error) {
	path := filepath.Join(dir, "newsCorpora.dev.tsv.gz")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	byDay := map[time.Time]int{}
	var out []UCIDay
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 8 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 8 split on tabs", path, line, len(fields))
		}
		ms, err := strconv.ParseInt(fields[7], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: timestamp %q is not milliseconds since 1970", path, line, fields[7])
		}
		day := time.UnixMilli(ms).UTC().Truncate(24 * time.Hour)
		i, ok := byDay[day]
		if !ok {
			i = len(out)
			byDay[day] = i
			out = append(out, UCIDay{Day: day})
		}
		out[i].Headlines = append(out[i].Headlines, UCIHeadline{Title: fields[1], Publisher: fields[3], URL: fields[2], Story: fields[5]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	slices.SortFunc(out, func(a, b UCIDay) int { return a.Day.Compare(b.Day) })
	if days > 0 && days < len(out) {
		out = out[:days]
	}
	r := rand.New(rand.NewPCG(UCISeed, 1))
	for _, d := range out {
		h := d.Headlines
		r.Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
	}
	return out, nil
}

// EvaluateUCI clusters the headlines day after day with one Clusterer, as
// a newsroom would receive them, each dated by its day only, and scores
// each day's headlines against that day's gold stories (a story id was
// crawled once, so the gold does not link days), each in the story it is
// in as the day ends (stories merge as they converge and split as they
// part); Mean is the macro-average over days.
func EvaluateUCI(days []UCIDay) Evaluation {
	var e Evaluation
	c := NewClusterer()
	added := 0
	for _, day := range days {
		pred := make([]int64, len(day.Headlines))
		gold := make([]string, len(day.Headlines))
		e.Elapsed += timed(func() {
			for i, h := range day.Headlines {
				pred[i] = c.Add(Doc{Title: h.Title, URL: h.URL, Lang: "en", Published: day.Day})
			}
		})
		for i, h := range day.Headlines {
			pred[i] = c.StoryOf(added + i) // as the day ends
			gold[i] = h.Story
		}
		added += len(day.Headlines)
		e.Runs = append(e.Runs, Score(pred, gold))
		e.Docs += len(pred)
	}
	e.Mean = mean(e.Runs)
	return e
}
