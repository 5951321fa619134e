package jobs

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/riverqueue/river"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/analyze/score"
	"beatdesk/internal/store"
)

// ClusterArgs asks for one article to be placed in a story.
type ClusterArgs struct {
	ArticleID int64 `json:"article_id"`
}

func (ClusterArgs) Kind() string { return "cluster" }

type clusterWorker struct {
	river.WorkerDefaults[ClusterArgs]
	p *Pipeline
}

func (w *clusterWorker) Work(ctx context.Context, job *river.Job[ClusterArgs]) error {
	return w.p.Cluster(ctx, job.Args.ArticleID)
}

// Cluster attaches an article to the active story it most resembles, or
// starts a story; refreshes the story's counts, places and route to a
// correspondent; and, once the story has enough independent sources,
// queues its draft. It runs on a queue of one worker, so stories are never
// started twice for one development.
func (p *Pipeline) Cluster(ctx context.Context, articleID int64) error {
	ix := p.clusterIndex(ctx)
	var a beatdesk.Article
	err := p.store.View(ctx, func(tx *store.Tx) (err error) { a, err = tx.Article(ctx, articleID); return err })
	if errors.Is(err, beatdesk.ErrNotFound) {
		return nil
	}
	if err != nil || a.StoryID != 0 {
		return err // done already
	}
	// The article's terms are counted once, outside the transaction, which
	// SQLite may retry.
	doc := docOf(a)
	v := ix.Add(doc)

	return p.store.Update(ctx, func(tx *store.Tx) error {
		// This queue has one worker, so nothing clustered the article
		// meanwhile; a job run twice stopped at the check above.

		active, err := tx.ActiveStories(ctx, doc.Published.Add(-cluster.Window))
		if err != nil {
			return err
		}
		candidates := make([]cluster.Story, len(active))
		for i, st := range active {
			candidates[i] = cluster.Story{ID: st.ID, Terms: st.Terms, LastSeen: st.LastSeen, Size: st.Articles, Langs: st.Languages}
		}
		var st beatdesk.Story
		if m := ix.Assign(doc, v, candidates); m.StoryID != 0 {
			i := slices.IndexFunc(active, func(s beatdesk.Story) bool { return s.ID == m.StoryID })
			st = active[i]
			st.Terms = cluster.Merge(st.Terms, st.Articles, v)
			st.FirstSeen = minTime(st.FirstSeen, doc.Published)
			st.LastSeen = maxTime(st.LastSeen, doc.Published)
		} else {
			st = beatdesk.Story{Title: a.Title, FirstSeen: doc.Published, LastSeen: doc.Published, Terms: v}
		}
		if st.ID, err = tx.SaveStory(ctx, st); err != nil {
			return err
		}
		if err := tx.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			return err
		}
		arts, err := tx.StoryArticles(ctx, st.ID)
		if err != nil {
			return err
		}
		p.describe(&st, arts)
		if _, err := tx.SaveStory(ctx, st); err != nil {
			return err
		}
		if st.PersonaSlug == "" || st.Articles < p.cfg.MinArticles || st.Outlets < p.cfg.MinOutlets {
			return nil
		}
		if _, drafted, err := tx.DraftForStory(ctx, st.ID); err != nil || drafted {
			return err
		}
		return p.queue.insertTx(ctx, tx, WriteArgs{StoryID: st.ID}, whileQueued(queueDefault, tx.Now.Add(p.cfg.WriteDelay)))
	})
}

// describe recomputes what the desk and the router know of a story from
// its articles: counts, languages, countries, region, title and route.
func (p *Pipeline) describe(st *beatdesk.Story, arts []beatdesk.Article) {
	outlets := map[int64]bool{}
	langs := map[string]bool{}
	var text strings.Builder
	for _, a := range arts {
		outlets[a.SourceID] = true
		if a.Lang != "" {
			langs[a.Lang] = true
		}
		text.WriteString(a.Title + "\n" + a.Text + "\n\n")
	}
	st.Articles, st.Outlets = len(arts), len(outlets)
	st.Languages = sortedKeys(langs)
	st.Title = representativeTitle(arts, p.cfg.SiteLang, st.Title)

	mentions := entity.Find(text.String())
	countries := map[string]int{}
	regions := map[string]int{}
	for _, m := range mentions {
		countries[m.Place.Country] += m.Count
		regions[m.Place.Region] += m.Count
	}
	st.Countries = topKeys(countries, 5)
	if r := topKeys(regions, 1); len(r) == 1 {
		st.Region = r[0]
	} else {
		st.Region = "world"
	}
	routes := score.RouteStory(p.personas, score.Signals{Title: st.Title, Text: text.String(), Langs: st.Languages,
		Outlets: st.Outlets, Articles: st.Articles, Mentions: mentions})
	st.PersonaSlug, st.RouteReason, st.Score = "", "no correspondent's regions or topics match", 0
	if len(routes) > 0 {
		st.PersonaSlug, st.RouteReason, st.Score = routes[0].PersonaSlug, routes[0].Reason, routes[0].Score
	}
}

// representativeTitle prefers the earliest title in the site's language.
func representativeTitle(arts []beatdesk.Article, lang, fallback string) string {
	for _, a := range arts {
		if a.Lang == lang && a.Title != "" {
			return a.Title
		}
	}
	if len(arts) > 0 && arts[0].Title != "" {
		return arts[0].Title
	}
	return fallback
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// topKeys returns up to n keys with the highest counts, ties by key.
func topKeys(m map[string]int, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return keys[:min(n, len(keys))]
}
