package cluster

import (
	"bufio"
	"compress/gzip"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// uciHeadline is one row of the UCI News Aggregator dev file.
type uciHeadline struct {
	title, story string
	at           time.Time
}

// loadUCI reads the first n headlines of the UCI News Aggregator dev file,
// each day's rows shuffled with a fixed seed (ids and timestamps leak the
// gold stories otherwise; see its README).
func loadUCI(t testing.TB, n int) []uciHeadline {
	t.Helper()
	path := "../../../../shared/data/uci-news-aggregator/newsCorpora.dev.tsv.gz"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("UCI News Aggregator absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []uciHeadline
	sc := bufio.NewScanner(zr)
	for sc.Scan() && len(rows) < n {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 8 {
			t.Fatalf("%s: a row with %d fields, want 8", path, len(fields))
		}
		ms, err := strconv.ParseInt(fields[7], 10, 64)
		if err != nil {
			t.Fatalf("%s: timestamp %q: %v", path, fields[7], err)
		}
		rows = append(rows, uciHeadline{title: fields[1], story: fields[5], at: time.UnixMilli(ms).UTC()})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for start := 0; start < len(rows); {
		day := rows[start].at.Truncate(24 * time.Hour)
		end := start
		for end < len(rows) && rows[end].at.Truncate(24*time.Hour).Equal(day) {
			end++
		}
		part := rows[start:end]
		r.Shuffle(len(part), func(i, j int) { part[i], part[j] = part[j], part[i] })
		for i := range part {
			part[i].at = day.Add(time.Duration(i) * time.Second) // arrival order within the day
		}
		start = end
	}
	return rows
}

// BenchmarkStoriesUCI clusters 30,000 UCI headlines (about ten days) the
// way the pipeline does, with the open stories held in Stories, and
// reports documents a second for the whole step and for Assign alone.
func BenchmarkStoriesUCI(b *testing.B) {
	rows := loadUCI(b, 30000)
	docs := make([]Doc, len(rows))
	for i, r := range rows {
		docs[i] = Doc{Title: r.title, Lang: "en", Published: r.at}
	}
	for b.Loop() {
		ix := NewIndex()
		set := NewStories()
		var assign time.Duration
		start := time.Now()
		var next int64
		for i, d := range docs {
			v := ix.Add(d)
			t := time.Now()
			m := set.Assign(d, v)
			assign += time.Since(t)
			if m.StoryID == 0 {
				next++
				set.Put(Story{ID: next, Terms: v, LastSeen: d.Published, Size: 1, Langs: []string{d.Lang}})
				continue
			}
			st, _ := set.Get(m.StoryID)
			st.Terms = Merge(st.Terms, st.Size, v)
			st.Size++
			st.LastSeen = maxTime(st.LastSeen, d.Published)
			set.Put(st)
			if i%1000 == 0 {
				set.Expire(d.Published.Add(-Window))
			}
		}
		all := time.Since(start)
		b.ReportMetric(float64(len(docs))/all.Seconds(), "docs/s")
		b.ReportMetric(float64(len(docs))/assign.Seconds(), "assigns/s")
		b.ReportMetric(float64(set.Len()), "open-stories")
	}
}
