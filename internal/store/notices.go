package store

import (
	"context"
	"fmt"

	"beatdesk"
)

// AddNotice appends a dated correction, update or retraction to a live
// article and moves it to the matching state (corrected, updated,
// retracted), logging who did it. A draft that is not live returns
// ErrConflict; a notice without text, ErrInvalid.
func (tx *Tx) AddNotice(ctx context.Context, n beatdesk.Notice, actor string) (beatdesk.Draft, error) {
	const op = "store.AddNotice"
	if err := n.Validate(); err != nil {
		return beatdesk.Draft{}, err
	}
	d, err := tx.Draft(ctx, n.DraftID)
	if err != nil {
		return d, err
	}
	if !beatdesk.IsLive(d.State) {
		return d, beatdesk.Errorf(beatdesk.ErrConflict, op, "a draft that is %s is not on the site, so it cannot get a %s; edit it instead",
			beatdesk.StateName(d.State), n.Kind)
	}
	if d, err = tx.MoveDraft(ctx, n.DraftID, beatdesk.NoticeState(n.Kind), actor, n.Text); err != nil {
		return d, err
	}
	_, err = tx.q.ExecContext(ctx, `INSERT INTO draft_notices (draft_id, kind, body, actor, at) VALUES ($1, $2, $3, $4, $5)`,
		n.DraftID, n.Kind, n.Text, actor, tx.Now)
	if err != nil {
		return d, fmt.Errorf("%s: %w", op, err)
	}
	return d, nil
}

// Notices returns an article's corrections, updates and retraction,
// oldest first.
func (tx *Tx) Notices(ctx context.Context, draftID int64) ([]beatdesk.Notice, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT id, draft_id, kind, body, actor, at FROM draft_notices
		WHERE draft_id = $1 ORDER BY at, id`, draftID)
	if err != nil {
		return nil, fmt.Errorf("store.Notices: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Notice
	for rows.Next() {
		var n beatdesk.Notice
		if err := rows.Scan(&n.ID, &n.DraftID, &n.Kind, &n.Text, &n.Actor, &n.At); err != nil {
			return nil, fmt.Errorf("store.Notices: %w", err)
		}
		n.At = n.At.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// Retracted returns the retracted article that had the given slug, or
// ErrNotFound, so its address can say it was retracted.
func (tx *Tx) Retracted(ctx context.Context, slug string) (beatdesk.Draft, error) {
	d, err := scanDraft(tx.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE slug = $1 AND state = $2`,
		slug, beatdesk.DraftRetracted))
	return d, notFound("store.Retracted", "article "+slug, err)
}
