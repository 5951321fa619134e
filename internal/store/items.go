package store

import (
	"context"
	"database/sql"
	"fmt"

	"beatdesk"
)

const itemCols = `id, source_id, guid, url, title, summary, published_at, seen_at, state, error`

func scanItem(row interface{ Scan(...any) error }) (beatdesk.Item, error) {
	var it beatdesk.Item
	var pub sql.NullTime
	err := row.Scan(&it.ID, &it.SourceID, &it.GUID, &it.URL, &it.Title, &it.Summary, &pub, &it.SeenAt, &it.State, &it.Error)
	it.Published, it.SeenAt = timeOf(pub), it.SeenAt.UTC()
	return it, err
}

// AddItem stores a feed entry unless the source already has one with the
// same GUID. It reports the item's id and whether it is new: polling the
// same feed twice adds nothing the second time.
func (tx *Tx) AddItem(ctx context.Context, it beatdesk.Item) (id int64, isNew bool, err error) {
	err = tx.q.QueryRowContext(ctx, `
		INSERT INTO items (source_id, guid, url, title, summary, published_at, seen_at, state)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'new')
		ON CONFLICT (source_id, guid) DO NOTHING
		RETURNING id`,
		it.SourceID, it.GUID, it.URL, it.Title, it.Summary, nullTime(it.Published), tx.Now).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store.AddItem: %w", err)
	}
	return id, true, nil
}

// Item returns the item with the given id, or ErrNotFound.
func (tx *Tx) Item(ctx context.Context, id int64) (beatdesk.Item, error) {
	it, err := scanItem(tx.q.QueryRowContext(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1`, id))
	return it, notFound("store.Item", fmt.Sprintf("item %d", id), err)
}

// SetItemState records what became of an item, with the error if it failed.
func (tx *Tx) SetItemState(ctx context.Context, id int64, state, errText string) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE items SET state = $2, error = $3 WHERE id = $1`, id, state, errText)
	if err != nil {
		return fmt.Errorf("store.SetItemState: %w", err)
	}
	return nil
}

// FailedItems lists the latest items that could not be fetched, for the desk.
func (tx *Tx) FailedItems(ctx context.Context, limit int) ([]beatdesk.Item, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+itemCols+` FROM items WHERE state = 'failed' ORDER BY seen_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store.FailedItems: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
