package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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

// AddHandledItems stores many entries at once as items already dealt
// with, in the given state with note, skipping those the source has
// (benchmarks seed a newsroom's history with it). It reports how many it
// added.
func (tx *Tx) AddHandledItems(ctx context.Context, items []beatdesk.Item, state, note string) (int, error) {
	const chunk = 500 // 7 parameters a row, under either engine's limit
	added := 0
	for start := 0; start < len(items); start += chunk {
		part := items[start:min(start+chunk, len(items))]
		var q strings.Builder
		q.WriteString(`INSERT INTO items (source_id, guid, url, published_at, seen_at, state, error) VALUES `)
		args := make([]any, 0, 7*len(part))
		for i, it := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7)
			args = append(args, it.SourceID, it.GUID, it.URL, nullTime(it.Published), tx.Now, state, note)
		}
		q.WriteString(` ON CONFLICT (source_id, guid) DO NOTHING`)
		res, err := tx.q.ExecContext(ctx, q.String(), args...)
		if err != nil {
			return added, fmt.Errorf("store.AddHandledItems: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return added, fmt.Errorf("store.AddHandledItems: %w", err)
		}
		added += int(n)
	}
	return added, nil
}

// KnownGUIDs reports which of guids the source already has items for. A
// poll asks before its write transaction, so that the entries a feed
// still lists from earlier polls (most of them, most of the time) cost
// one read instead of an insert each while holding the writer.
func (tx *Tx) KnownGUIDs(ctx context.Context, sourceID int64, guids []string) (map[string]bool, error) {
	known := make(map[string]bool, len(guids))
	const chunk = 500 // well under either engine's limit on parameters
	for start := 0; start < len(guids); start += chunk {
		part := guids[start:min(start+chunk, len(guids))]
		var q strings.Builder
		q.WriteString(`SELECT guid FROM items WHERE source_id = $1 AND guid IN (`)
		args := make([]any, 0, len(part)+1)
		args = append(args, sourceID)
		for i, g := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			fmt.Fprintf(&q, "$%d", i+2)
			args = append(args, g)
		}
		q.WriteByte(')')
		rows, err := tx.q.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("store.KnownGUIDs: %w", err)
		}
		for rows.Next() {
			var g string
			if err := rows.Scan(&g); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store.KnownGUIDs: %w", err)
			}
			known[g] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store.KnownGUIDs: %w", err)
		}
	}
	return known, nil
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
