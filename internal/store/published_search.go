package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"beatdesk"
)

// IndexPublished makes a published article findable by the given terms,
// which the caller prepares from its public text only (see
// beatdesk.Draft.PublicText and text.SearchTerms). Call it in the
// transaction that publishes the article: on SQLite search lists articles
// in the order they were indexed, newest first (published_order, 00013;
// on PostgreSQL draft_search.seq, 00017).
// Indexing an article again replaces its terms and keeps its place.
func (tx *Tx) IndexPublished(ctx context.Context, draftID int64, terms []string) error {
	const op = "store.IndexPublished"
	doc := strings.Join(terms, " ")
	if tx.s.engine == Postgres {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO draft_search (draft_id, terms) VALUES ($1, to_tsvector('simple', $2))
			ON CONFLICT (draft_id) DO UPDATE SET terms = excluded.terms`, draftID, doc)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		return nil
	}
	var seq int64
	err := tx.q.QueryRowContext(ctx, `SELECT seq FROM published_order WHERE draft_id = $1`, draftID).Scan(&seq)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.q.QueryRowContext(ctx, `INSERT INTO published_order (draft_id) VALUES ($1) RETURNING seq`, draftID).Scan(&seq)
	case err == nil:
		_, err = tx.q.ExecContext(ctx, `DELETE FROM published_search WHERE rowid = $1`, seq)
	}
	if err == nil {
		_, err = tx.q.ExecContext(ctx, `INSERT INTO published_search (rowid, terms) VALUES ($1, $2)`, seq, doc)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// SearchPublished returns the published articles holding every term,
// newest first, at most limit. Each holds what a result shows: what
// Headlines gives, and the sections (for a snippet); citations and
// findings are left empty.
//
// Both engines number the index's rows in order of publication. On
// SQLite the full-text index holds its rows in that order, so the matches
// come from it newest first and the query stops once it has limit live
// ones, however many articles match. On PostgreSQL the matches are ranked
// by that number from the search table alone (searchPublishedPostgres).
func (tx *Tx) SearchPublished(ctx context.Context, terms []string, limit int) ([]beatdesk.Draft, error) {
	if len(terms) == 0 || limit <= 0 {
		return nil, nil
	}
	if tx.s.engine == Postgres {
		return tx.searchPublishedPostgres(ctx, matchQuery(Postgres, terms), limit)
	}
	// CROSS JOIN keeps the index as the outer loop, where its order
	// serves the ORDER BY and the LIMIT ends the walk. (No column of
	// searchCols is in the other two tables, so none needs its table.)
	rows, err := tx.q.QueryContext(ctx, `SELECT `+searchCols+`, TRUE FROM published_search
		CROSS JOIN published_order o ON o.seq = published_search.rowid
		CROSS JOIN drafts d ON d.id = o.draft_id
		WHERE published_search MATCH $1 AND d.`+liveSQL+`
		ORDER BY published_search.rowid DESC LIMIT $2`, matchQuery(SQLite, terms), limit)
	if err != nil {
		return nil, fmt.Errorf("store.SearchPublished: %w", err)
	}
	out, _, err := scanSearchResults(rows, limit)
	return out, err
}

// searchPublishedPostgres ranks the matches of query by their number
// alone (draft_search.seq, 00017) and reads the drafts of the newest few:
// the drafts' rows, the largest part of the work when every match's was
// read, are read for one page. An article no longer live keeps its row
// in the index until it is indexed again, so a page may hold some; when
// it held too many to fill limit, the next try reads four times as far.
func (tx *Tx) searchPublishedPostgres(ctx context.Context, query string, limit int) ([]beatdesk.Draft, error) {
	for reach := limit + limit/4 + 4; ; reach *= 4 {
		rows, err := tx.q.QueryContext(ctx, `SELECT `+searchCols+`, d.`+liveSQL+` FROM (
				SELECT draft_id, seq FROM draft_search WHERE terms @@ to_tsquery('simple', $1)
				ORDER BY seq DESC LIMIT $2) s
			JOIN drafts d ON d.id = s.draft_id
			ORDER BY s.seq DESC`, query, reach)
		if err != nil {
			return nil, fmt.Errorf("store.SearchPublished: %w", err)
		}
		out, read, err := scanSearchResults(rows, limit)
		if err != nil || len(out) == limit || read < reach {
			return out, err
		}
	}
}

// scanSearchResults reads rows of searchCols and whether the article is
// live, and returns the first limit live ones and how many rows it read.
func scanSearchResults(rows *sql.Rows, limit int) (out []beatdesk.Draft, read int, err error) {
	defer rows.Close()
	for rows.Next() {
		read++
		var d beatdesk.Draft
		var pub sql.NullTime
		var sections string
		var live bool
		err := rows.Scan(&d.ID, &d.StoryID, &d.PersonaSlug, &d.Headline, &d.Dek, &d.Region, &d.Slug, &d.State,
			&d.CreatedAt, &d.UpdatedAt, &pub, &sections, &live)
		if err == nil && live && len(out) < limit {
			err = fromJSON(sections, &d.Sections)
			d.CreatedAt, d.UpdatedAt, d.PublishedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC(), timeOf(pub)
			out = append(out, d)
		}
		if err != nil {
			return nil, read, fmt.Errorf("store.SearchPublished: draft %d: %w", d.ID, err)
		}
	}
	return out, read, rows.Err()
}

// searchCols are what a search result shows: a headline and the sections
// its snippet comes from.
const searchCols = headlineCols + `, sections`

// MergeSearchIndex takes one bounded step (at most about 8 MB written) of
// merging the SQLite full-text index of published articles into one
// segment, and reports whether there is more to merge. A search looks each
// word up in every segment: at 100,000 articles one segment made searches
// three times cheaper than the many that publishing them left. Optimize,
// which the hourly tidy job runs, takes one step. PostgreSQL has nothing
// to merge.
func (s *Store) MergeSearchIndex(ctx context.Context) (more bool, err error) {
	if s.engine != SQLite {
		return false, nil
	}
	const pages = 2000
	err = s.Update(ctx, func(tx *Tx) error {
		// A negative count merges segments of every level; fewer than two
		// changes mean the merge found nothing to do (SQLite's FTS5 notes).
		var before, after int64
		if err := tx.q.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO published_search (published_search, rank) VALUES ('merge', $1)`, -pages); err != nil {
			return err
		}
		if err := tx.q.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
			return err
		}
		more = after-before >= 2
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store.MergeSearchIndex: %w", err)
	}
	return more, nil
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
