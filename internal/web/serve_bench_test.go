package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// benchSite is the reader site over a store of n published articles, for
// the handler-path benchmarks; it returns the handler and the slugs.
func benchSite(b *testing.B, n int) (http.Handler, []string) {
	b.Helper()
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	regions := []string{"latin-america", "europe", "africa", "asia"}
	var slugs []string
	err := s.Update(ctx, func(tx *store.Tx) error {
		for i := range n {
			d := sampleDraft(0)
			d.Headline = fmt.Sprintf("Port strike %d spreads to the north", i)
			d.Region = regions[i%len(regions)]
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: d.Headline, FirstSeen: tx.Now, LastSeen: tx.Now, Region: d.Region})
			if err != nil {
				return err
			}
			d.StoryID = sid
			id, err := tx.AddDraft(ctx, d, store.ActorSystem)
			if err != nil {
				return err
			}
			tx.Now = tx.Now.Add(time.Second)
			pd, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
			if err != nil {
				return err
			}
			if err := tx.IndexPublished(ctx, id, text.PublishedTerms(pd, "en")); err != nil {
				return err
			}
			slugs = append(slugs, pd.Slug)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	h := web.New(s, web.Options{SiteName: "bench", BaseURL: "http://news.example", Personas: []beatdesk.Persona{testPersona},
		Illustrate: drawPlaces, Logger: slog.New(slog.DiscardHandler)})
	return h, slugs
}

func benchGet(b *testing.B, h http.Handler, path string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
	if w.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, w.Code)
	}
}

// BenchmarkArticleUncached asks for a different article each time, with a
// query string the page cache has not seen, so every page is made afresh.
func BenchmarkArticleUncached(b *testing.B) {
	h, slugs := benchSite(b, 2000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		benchGet(b, h, fmt.Sprintf("/article/%s?b=%d", slugs[i%len(slugs)], i))
		i++
	}
}

// BenchmarkArticleKept is BenchmarkArticleUncached once every article's
// page is kept rendered in the store, as it is after each is first read:
// the page cache still misses, but nothing is rendered.
func BenchmarkArticleKept(b *testing.B) {
	h, slugs := benchSite(b, 2000)
	for i, slug := range slugs {
		benchGet(b, h, fmt.Sprintf("/article/%s?warm=%d", slug, i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		benchGet(b, h, fmt.Sprintf("/article/%s?b=%d", slugs[i%len(slugs)], i))
		i++
	}
}

// BenchmarkArticleCached asks for one article over and over.
func BenchmarkArticleCached(b *testing.B) {
	h, slugs := benchSite(b, 200)
	b.ReportAllocs()
	for b.Loop() {
		benchGet(b, h, "/article/"+slugs[0])
	}
}

// BenchmarkSearch asks for two common words, newest first.
func BenchmarkSearch(b *testing.B) {
	h, _ := benchSite(b, 2000)
	b.ReportAllocs()
	for b.Loop() {
		benchGet(b, h, "/search?q=port+strike")
	}
}
