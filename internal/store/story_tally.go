package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"beatdesk"
)

// A StoryTally is what the clusterer keeps of a story so that it can add
// an article by arithmetic instead of reading all the story's articles
// again. It is stored as JSON beside the story.
type StoryTally struct {
	Outlets   []int64      `json:"outlets"`    // ids of the sources that reported it, ascending
	Places    []PlaceCount `json:"places"`     // places its articles mention, first mentioned first
	TitleAt   time.Time    `json:"title_at"`   // date of the article the title was taken from
	TitleLang string       `json:"title_lang"` // and its language
	// Digest is the start of the story's text (its first articles' titles
	// and text, up to a size the clusterer chooses), and Titles the latest
	// titles of the articles after it: what the router reads.
	Digest string   `json:"digest"`
	Titles []string `json:"titles"`
}

// A PlaceCount is a place and how often a story's articles name it.
type PlaceCount struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Region  string `json:"region"`
	Kind    string `json:"kind"`
	Count   int    `json:"count"`
}

// StoryForUpdate returns a story without its centroid (which the
// clusterer holds in memory), with its tally; ok is false when the story
// was made before tallies were kept and its tally must be rebuilt from its
// articles. It returns ErrNotFound for an unknown id.
func (tx *Tx) StoryForUpdate(ctx context.Context, id int64) (st beatdesk.Story, t StoryTally, ok bool, err error) {
	var langs, countries, tally string
	err = tx.q.QueryRowContext(ctx, `SELECT id, title, first_seen, last_seen, articles, outlets, languages, countries,
		region, persona_slug, route_reason, score, tally FROM stories WHERE id = $1`, id).Scan(&st.ID, &st.Title,
		&st.FirstSeen, &st.LastSeen, &st.Articles, &st.Outlets, &langs, &countries, &st.Region, &st.PersonaSlug,
		&st.RouteReason, &st.Score, &tally)
	if err != nil {
		return st, t, false, notFound("store.StoryForUpdate", fmt.Sprintf("story %d", id), err)
	}
	st.FirstSeen, st.LastSeen = st.FirstSeen.UTC(), st.LastSeen.UTC()
	for _, c := range []struct {
		s string
		v any
	}{{langs, &st.Languages}, {countries, &st.Countries}, {tally, &t}} {
		if err := fromJSON(c.s, c.v); err != nil {
			return st, t, false, fmt.Errorf("store.StoryForUpdate: story %d: %w", id, err)
		}
	}
	t.TitleAt = t.TitleAt.UTC()
	return st, t, tally != "", nil
}

// AddStory inserts a story with its tally and returns its id.
func (tx *Tx) AddStory(ctx context.Context, st beatdesk.Story, t StoryTally) (int64, error) {
	var id int64
	err := tx.q.QueryRowContext(ctx, `INSERT INTO stories (title, first_seen, last_seen, articles, outlets, languages,
		countries, region, persona_slug, route_reason, score, terms, tally)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		storyArgs(st, t)...).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store.AddStory: %w", err)
	}
	return id, nil
}

// UpdateStory writes st and its tally over the stored story, provided the
// stored story still counts prevArticles articles. Otherwise something
// else changed it since it was read, and UpdateStory returns ErrConflict
// and writes nothing: read it again and redo the change.
func (tx *Tx) UpdateStory(ctx context.Context, st beatdesk.Story, t StoryTally, prevArticles int) error {
	const op = "store.UpdateStory"
	res, err := tx.q.ExecContext(ctx, `UPDATE stories SET title = $1, first_seen = $2, last_seen = $3, articles = $4,
		outlets = $5, languages = $6, countries = $7, region = $8, persona_slug = $9, route_reason = $10, score = $11,
		terms = $12, tally = $13 WHERE id = $14 AND articles = $15`, append(storyArgs(st, t), st.ID, prevArticles)...)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return beatdesk.Errorf(beatdesk.ErrConflict, op, "story %d no longer has %d articles (or is gone); read it again", st.ID, prevArticles)
	}
	return nil
}

func storyArgs(st beatdesk.Story, t StoryTally) []any {
	return []any{st.Title, st.FirstSeen.UTC(), st.LastSeen.UTC(), st.Articles, st.Outlets, toJSON(nonNil(st.Languages)),
		toJSON(nonNil(st.Countries)), st.Region, st.PersonaSlug, st.RouteReason, st.Score, toJSON(st.Terms), toJSON(t)}
}

const openStoryCols = `id, last_seen, articles, languages, terms`

func scanOpenStory(row interface{ Scan(...any) error }) (beatdesk.Story, error) {
	var st beatdesk.Story
	var langs, terms string
	if err := row.Scan(&st.ID, &st.LastSeen, &st.Articles, &langs, &terms); err != nil {
		return st, err
	}
	st.LastSeen = st.LastSeen.UTC()
	if err := fromJSON(langs, &st.Languages); err != nil {
		return st, fmt.Errorf("story %d: %w", st.ID, err)
	}
	if err := fromJSON(terms, &st.Terms); err != nil {
		return st, fmt.Errorf("story %d: %w", st.ID, err)
	}
	return st, nil
}

// OpenStories lists what the clusterer holds in memory of the stories
// seen since the given time: id, last seen, size, languages and centroid
// (the other fields are left empty).
func (tx *Tx) OpenStories(ctx context.Context, since time.Time) ([]beatdesk.Story, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+openStoryCols+` FROM stories WHERE last_seen >= $1 ORDER BY id`, since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store.OpenStories: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Story
	for rows.Next() {
		st, err := scanOpenStory(rows)
		if err != nil {
			return nil, fmt.Errorf("store.OpenStories: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// OpenStory returns what OpenStories would of one story, for the
// clusterer to refresh its memory after a failed write. It returns
// ErrNotFound for an unknown id.
func (tx *Tx) OpenStory(ctx context.Context, id int64) (beatdesk.Story, error) {
	st, err := scanOpenStory(tx.q.QueryRowContext(ctx, `SELECT `+openStoryCols+` FROM stories WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return st, notFound("store.OpenStory", fmt.Sprintf("story %d", id), err)
	}
	if err != nil {
		return st, fmt.Errorf("store.OpenStory: %w", err)
	}
	return st, nil
}
