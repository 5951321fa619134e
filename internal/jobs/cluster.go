package jobs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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

const (
	// digestBytes bounds the text the router reads of a story: the start
	// of its first articles. Routing the whole text of every article, as
	// the story grows, cost more than everything else; on the demo corpus
	// 8 KB routes every story as the whole text does, 4 KB three of 68
	// steps differently.
	digestBytes = 8 << 10
	// recentTitles is how many titles of the later articles the router
	// also reads.
	recentTitles = 10
)

// Cluster attaches an article to the open story it most resembles, or
// starts a story; updates the story's counts, places and route to a
// correspondent; once the story has enough independent sources, queues
// its draft; and, when the article made the story news, records a
// development for the desk (developments.go). Articles are clustered one
// at a time, under the open stories' lock, so stories are never started
// twice for one development, and the open stories held in memory
// (storyindex.go) agree with the store.
//
// An article in a language other than the site's has its title and lead
// translated, when the translator can, and stored beside the original;
// the translation's terms join the original's (translate.go).
//
// The article's places are found before; the rest runs in a group of
// cluster writes (groupcommit.go), one article after another in one
// transaction under the lock, so that clustering is not held to one
// article per wait for SQLite's writer. The story an article joins is
// compared only with the stories that share its heaviest terms, and its
// tallies are added to, never recounted from its articles.
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
	doc := docOf(a)
	tr := p.translation(ctx, a) // translate.go
	places := entity.Find(a.Title + "\n" + a.Text)
	return p.clusterWrites.update(ctx, func(tx *store.Tx) error {
		return p.clusterIn(ctx, tx, ix, a, doc, tr, places)
	})
}

// clusterIn clusters one article inside its group's transaction, with
// the open stories' lock held. The memory of the open stories changes
// last, once every write has succeeded; if the group's transaction then
// fails, the memory is dropped and reloaded (storyindex.go).
func (p *Pipeline) clusterIn(ctx context.Context, tx *store.Tx, ix *cluster.Index, a beatdesk.Article, doc cluster.Doc, tr store.Translation, places []entity.Mention) error {
	open := &p.open
	if err := open.ensure(ctx, p.store); err != nil {
		return err
	}
	if cur, err := tx.Article(ctx, a.ID); err != nil || cur.StoryID != 0 {
		return err // clustered meanwhile: a job run twice
	}
	v, err := p.addDoc(ctx, tx, ix, a.ID, doc, tr)
	if err != nil {
		return err
	}
	v = open.set.Specific(v) // a headline alone's terms, by how few stories hold them
	m := open.set.Assign(doc, v)
	st, tally, prevArticles, err := p.storyToGrow(ctx, tx, m.StoryID, doc)
	if err != nil {
		return err
	}
	p.describe(&st, &tally, a, doc.Published, v, places)
	routed, err := p.keepEditorsCorrespondent(ctx, tx, &st)
	if err != nil {
		return err
	}
	if m.StoryID == 0 {
		st.ID, err = tx.AddStory(ctx, st, tally)
	} else {
		err = tx.UpdateStory(ctx, st, tally, prevArticles)
	}
	if err != nil {
		return err
	}
	if err := tx.SetArticleStory(ctx, a.ID, st.ID); err != nil {
		return err
	}
	gone, merged, err := p.mergeConverging(ctx, tx, st)
	if err != nil {
		return err
	}
	if merged {
		st = gone.into
		if routed, err = p.keepEditorsCorrespondent(ctx, tx, &st); err != nil {
			return err
		}
		if err := tx.UpdateStory(ctx, st, gone.tally, gone.prevArticles); err != nil {
			return err
		}
	}
	parts, splitted, err := p.splitApart(ctx, tx, ix, st) // split.go
	if err != nil {
		return err
	}
	if splitted {
		st = parts.keep
		if parts.moved[a.ID] {
			st = parts.apart
		}
	}
	var absorbed []int64
	if !merged && !splitted {
		if st, absorbed, err = p.absorbLone(ctx, tx, st); err != nil { // absorb.go
			return err
		}
	}
	ready, drafted := st.PersonaSlug != "" && st.Articles >= p.cfg.MinArticles && st.Outlets >= p.cfg.MinOutlets, false
	if ready {
		var d beatdesk.Draft
		if d, drafted, err = tx.DraftForStory(ctx, st.ID); err != nil {
			return err
		}
		if !drafted {
			if err := p.queue.insertTx(ctx, tx, WriteArgs{StoryID: st.ID}, whileQueued(queueDefault, tx.Now.Add(p.cfg.WriteDelay))); err != nil {
				return err
			}
		} else if err := p.queueUpdate(ctx, tx, d, doc.Published); err != nil { // update.go
			return err
		}
	}
	if err := p.noteDevelopment(ctx, tx, st, a.ID, doc.Published, routed, ready, drafted); err != nil {
		return err
	}
	if merged {
		open.set.Remove(gone.id)
	}
	for _, id := range absorbed {
		open.set.Remove(id)
	}
	if splitted {
		open.set.Put(clusterStory(parts.keep))
		open.set.Put(clusterStory(parts.apart))
	}
	open.set.Put(clusterStory(st))
	return nil
}

// A merge is mergeConverging's outcome: the story merged away, and the
// story it went into, recounted, with its tally and how many articles it
// had as stored before.
type merge struct {
	id           int64
	into         beatdesk.Story
	tally        store.StoryTally
	prevArticles int
}

// mergeConverging merges the story st, just written with a new article,
// with an open story it has grown like (cluster.Stories.Converging), as
// the Clusterer does: the older story's id survives, so an article's
// story keeps its identity as it develops. A story with a draft (on the
// desk or published) is never merged away: if the younger one has a draft
// and the older none, the younger survives; if both have, they stay
// apart. The surviving story is recounted from its articles and routed
// again; the caller writes it and updates the memory once the
// transaction is sure.
func (p *Pipeline) mergeConverging(ctx context.Context, tx *store.Tx, st beatdesk.Story) (merge, bool, error) {
	other, ok := p.open.set.Converging(clusterStory(st))
	if !ok {
		return merge{}, false, nil
	}
	keep, gone := min(st.ID, other.ID), max(st.ID, other.ID)
	_, keepDrafted, err := tx.DraftForStory(ctx, keep)
	if err != nil {
		return merge{}, false, err
	}
	_, goneDrafted, err := tx.DraftForStory(ctx, gone)
	switch {
	case err != nil:
		return merge{}, false, err
	case keepDrafted && goneDrafted:
		return merge{}, false, nil
	case goneDrafted:
		keep, gone = gone, keep
	}
	into, _, _, err := tx.StoryForUpdate(ctx, keep)
	if err != nil {
		return merge{}, false, err
	}
	away, _, _, err := tx.StoryForUpdate(ctx, gone)
	if err != nil {
		return merge{}, false, err
	}
	if err := tx.MergeStory(ctx, gone, keep); err != nil {
		return merge{}, false, err
	}
	arts, err := tx.StoryArticles(ctx, keep)
	if err != nil {
		return merge{}, false, err
	}
	both := cluster.Story{Terms: cluster.Combine(clusterStory(st), other).Terms,
		FirstSeen: minTime(into.FirstSeen, away.FirstSeen), LastSeen: maxTime(into.LastSeen, away.LastSeen)}
	m := merge{id: gone, prevArticles: into.Articles}
	m.into, m.tally = p.recount(into, arts, both)
	return m, true, nil
}

// storyToGrow returns the story an article joins, as stored, with its
// centroid from memory, its tally and how many articles it had; or, when
// storyID is 0, a new story dated by the article. It reads in tx, which
// sees the stories written earlier in the same group.
func (p *Pipeline) storyToGrow(ctx context.Context, tx *store.Tx, storyID int64, doc cluster.Doc) (st beatdesk.Story, t store.StoryTally, prevArticles int, err error) {
	if storyID == 0 {
		return beatdesk.Story{FirstSeen: doc.Published, LastSeen: doc.Published}, t, 0, nil
	}
	st, t, tallied, err := tx.StoryForUpdate(ctx, storyID)
	if err != nil {
		return st, t, 0, err
	}
	mem, _ := p.open.set.Get(storyID)
	st.Terms = mem.Terms
	if mem.Size != st.Articles {
		// Memory is behind the store (a write whose outcome was unknown):
		// take the stored centroid.
		fresh, err := tx.OpenStory(ctx, storyID)
		if err != nil {
			return st, t, 0, err
		}
		st.Terms = fresh.Terms
	}
	prevArticles = st.Articles
	if !tallied {
		if st, t, err = p.retally(ctx, tx, st); err != nil {
			return st, t, 0, err
		}
	}
	return st, t, prevArticles, nil
}

// retally recounts a story stored before tallies were kept, from its
// articles, once.
func (p *Pipeline) retally(ctx context.Context, tx *store.Tx, st beatdesk.Story) (beatdesk.Story, store.StoryTally, error) {
	arts, err := tx.StoryArticles(ctx, st.ID)
	if err != nil {
		return st, store.StoryTally{}, err
	}
	st, t := p.tallyAll(st, arts)
	return st, t, nil
}

// tallyAll returns st counted afresh from its articles arts: articles,
// outlets, languages, title and tally.
func (p *Pipeline) tallyAll(st beatdesk.Story, arts []beatdesk.Article) (beatdesk.Story, store.StoryTally) {
	st.Articles, st.Outlets, st.Languages, st.Title = 0, 0, nil, ""
	var t store.StoryTally
	for _, a := range arts {
		tallyArticle(&st, &t, a, publishedOrFetched(a), entity.Find(a.Title+"\n"+a.Text), p.cfg.SiteLang)
	}
	return st, t
}

// describe adds an article, dated at, with vector v and the places it
// names, to a story: its centroid, dates, counts, title and tallies; then
// works out again where the story is and which correspondent it is for.
func (p *Pipeline) describe(st *beatdesk.Story, t *store.StoryTally, a beatdesk.Article, at time.Time, v map[string]float64, places []entity.Mention) {
	if st.ID == 0 {
		st.Terms = v
	} else {
		st.Terms = cluster.Merge(st.Terms, st.Articles, v)
	}
	st.FirstSeen = minTime(st.FirstSeen, at)
	st.LastSeen = maxTime(st.LastSeen, at)
	tallyArticle(st, t, a, at, places, p.cfg.SiteLang)
	p.route(st, t)
}

// route works out where a story is, from the places its articles name,
// and which correspondent it is for.
func (p *Pipeline) route(st *beatdesk.Story, t *store.StoryTally) {
	countries := map[string]int{}
	regions := map[string]int{}
	for _, pc := range t.Places {
		countries[pc.Country] += pc.Count
		regions[pc.Region] += pc.Count
	}
	st.Countries = topKeys(countries, 5)
	if r := topKeys(regions, 1); len(r) == 1 {
		st.Region = r[0]
	} else {
		st.Region = "world"
	}
	routes := score.RouteStory(p.personas, score.Signals{Title: st.Title, Text: t.Digest + strings.Join(t.Titles, "\n"),
		Langs: st.Languages, Outlets: st.Outlets, Articles: st.Articles, Mentions: mentionsOf(t.Places)})
	st.PersonaSlug, st.RouteReason, st.Score = "", "no correspondent's regions or topics match", 0
	if len(routes) > 0 {
		st.PersonaSlug, st.RouteReason, st.Score = routes[0].PersonaSlug, routes[0].Reason, routes[0].Score
	}
}

// tallyArticle counts an article, dated at and naming places, into a
// story: its articles, outlets and languages, the places it names, the
// title (the earliest in the site's language, else the earliest), and the
// text the router reads.
func tallyArticle(st *beatdesk.Story, t *store.StoryTally, a beatdesk.Article, at time.Time, places []entity.Mention, siteLang string) {
	st.Articles++
	if i, found := slices.BinarySearch(t.Outlets, a.SourceID); !found {
		t.Outlets = slices.Insert(t.Outlets, i, a.SourceID)
	}
	st.Outlets = len(t.Outlets)
	if i, found := slices.BinarySearch(st.Languages, a.Lang); !found && a.Lang != "" {
		st.Languages = slices.Insert(st.Languages, i, a.Lang)
	}

	rank := func(title, lang string) int {
		switch {
		case title == "":
			return 2
		case lang == siteLang:
			return 0
		}
		return 1
	}
	mine, theirs := rank(a.Title, a.Lang), rank(st.Title, t.TitleLang)
	if st.Articles == 1 || mine < theirs || (mine == theirs && mine < 2 && at.Before(t.TitleAt)) {
		st.Title, t.TitleAt, t.TitleLang = a.Title, at, a.Lang
	}

	for _, m := range places {
		i := slices.IndexFunc(t.Places, func(pc store.PlaceCount) bool {
			return pc.Name == m.Place.Name && pc.Country == m.Place.Country && pc.Region == m.Place.Region && pc.Kind == m.Place.Kind
		})
		if i < 0 {
			t.Places = append(t.Places, store.PlaceCount{Name: m.Place.Name, Country: m.Place.Country, Region: m.Place.Region, Kind: m.Place.Kind})
			i = len(t.Places) - 1
		}
		t.Places[i].Count += m.Count
	}

	if room := digestBytes - len(t.Digest); room > 0 {
		t.Digest += cutUTF8(a.Title+"\n"+a.Text+"\n\n", room)
	} else if a.Title != "" {
		t.Titles = append(t.Titles, a.Title)
		t.Titles = t.Titles[max(0, len(t.Titles)-recentTitles):]
	}
}

// mentionsOf turns a story's place tally into the router's mentions, most
// mentioned first (ties: first mentioned first), as entity.Find orders
// them. It is never nil, so the router does not look for places again.
func mentionsOf(places []store.PlaceCount) []entity.Mention {
	ms := make([]entity.Mention, len(places))
	for i, pc := range places {
		ms[i] = entity.Mention{Place: entity.Place{Name: pc.Name, Country: pc.Country, Region: pc.Region, Kind: pc.Kind}, Count: pc.Count}
	}
	slices.SortStableFunc(ms, func(a, b entity.Mention) int { return b.Count - a.Count })
	return ms
}

// cutUTF8 returns s, or its first n bytes or a little fewer, so that no
// character is cut in two.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
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
