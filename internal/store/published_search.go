package store

import (
	"context"
	"fmt"
	"strings"

	"beatdesk"
)

// IndexPublished makes a published article findable by the given terms,
// which the caller prepares from its public text only (see
// beatdesk.Draft.PublicText and text.SearchTerms).
func (tx *Tx) IndexPublished(ctx context.Context, draftID int64, terms []string) error {
	doc := strings.Join(terms, " ")
	var err error
	if tx.s.engine == Postgres {
		_, err = tx.q.ExecContext(ctx, `INSERT INTO draft_search (draft_id, terms) VALUES ($1, to_tsvector('simple', $2))
			ON CONFLICT (draft_id) DO UPDATE SET terms = excluded.terms`, draftID, doc)
	} else {
		_, err = tx.q.ExecContext(ctx, `INSERT OR REPLACE INTO draft_search (rowid, terms) VALUES ($1, $2)`, draftID, doc)
	}
	if err != nil {
		return fmt.Errorf("store.IndexPublished: %w", err)
	}
	return nil
}

// SearchPublished returns the published articles holding every term,
// newest first, at most limit.
func (tx *Tx) SearchPublished(ctx context.Context, terms []string, limit int) ([]beatdesk.Draft, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	var match string
	if tx.s.engine == Postgres {
		match = `SELECT draft_id FROM draft_search WHERE terms @@ to_tsquery('simple', $1)`
	} else {
		match = `SELECT rowid FROM draft_search WHERE draft_search MATCH $1`
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE id IN (`+match+`)
		AND `+liveSQL+` ORDER BY published_at DESC, id DESC LIMIT $2`, matchQuery(tx.s.engine, terms), limit)
	if err != nil {
		return nil, fmt.Errorf("store.SearchPublished: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("store.SearchPublished: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// matchQuery writes terms as a query requiring all of them, quoted so no
// term is read as query syntax.
func matchQuery(engine Engine, terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		if engine == Postgres {
			quoted[i] = "'" + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), "'", "''") + "'"
		} else {
			quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
	}
	if engine == Postgres {
		return strings.Join(quoted, " & ")
	}
	return strings.Join(quoted, " ")
}
