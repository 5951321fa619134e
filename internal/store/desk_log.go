package store

import (
	"context"
	"fmt"
	"time"
)

// A LogEntry is one action on the desk, by a person or by the system:
// on a draft (DraftID set, from its audit log) or on the desk itself
// (users added, roles changed).
type LogEntry struct {
	DraftID int64 // 0 for actions outside any draft
	Actor   string
	Action  string
	Subject string // the draft's headline, or the user's email
	Note    string
	At      time.Time
}

// LogDesk records an action outside any one draft.
func (tx *Tx) LogDesk(ctx context.Context, actor, action, subject, note string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO desk_log (actor, action, subject, note, at) VALUES ($1, $2, $3, $4, $5)`,
		actor, action, subject, note, tx.Now)
	if err != nil {
		return fmt.Errorf("store.LogDesk: %w", err)
	}
	return nil
}

// DeskLog returns the latest actions on the desk, every draft's and the
// desk's own, newest first, at most limit.
func (tx *Tx) DeskLog(ctx context.Context, limit int) ([]LogEntry, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT draft_id, actor, action, subject, note, at FROM (
			SELECT e.draft_id, e.actor, e.action, d.headline AS subject, e.note, e.at, e.id AS seq, 1 AS src
			FROM draft_events e JOIN drafts d ON d.id = e.draft_id
			UNION ALL
			SELECT 0, actor, action, subject, note, at, id, 0 FROM desk_log
		) AS log ORDER BY at DESC, src, seq DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store.DeskLog: %w", err)
	}
	defer rows.Close()
	var out []LogEntry
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.DraftID, &e.Actor, &e.Action, &e.Subject, &e.Note, &e.At); err != nil {
			return nil, fmt.Errorf("store.DeskLog: %w", err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
