package store

import (
	"context"
	"database/sql"
	"fmt"

	"beatdesk"
)

// A RenderedPage is a live article's page as the reader site rendered it,
// kept so that a request reads it in one look-up instead of rendering it
// again. Parts is the site's own encoding; the store only keeps it.
type RenderedPage struct {
	DraftID int64
	Slug    string
	// Version is the article's newest desk event when the page was
	// rendered. Every change to a draft (publication, update, correction,
	// retraction, edit) logs an event, so a newer one means the page is
	// out of date.
	Version int64
	// Fingerprint names the templates and settings it was rendered with.
	Fingerprint string
	Parts       []byte
}

// RenderedPage returns the page of the live article with the given slug
// if one is kept that was rendered from the article as it is now, with
// the given fingerprint. Otherwise Parts is nil, and DraftID, Slug and
// Version say what to render and save: Version is read before the article
// is, so a page rendered from what is read next is never saved as newer
// than it is. It returns ErrNotFound when no live article has the slug.
func (tx *Tx) RenderedPage(ctx context.Context, slug, fingerprint string) (RenderedPage, error) {
	const op = "store.RenderedPage"
	p := RenderedPage{Slug: slug}
	// Two queries of one table each, rather than one join: SQLite plans a
	// join afresh for every slug once the tables have statistics. The
	// first reads no draft: a page is kept only of a live article, and is
	// dropped when the article has a desk event (00018), which it has when
	// it stops being live or takes another slug.
	err := tx.q.QueryRowContext(ctx, `SELECT draft_id, version, fingerprint, parts FROM rendered_pages WHERE slug = $1`,
		slug).Scan(&p.DraftID, &p.Version, &p.Fingerprint, &p.Parts)
	switch {
	case err == nil && p.Fingerprint == fingerprint:
		return p, nil
	case err != nil && err != sql.ErrNoRows:
		return p, fmt.Errorf("%s: %w", op, err)
	}
	p = RenderedPage{Slug: slug}
	err = tx.q.QueryRowContext(ctx, `SELECT d.id, COALESCE((SELECT MAX(e.id) FROM draft_events e WHERE e.draft_id = d.id), 0)
		FROM drafts d WHERE d.slug = $1 AND d.`+liveSQL, slug).Scan(&p.DraftID, &p.Version)
	return p, notFound(op, "article "+slug, err)
}

// SaveRenderedPage keeps p, replacing any older page of its article, if
// the article is still live and has had no desk event since p.Version;
// otherwise it keeps nothing, and the next request renders afresh. It
// reports whether p was kept.
func (tx *Tx) SaveRenderedPage(ctx context.Context, p RenderedPage) (bool, error) {
	if p.Parts == nil {
		return false, beatdesk.Errorf(beatdesk.ErrInvalid, "store.SaveRenderedPage", "a rendered page needs its parts")
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO rendered_pages (draft_id, slug, version, fingerprint, parts)
		SELECT d.id, $2, $3, $4, $5 FROM drafts d
		WHERE d.id = $1 AND d.slug = $2 AND d.`+liveSQL+`
			AND COALESCE((SELECT MAX(e.id) FROM draft_events e WHERE e.draft_id = d.id), 0) = $3
		ON CONFLICT (draft_id) DO UPDATE SET slug = excluded.slug, version = excluded.version,
			fingerprint = excluded.fingerprint, parts = excluded.parts`,
		p.DraftID, p.Slug, p.Version, p.Fingerprint, p.Parts)
	if err != nil {
		return false, fmt.Errorf("store.SaveRenderedPage: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// PagesToRender lists, by id from after on, up to limit live articles
// whose page is not kept (never, or not since the article's last desk
// event), or was kept with another fingerprint: what to render after
// filling a store, or after the site's templates change.
func (tx *Tx) PagesToRender(ctx context.Context, fingerprint string, after int64, limit int) (ids []int64, slugs []string, err error) {
	// The join repeats the bound on the id, so that PostgreSQL's merge
	// join starts the kept pages there too, not at the first one (at
	// 500,000 kept, every batch read them all).
	rows, err := tx.q.QueryContext(ctx, `SELECT d.id, d.slug FROM drafts d
		LEFT JOIN rendered_pages p ON p.draft_id = d.id AND p.draft_id > $1
		WHERE d.id > $1 AND d.`+liveSQL+` AND (p.draft_id IS NULL OR p.fingerprint <> $2)
		ORDER BY d.id LIMIT $3`, after, fingerprint, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store.PagesToRender: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return nil, nil, fmt.Errorf("store.PagesToRender: %w", err)
		}
		ids, slugs = append(ids, id), append(slugs, slug)
	}
	return ids, slugs, rows.Err()
}
