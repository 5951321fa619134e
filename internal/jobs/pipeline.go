package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/ingest/robots"
	"beatdesk/internal/llm"
	"beatdesk/internal/store"
	"beatdesk/internal/translate"
)

// Config is what the pipeline needs to know of beatdesk's configuration.
type Config struct {
	Workers     int           // workers for drafting and everything else not below
	Fetchers    int           // workers polling feeds, and as many fetching pages (default DefaultFetchers)
	PollMin     time.Duration // bounds of the adaptive poll interval
	PollMax     time.Duration
	WriteDelay  time.Duration // a story gathers sources this long before its draft is written
	MinOutlets  int
	MinArticles int
	AutoPublish bool // publish drafts with no unsupported claim without an editor
	SiteLang    string
	UserAgent   string // the name robots.txt rules are matched against
	// WebSubBase is the public base URL WebSub hubs call back at
	// (/websub/{token} under it); "" turns WebSub off and leaves polling
	// alone.
	WebSubBase string
	// Model, when set, writes the drafts (internal/draft/llmwriter), the
	// extractive writer standing in when it fails; nil: the extractive
	// writer only. ModelPrice prices its tokens for the logs; ModelRetry
	// says how hard to try (zero: llm.Call's defaults).
	Model      llm.Model
	ModelPrice llm.Price
	ModelRetry llm.Retry
	// Translator puts translations beside quotes from sources in other
	// languages (extractive.Gloss); nil: quotes stay untranslated, and
	// are labelled so.
	Translator translate.Translator
	// TranslateTitles: Translator also translates the title and lead of
	// every article in another language, for clustering and the desk
	// (translate.go). Off by default until measured further: Apertium
	// keeps one pipeline a pair running (a few ms a title); if that fails
	// it starts a process a call, about 0.5 s of CPU an article.
	TranslateTitles bool
	// Newsletter sends the digests (newsletter.go); its zero value: off.
	Newsletter NewsletterConfig
}

// LangDetector names the language of a text; hint (the page's or feed's
// declared language) only breaks ties. It returns "" when unsure.
type LangDetector interface {
	Detect(text, hint string) string
}

// Pipeline holds what the steps share.
type Pipeline struct {
	store    *store.Store
	cfg      Config
	fetcher  *fetch.Client
	robots   *robots.Cache // article pages only; feeds are fetched by convention
	lang     LangDetector
	personas []beatdesk.Persona
	log      *slog.Logger
	queue    *Queue

	// The clusterer's document frequencies live in memory and are warmed
	// from recent articles on first use after a start.
	warmOnce sync.Once
	index    *cluster.Index
	open     openStories // the stories still open to new articles (storyindex.go)

	copies        copies      // near-duplicates of recent originals, in memory
	articleWrites groupCommit // the fetches' writes, in groups (groupcommit.go)
	pollWrites    groupCommit // the polls' writes, likewise
	clusterWrites groupCommit // clustering, article after article (cluster.go)
	sweep         sweepMemory // the poll queued last for each due source
	digests       newsletterState
}

// NewPipeline builds the pipeline's steps. Open binds it to a queue.
func NewPipeline(s *store.Store, cfg Config, fetcher *fetch.Client, lang LangDetector, personas []beatdesk.Persona, log *slog.Logger) *Pipeline {
	p := &Pipeline{store: s, cfg: cfg, fetcher: fetcher, lang: lang, personas: personas, log: log, index: cluster.NewIndex(),
		robots: robots.NewCache(robots.FetchWith(fetcher), robots.DefaultTTL, nil)}
	p.articleWrites = groupCommit{store: s, begin: p.copies.beginGroup, end: p.copies.endGroup}
	p.pollWrites = groupCommit{store: s, alone: s.Engine() == store.Postgres}
	p.clusterWrites = groupCommit{store: s, begin: p.open.mu.Lock, end: p.open.endGroup}
	return p
}

// fetchers is the size of the poll pool and of the fetch pool.
func (p *Pipeline) fetchers() int {
	if p.cfg.Fetchers > 0 {
		return p.cfg.Fetchers
	}
	return DefaultFetchers
}

// scheduleEvery is how often the scheduler looks for due sources: often
// enough that no source waits long past its time (a poll's wait adds to
// every new entry's way to search), and that polls are queued a few at a
// time rather than in bursts that crowd the hosts. A sweep that finds
// nothing due costs two indexed reads.
func (p *Pipeline) scheduleEvery() time.Duration {
	return min(max(p.cfg.PollMin/24, time.Second), 5*time.Second)
}

// clusterIndex returns the clusterer's index, warmed the first time from
// the last few days' clustered articles (a sample of 10,000 is as good as
// all for document frequencies).
func (p *Pipeline) clusterIndex(ctx context.Context) *cluster.Index {
	p.warmOnce.Do(func() {
		var docs []cluster.Doc
		err := p.store.View(ctx, func(tx *store.Tx) error {
			arts, err := tx.ClusteredArticles(ctx, tx.Now.Add(-cluster.Window), 10000)
			for _, a := range arts {
				docs = append(docs, docOf(a))
			}
			return err
		})
		if err != nil {
			p.log.Warn("warming the clusterer failed; it starts cold", "err", err)
		}
		p.index.Seed(docs)
	})
	return p.index
}

func docOf(a beatdesk.Article) cluster.Doc {
	return cluster.Doc{Title: a.Title, Text: a.Text, Lang: a.Lang, Published: publishedOrFetched(a), URL: a.URL}
}

func publishedOrFetched(a beatdesk.Article) time.Time {
	if a.Published.IsZero() || a.Published.After(a.FetchedAt) {
		return a.FetchedAt
	}
	return a.Published
}
