package store

import (
	"context"
	"fmt"
	"strings"
)

// IndexArticle makes an article findable by its search terms (prepared by
// the caller; see text.SearchTerms) and records when it became searchable.
func (tx *Tx) IndexArticle(ctx context.Context, articleID int64, terms []string) error {
	doc := strings.Join(terms, " ")
	var err error
	if tx.s.engine == Postgres {
		// 'simple' keeps our terms as they are: stemming was done in Go.
		_, err = tx.q.ExecContext(ctx, `INSERT INTO article_search (article_id, terms) VALUES ($1, to_tsvector('simple', $2))
			ON CONFLICT (article_id) DO UPDATE SET terms = excluded.terms`, articleID, doc)
	} else {
		_, err = tx.q.ExecContext(ctx, `INSERT OR REPLACE INTO article_search (rowid, terms) VALUES ($1, $2)`, articleID, doc)
	}
	if err == nil {
		_, err = tx.q.ExecContext(ctx, `UPDATE articles SET indexed_at = $2 WHERE id = $1`, articleID, tx.Now)
	}
	if err != nil {
		return fmt.Errorf("store.IndexArticle: %w", err)
	}
	return nil
}

// SearchArticles returns the ids of articles holding every term, newest
// first, at most limit.
func (tx *Tx) SearchArticles(ctx context.Context, terms []string, limit int) ([]int64, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	q := `SELECT rowid FROM article_search WHERE article_search MATCH $1 ORDER BY rowid DESC LIMIT $2`
	if tx.s.engine == Postgres {
		q = `SELECT article_id FROM article_search WHERE terms @@ to_tsquery('simple', $1) ORDER BY article_id DESC LIMIT $2`
	}
	rows, err := tx.q.QueryContext(ctx, q, matchQuery(tx.s.engine, terms), limit)
	if err != nil {
		return nil, fmt.Errorf("store.SearchArticles: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
