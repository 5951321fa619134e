package store

import (
	"context"
	"fmt"
)

// PublishedGeneration returns a figure that changes whenever an article is
// published, or a published one changes (an update, a correction, a
// retraction): the reader site's page cache keeps pages while it stays the
// same.
func (tx *Tx) PublishedGeneration(ctx context.Context) (string, error) {
	var n int64
	var last any // a time on PostgreSQL, text on SQLite (an aggregate loses the column's type)
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*), MAX(updated_at) FROM drafts WHERE published_at IS NOT NULL`).Scan(&n, &last)
	if err != nil {
		return "", fmt.Errorf("store.PublishedGeneration: %w", err)
	}
	return fmt.Sprintf("%d/%v", n, last), nil
}
