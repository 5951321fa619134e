package jobs

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// benchArticles makes n articles of real news vocabulary from the UCI News
// Aggregator headlines. Each headline is a title, and its text is twelve
// headlines drawn from the same Google News story (about 1 KB). Stories
// are taken in turn, a headline of each, so that few articles cover one
// story, as in a store whose stories the clusterer has already merged.
// They are dated over the two days before now.
func benchArticles(b *testing.B, n int) []beatdesk.Article {
	b.Helper()
	path := "../../../shared/data/uci-news-aggregator/newsCorpora.dev.tsv.gz"
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("UCI News Aggregator absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var order []string // stories, first seen first
	byStory := map[string][]string{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 8 {
			b.Fatalf("%s: a row of %d fields, want 8", path, len(fields))
		}
		if _, ok := byStory[fields[5]]; !ok {
			order = append(order, fields[5])
		}
		byStory[fields[5]] = append(byStory[fields[5]], fields[1])
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	now := time.Now().UTC()
	var out []beatdesk.Article
	for round := 0; len(out) < n; round++ {
		for _, story := range order {
			heads := byStory[story]
			if round >= len(heads) || len(out) == n {
				continue
			}
			body := make([]string, 12)
			for i := range body {
				body[i] = heads[rng.IntN(len(heads))] + "."
			}
			i := len(out)
			out = append(out, beatdesk.Article{SourceID: int64(i%200) + 1, URL: fmt.Sprintf("https://news%d.example.org/a/%d", i%200, i),
				Title: heads[round], Text: strings.Join(body, " "), Lang: "en", FetchedAt: now,
				Published: now.Add(-48 * time.Hour).Add(time.Duration(i) * 48 * time.Hour / time.Duration(n))})
		}
	}
	return out
}

// BenchmarkCluster measures Cluster on SQLite with 10,000 open stories in
// the store, one article at a time as the cluster queue runs it. Run it
// with a fixed count, e.g. -bench Cluster -benchtime 2000x (at most 4,000).
func BenchmarkCluster(b *testing.B) {
	const seeded, pool = 10000, 4000
	arts := benchArticles(b, seeded+pool)
	ctx := context.Background()
	s := storetest.Open(b, store.SQLite)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := testConfig()
	cfg.WriteDelay = 7 * 24 * time.Hour
	p := NewPipeline(s, cfg, fetch.New(fetch.Options{}), hintDetector{}, persona.Default(), log)
	q, err := Open(ctx, s, p, log)
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()

	// The store: 200 sources; the first 10,000 articles each in a story
	// of its own, as Cluster would have stored it; the rest waiting.
	ids := make([]int64, len(arts))
	ix := cluster.NewIndex()
	err = s.Update(ctx, func(tx *store.Tx) error {
		for i := range 200 {
			if _, err := tx.AddSource(ctx, beatdesk.Source{Name: fmt.Sprintf("News %d", i), FeedURL: fmt.Sprintf("https://news%d.example.org/feed", i)}); err != nil {
				return err
			}
		}
		for i, a := range arts {
			item, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: a.SourceID, GUID: a.URL, URL: a.URL, Title: a.Title})
			if err != nil {
				return err
			}
			a.ItemID = item
			if ids[i], _, err = tx.AddArticle(ctx, a); err != nil {
				return err
			}
			if i >= seeded {
				continue
			}
			a.ID = ids[i]
			if err := seedStory(ctx, tx, p, ix, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	p.clusterIndex(ctx)
	if err := p.Cluster(ctx, ids[seeded]); err != nil { // loads the open stories
		b.Fatal(err)
	}

	next := seeded + 1
	start := time.Now()
	for b.Loop() {
		if next == len(ids) {
			b.Fatalf("only %d articles to cluster; use -benchtime %dx or less", pool, pool-1)
		}
		if err := p.Cluster(ctx, ids[next]); err != nil {
			b.Fatal(err)
		}
		next++
	}
	b.ReportMetric(float64(next-seeded-1)/time.Since(start).Seconds(), "articles/s")
}

// seedStory stores a as the one article of a story of its own, as Cluster
// would.
func seedStory(ctx context.Context, tx *store.Tx, p *Pipeline, ix *cluster.Index, a beatdesk.Article) error {
	doc := docOf(a)
	st := beatdesk.Story{FirstSeen: doc.Published, LastSeen: doc.Published}
	var tally store.StoryTally
	p.describe(&st, &tally, a, doc.Published, ix.Add(doc), entity.Find(a.Title+"\n"+a.Text))
	id, err := tx.AddStory(ctx, st, tally)
	if err != nil {
		return err
	}
	return tx.SetArticleStory(ctx, a.ID, id)
}
