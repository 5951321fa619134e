package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"beatdesk"
)

const articleCols = `a.id, a.item_id, a.source_id, s.name, a.url, a.title, a.body, a.author, a.lang, a.published_at,
	a.fetched_at, a.content_hash, a.simhash, a.duplicate_of, a.story_id, a.partial, a.places, a.word_count, a.clustered_at`

const articleFrom = ` FROM articles a JOIN sources s ON s.id = a.source_id `

func scanArticle(row interface{ Scan(...any) error }) (beatdesk.Article, error) {
	var a beatdesk.Article
	var pub, clustered sql.NullTime
	var sim int64
	var places string
	err := row.Scan(&a.ID, &a.ItemID, &a.SourceID, &a.Outlet, &a.URL, &a.Title, &a.Text, &a.Author, &a.Lang, &pub,
		&a.FetchedAt, &a.ContentHash, &sim, &a.DuplicateOf, &a.StoryID, &a.Partial, &places, &a.WordCount, &clustered)
	if err != nil {
		return a, err
	}
	a.Published, a.ClusteredAt, a.FetchedAt = timeOf(pub), timeOf(clustered), a.FetchedAt.UTC()
	a.SimHash = uint64(sim)
	return a, fromJSON(places, &a.Places)
}

// AddArticle stores a (validated) unless an article with the same
// canonical URL exists. It reports the id of the stored article and whether
// this call created it.
func (tx *Tx) AddArticle(ctx context.Context, a beatdesk.Article) (id int64, isNew bool, err error) {
	if err := a.Validate(); err != nil {
		return 0, false, err
	}
	if a.FetchedAt.IsZero() {
		a.FetchedAt = tx.Now
	}
	err = tx.q.QueryRowContext(ctx, `
		INSERT INTO articles (item_id, source_id, url, title, body, author, lang, published_at, fetched_at,
			content_hash, simhash, duplicate_of, partial, places, word_count)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (url) DO NOTHING
		RETURNING id`,
		a.ItemID, a.SourceID, a.URL, a.Title, a.Text, a.Author, a.Lang, nullTime(a.Published), a.FetchedAt.UTC(),
		a.ContentHash, int64(a.SimHash), a.DuplicateOf, a.Partial, toJSON(nonNil(a.Places)), a.WordCount).Scan(&id)
	if err == sql.ErrNoRows {
		err = tx.q.QueryRowContext(ctx, `SELECT id FROM articles WHERE url = $1`, a.URL).Scan(&id)
		return id, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("store.AddArticle: %w", err)
	}
	return id, true, nil
}

// nonNil turns a nil slice into an empty one, so it is stored as [] and
// not as null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Article returns the article with the given id, or ErrNotFound.
func (tx *Tx) Article(ctx context.Context, id int64) (beatdesk.Article, error) {
	a, err := scanArticle(tx.q.QueryRowContext(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.id = $1`, id))
	return a, notFound("store.Article", fmt.Sprintf("article %d", id), err)
}

// OriginalByHash returns the id of the earliest original article with the
// given content hash, or 0.
func (tx *Tx) OriginalByHash(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := tx.q.QueryRowContext(ctx, `SELECT id FROM articles WHERE content_hash = $1 AND duplicate_of = 0 ORDER BY id LIMIT 1`, hash).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// A Fingerprint is an article's SimHash, for near-duplicate search.
type Fingerprint struct {
	ID      int64
	SimHash uint64
}

// RecentFingerprints returns the SimHashes of original articles fetched
// since the given time, newest first, at most limit.
func (tx *Tx) RecentFingerprints(ctx context.Context, since time.Time, limit int) ([]Fingerprint, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT id, simhash FROM articles WHERE duplicate_of = 0 AND fetched_at >= $1
		ORDER BY fetched_at DESC LIMIT $2`, since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store.RecentFingerprints: %w", err)
	}
	defer rows.Close()
	var out []Fingerprint
	for rows.Next() {
		var f Fingerprint
		var sim int64
		if err := rows.Scan(&f.ID, &sim); err != nil {
			return nil, err
		}
		f.SimHash = uint64(sim)
		out = append(out, f)
	}
	return out, rows.Err()
}

// SetArticleStory records the story an article was clustered into.
func (tx *Tx) SetArticleStory(ctx context.Context, articleID, storyID int64) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE articles SET story_id = $2, clustered_at = $3 WHERE id = $1`, articleID, storyID, tx.Now)
	if err != nil {
		return fmt.Errorf("store.SetArticleStory: %w", err)
	}
	return nil
}

// StoryArticles lists a story's original articles, oldest first.
func (tx *Tx) StoryArticles(ctx context.Context, storyID int64) ([]beatdesk.Article, error) {
	return tx.queryArticles(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.story_id = $1 AND a.duplicate_of = 0
		ORDER BY a.published_at, a.id`, storyID)
}

// ClusteredArticles lists original articles placed in a story since the
// given time, newest first, at most limit; used to warm the clusterer after
// a restart (articles still waiting are counted when their turn comes).
func (tx *Tx) ClusteredArticles(ctx context.Context, since time.Time, limit int) ([]beatdesk.Article, error) {
	return tx.queryArticles(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.duplicate_of = 0 AND a.story_id <> 0
		AND a.fetched_at >= $1 ORDER BY a.fetched_at DESC, a.id DESC LIMIT $2`, since.UTC(), limit)
}

func (tx *Tx) queryArticles(ctx context.Context, q string, args ...any) ([]beatdesk.Article, error) {
	rows, err := tx.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.articles: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store.articles: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
