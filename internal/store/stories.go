package store

import (
	"context"
	"fmt"
	"time"

	"beatdesk"
)

const storyCols = `id, title, first_seen, last_seen, articles, outlets, languages, countries, region,
	persona_slug, route_reason, score, terms`

func scanStory(row interface{ Scan(...any) error }) (beatdesk.Story, error) {
	var st beatdesk.Story
	var langs, countries, terms string
	err := row.Scan(&st.ID, &st.Title, &st.FirstSeen, &st.LastSeen, &st.Articles, &st.Outlets, &langs, &countries,
		&st.Region, &st.PersonaSlug, &st.RouteReason, &st.Score, &terms)
	if err != nil {
		return st, err
	}
	st.FirstSeen, st.LastSeen = st.FirstSeen.UTC(), st.LastSeen.UTC()
	if err := fromJSON(langs, &st.Languages); err != nil {
		return st, err
	}
	if err := fromJSON(countries, &st.Countries); err != nil {
		return st, err
	}
	return st, fromJSON(terms, &st.Terms)
}

// SaveStory inserts st when its ID is 0 and updates it otherwise; it
// returns the id.
func (tx *Tx) SaveStory(ctx context.Context, st beatdesk.Story) (int64, error) {
	args := []any{st.Title, st.FirstSeen.UTC(), st.LastSeen.UTC(), st.Articles, st.Outlets, toJSON(nonNil(st.Languages)),
		toJSON(nonNil(st.Countries)), st.Region, st.PersonaSlug, st.RouteReason, st.Score, toJSON(st.Terms)}
	if st.ID == 0 {
		var id int64
		err := tx.q.QueryRowContext(ctx, `INSERT INTO stories (title, first_seen, last_seen, articles, outlets, languages,
			countries, region, persona_slug, route_reason, score, terms)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`, args...).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("store.SaveStory: %w", err)
		}
		return id, nil
	}
	_, err := tx.q.ExecContext(ctx, `UPDATE stories SET title = $1, first_seen = $2, last_seen = $3, articles = $4,
		outlets = $5, languages = $6, countries = $7, region = $8, persona_slug = $9, route_reason = $10, score = $11,
		terms = $12 WHERE id = $13`, append(args, st.ID)...)
	if err != nil {
		return 0, fmt.Errorf("store.SaveStory: %w", err)
	}
	return st.ID, nil
}

// Story returns the story with the given id, or ErrNotFound.
func (tx *Tx) Story(ctx context.Context, id int64) (beatdesk.Story, error) {
	st, err := scanStory(tx.q.QueryRowContext(ctx, `SELECT `+storyCols+` FROM stories WHERE id = $1`, id))
	return st, notFound("store.Story", fmt.Sprintf("story %d", id), err)
}

// ActiveStories lists stories seen since the given time: the clusterer's
// candidates.
func (tx *Tx) ActiveStories(ctx context.Context, since time.Time) ([]beatdesk.Story, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+storyCols+` FROM stories WHERE last_seen >= $1 ORDER BY last_seen DESC`, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store.ActiveStories: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("store.ActiveStories: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// MergeStory moves everything of story gone into story into, and deletes
// gone: its articles (copies too), and its developments, whose open
// entries leave the desk's queue with a note naming into (into's own
// entry, recorded next, stands for both; gone has no draft, so none was
// being written). It refuses, with ErrConflict,
// when gone has a draft: a story on the desk or published keeps its
// identity. The caller then recounts into from its articles.
func (tx *Tx) MergeStory(ctx context.Context, gone, into int64) error {
	const op = "store.MergeStory"
	if gone == into || gone == 0 || into == 0 {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "cannot merge story %d into story %d", gone, into)
	}
	if _, drafted, err := tx.DraftForStory(ctx, gone); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	} else if drafted {
		return beatdesk.Errorf(beatdesk.ErrConflict, op, "story %d has a draft; it keeps its identity and is not merged", gone)
	}
	steps := []struct {
		query string
		args  []any
	}{
		{`UPDATE articles SET story_id = $2 WHERE story_id = $1`, []any{gone, into}},
		{`UPDATE developments SET state = $2, note = $3, updated_at = $4 WHERE story_id = $1 AND state <> $2`,
			[]any{gone, DevelopmentDismissed, fmt.Sprintf("merged into story %d", into), tx.Now}},
		{`UPDATE developments SET story_id = $2 WHERE story_id = $1`, []any{gone, into}},
		{`DELETE FROM stories WHERE id = $1`, []any{gone}},
	}
	for _, s := range steps {
		if _, err := tx.q.ExecContext(ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("%s: story %d into %d: %w", op, gone, into, err)
		}
	}
	return nil
}

// MoveArticles moves the given articles of story from, with their copies,
// to story to: a story split in two (the caller writes both stories).
// An article no longer in from is left where it is.
func (tx *Tx) MoveArticles(ctx context.Context, from, to int64, articleIDs []int64) error {
	for _, id := range articleIDs {
		_, err := tx.q.ExecContext(ctx, `UPDATE articles SET story_id = $3 WHERE story_id = $1 AND (id = $2 OR duplicate_of = $2)`,
			from, id, to)
		if err != nil {
			return fmt.Errorf("store.MoveArticles: article %d from story %d to %d: %w", id, from, to, err)
		}
	}
	return nil
}
