package store

import (
	"context"
	"fmt"
)

// PublishedGeneration returns a figure that changes whenever an article is
// published, or a published one changes (an update, a correction, a
// retraction), and also on any other desk action: the reader site's page
// cache keeps pages while it stays the same. Every such change logs a desk
// event and every new draft adds a row, so the newest ids of both say it,
// at the cost of two index look-ups however large the store.
func (tx *Tx) PublishedGeneration(ctx context.Context) (string, error) {
	var events, drafts int64
	err := tx.q.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM draft_events), (SELECT COALESCE(MAX(id), 0) FROM drafts)`).
		Scan(&events, &drafts)
	if err != nil {
		return "", fmt.Errorf("store.PublishedGeneration: %w", err)
	}
	return fmt.Sprintf("%d/%d", events, drafts), nil
}
