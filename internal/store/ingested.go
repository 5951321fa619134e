package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// An Ingested article is one article's way through the pipeline, for
// measuring it (beatdesk bench ingest): its item's identity, when the
// item was first seen, and when the article became searchable and was
// clustered (zero when not yet).
type Ingested struct {
	GUID, ItemURL string
	Duplicate     bool // a copy of an earlier article
	SeenAt        time.Time
	IndexedAt     time.Time
	ClusteredAt   time.Time
}

// IngestedSince lists the articles that became searchable at or after
// since, in no particular order.
func (tx *Tx) IngestedSince(ctx context.Context, since time.Time) ([]Ingested, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT i.guid, i.url, a.duplicate_of <> 0, i.seen_at, a.indexed_at, a.clustered_at
		FROM articles a JOIN items i ON i.id = a.item_id WHERE a.indexed_at >= $1`, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store.IngestedSince: %w", err)
	}
	defer rows.Close()
	var out []Ingested
	for rows.Next() {
		var in Ingested
		var indexed, clustered sql.NullTime
		if err := rows.Scan(&in.GUID, &in.ItemURL, &in.Duplicate, &in.SeenAt, &indexed, &clustered); err != nil {
			return nil, fmt.Errorf("store.IngestedSince: %w", err)
		}
		in.SeenAt, in.IndexedAt, in.ClusteredAt = in.SeenAt.UTC(), timeOf(indexed), timeOf(clustered)
		out = append(out, in)
	}
	return out, rows.Err()
}

// ItemStates counts items by state (new, fetched, failed, duplicate).
func (tx *Tx) ItemStates(ctx context.Context) (map[string]int, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT state, count(*) FROM items GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("store.ItemStates: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("store.ItemStates: %w", err)
		}
		out[state] = n
	}
	return out, rows.Err()
}
