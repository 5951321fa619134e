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
