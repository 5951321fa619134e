package store

import (
	"context"
	"fmt"
	"time"

	"beatdesk"
)

// A Revision is one saved text of a draft: the writer's first version is
// revision 1, and every edit on the desk adds the next.
type Revision struct {
	DraftID  int64
	Revision int
	Actor    string
	Headline string
	Dek      string
	Sections []beatdesk.Section
	At       time.Time
}

// addRevision keeps d's text as revision d.Revision.
func (tx *Tx) addRevision(ctx context.Context, d beatdesk.Draft, actor string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO draft_revisions (draft_id, revision, actor, headline, dek, sections, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.ID, d.Revision, actor, d.Headline, d.Dek, toJSON(d.Sections), tx.Now)
	if err != nil {
		return fmt.Errorf("store.addRevision: %w", err)
	}
	return nil
}

// Revisions returns every saved text of a draft, oldest first.
func (tx *Tx) Revisions(ctx context.Context, draftID int64) ([]Revision, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT draft_id, revision, actor, headline, dek, sections, at
		FROM draft_revisions WHERE draft_id = $1 ORDER BY revision`, draftID)
	if err != nil {
		return nil, fmt.Errorf("store.Revisions: %w", err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var sections string
		if err := rows.Scan(&r.DraftID, &r.Revision, &r.Actor, &r.Headline, &r.Dek, &sections, &r.At); err != nil {
			return nil, fmt.Errorf("store.Revisions: %w", err)
		}
		if err := fromJSON(sections, &r.Sections); err != nil {
			return nil, fmt.Errorf("store.Revisions: draft %d revision %d: %w", draftID, r.Revision, err)
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
