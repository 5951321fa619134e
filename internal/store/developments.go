package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"beatdesk"
)

// A story's development moves through these states on the desk.
const (
	DevelopmentNew       = "new"       // waiting for an editor's eye
	DevelopmentDrafting  = "drafting"  // its correspondent's draft is queued or written
	DevelopmentDismissed = "dismissed" // an editor took it off the queue
)

// A Development is a moment a story became news for the desk: a new
// story crossing the desk's threshold, or a story suddenly moving. It is
// routed to a correspondent, with the reasons for both in words, and an
// editor may hand it to another correspondent or dismiss it.
type Development struct {
	ID          int64
	StoryID     int64
	DetectedAt  time.Time // when the pipeline first saw it
	UpdatedAt   time.Time
	AsOf        time.Time // the moment in the story's reporting it was assessed at
	Score       float64   // 0 to 1, comparable across stories
	Reasons     string    // "new story: 5 independent sources in 3 languages from 4 countries in 20 hours"
	PersonaSlug string    // the correspondent it is with now; "" when none
	RoutedTo    string    // the router's choice
	RouteReason string    // why the router chose it
	State       string    // DevelopmentNew, DevelopmentDrafting or DevelopmentDismissed
	Note        string    // why it is drafting, or not yet
	// ReassignedBy is the editor who last handed it to another
	// correspondent, "" when nobody has.
	ReassignedBy string
	ReassignedAt time.Time

	// Story is the story as it is now (title, counts, languages, region),
	// filled in by the desk's reads.
	Story beatdesk.Story
}

// RecordDevelopment stores a development the pipeline detected in state
// new or drafting. A story keeps one open development at a time: while
// one is new or drafting, a later one refreshes it (its moment, score,
// reasons and route; an editor's reassignment stands, and drafting stays
// drafting) instead of adding a second entry to the desk's queue. It
// returns the development's id.
func (tx *Tx) RecordDevelopment(ctx context.Context, d Development) (int64, error) {
	const op = "store.RecordDevelopment"
	if d.State != DevelopmentNew && d.State != DevelopmentDrafting {
		return 0, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a development is recorded as %s or %s, not %q", DevelopmentNew, DevelopmentDrafting, d.State)
	}
	if d.StoryID == 0 {
		return 0, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a development needs its story")
	}
	var id int64
	err := tx.q.QueryRowContext(ctx, `SELECT id FROM developments WHERE story_id = $1 AND state <> $2 ORDER BY id DESC LIMIT 1`,
		d.StoryID, DevelopmentDismissed).Scan(&id)
	switch {
	case err == sql.ErrNoRows:
		err = tx.q.QueryRowContext(ctx, `INSERT INTO developments (story_id, detected_at, updated_at, as_of, score, reasons,
			persona_slug, routed_to, route_reason, state, note) VALUES ($1, $2, $2, $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id`,
			d.StoryID, tx.Now, d.AsOf.UTC(), d.Score, d.Reasons, d.PersonaSlug, d.RouteReason, d.State, d.Note).Scan(&id)
	case err == nil:
		_, err = tx.q.ExecContext(ctx, `UPDATE developments SET updated_at = $2, as_of = $3, score = $4, reasons = $5,
			persona_slug = CASE WHEN reassigned_by = '' THEN $6 ELSE persona_slug END, routed_to = $6, route_reason = $7,
			state = CASE WHEN state = $8 THEN state ELSE $9 END, note = $10 WHERE id = $1`,
			id, tx.Now, d.AsOf.UTC(), d.Score, d.Reasons, d.PersonaSlug, d.RouteReason, DevelopmentDrafting, d.State, d.Note)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: story %d: %w", op, d.StoryID, err)
	}
	return id, nil
}

// DraftingDevelopment moves a story's waiting development, if it has one,
// to drafting, saying why in note: its draft has been queued.
func (tx *Tx) DraftingDevelopment(ctx context.Context, storyID int64, note string) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE developments SET state = $2, note = $3, updated_at = $4 WHERE story_id = $1 AND state = $5`,
		storyID, DevelopmentDrafting, note, tx.Now, DevelopmentNew)
	if err != nil {
		return fmt.Errorf("store.DraftingDevelopment: story %d: %w", storyID, err)
	}
	return nil
}

// EditorsCorrespondent returns the correspondent an editor last handed
// one of the story's developments to, or "" when no editor has, so that
// the router does not take the story back.
func (tx *Tx) EditorsCorrespondent(ctx context.Context, storyID int64) (string, error) {
	var slug string
	err := tx.q.QueryRowContext(ctx, `SELECT persona_slug FROM developments WHERE story_id = $1 AND reassigned_by <> ''
		ORDER BY reassigned_at DESC, id DESC LIMIT 1`, storyID).Scan(&slug)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store.EditorsCorrespondent: story %d: %w", storyID, err)
	}
	return slug, nil
}

const developmentCols = `d.id, d.story_id, d.detected_at, d.updated_at, d.as_of, d.score, d.reasons, d.persona_slug, d.routed_to,
	d.route_reason, d.state, d.note, d.reassigned_by, d.reassigned_at,
	s.title, s.first_seen, s.last_seen, s.articles, s.outlets, s.languages, s.region`

func scanDevelopment(row interface{ Scan(...any) error }) (Development, error) {
	var d Development
	var reassigned sql.NullTime
	var langs string
	err := row.Scan(&d.ID, &d.StoryID, &d.DetectedAt, &d.UpdatedAt, &d.AsOf, &d.Score, &d.Reasons, &d.PersonaSlug, &d.RoutedTo,
		&d.RouteReason, &d.State, &d.Note, &d.ReassignedBy, &reassigned,
		&d.Story.Title, &d.Story.FirstSeen, &d.Story.LastSeen, &d.Story.Articles, &d.Story.Outlets, &langs, &d.Story.Region)
	if err != nil {
		return d, err
	}
	d.DetectedAt, d.UpdatedAt, d.AsOf, d.ReassignedAt = d.DetectedAt.UTC(), d.UpdatedAt.UTC(), d.AsOf.UTC(), timeOf(reassigned)
	d.Story.ID, d.Story.FirstSeen, d.Story.LastSeen = d.StoryID, d.Story.FirstSeen.UTC(), d.Story.LastSeen.UTC()
	return d, fromJSON(langs, &d.Story.Languages)
}

// Developments lists the developments in the given states (all states
// when none), highest score first, the latest first among equals, at
// most limit, each with its story as it is now.
func (tx *Tx) Developments(ctx context.Context, limit int, states ...string) ([]Development, error) {
	q := `SELECT ` + developmentCols + ` FROM developments d JOIN stories s ON s.id = d.story_id`
	args := []any{limit}
	if len(states) > 0 {
		var in []string
		for _, st := range states {
			args = append(args, st)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		q += ` WHERE d.state IN (` + strings.Join(in, ", ") + `)`
	}
	rows, err := tx.q.QueryContext(ctx, q+` ORDER BY d.score DESC, d.updated_at DESC, d.id DESC LIMIT $1`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Developments: %w", err)
	}
	defer rows.Close()
	var out []Development
	for rows.Next() {
		d, err := scanDevelopment(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Developments: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// StoryDevelopments lists a story's developments, the latest first.
func (tx *Tx) StoryDevelopments(ctx context.Context, storyID int64) ([]Development, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+developmentCols+` FROM developments d JOIN stories s ON s.id = d.story_id
		WHERE d.story_id = $1 ORDER BY d.id DESC`, storyID)
	if err != nil {
		return nil, fmt.Errorf("store.StoryDevelopments: %w", err)
	}
	defer rows.Close()
	var out []Development
	for rows.Next() {
		d, err := scanDevelopment(rows)
		if err != nil {
			return nil, fmt.Errorf("store.StoryDevelopments: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Development returns the development with the given id, or ErrNotFound.
func (tx *Tx) Development(ctx context.Context, id int64) (Development, error) {
	d, err := scanDevelopment(tx.q.QueryRowContext(ctx, `SELECT `+developmentCols+` FROM developments d
		JOIN stories s ON s.id = d.story_id WHERE d.id = $1`, id))
	return d, notFound("store.Development", fmt.Sprintf("development %d", id), err)
}

// ReassignDevelopment hands a development, and its story, to the
// correspondent with slug, as actor, and logs it on the desk with note
// (which says who had it and who has it now). The story's draft, once
// queued or written, is by whoever the story was with then; later
// developments of the story stay with the editor's choice. A dismissed
// development is ErrConflict; an unknown one ErrNotFound.
func (tx *Tx) ReassignDevelopment(ctx context.Context, id int64, slug, actor, note string) (Development, error) {
	const op = "store.ReassignDevelopment"
	d, err := tx.Development(ctx, id)
	if err != nil {
		return d, err
	}
	switch {
	case slug == "":
		return d, beatdesk.Errorf(beatdesk.ErrInvalid, op, "pick the correspondent to hand the development to")
	case d.State == DevelopmentDismissed:
		return d, beatdesk.Errorf(beatdesk.ErrConflict, op, "development %d was dismissed; it can no longer be reassigned", id)
	case d.PersonaSlug == slug:
		return d, nil
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE developments SET persona_slug = $2, reassigned_by = $3, reassigned_at = $4, updated_at = $4
		WHERE id = $1`, id, slug, actor, tx.Now)
	if err != nil {
		return d, fmt.Errorf("%s: %w", op, err)
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE stories SET persona_slug = $2, route_reason = $3 WHERE id = $1`,
		d.StoryID, slug, "reassigned by "+actor+" ("+note+")")
	if err != nil {
		return d, fmt.Errorf("%s: %w", op, err)
	}
	d.PersonaSlug, d.ReassignedBy, d.ReassignedAt, d.UpdatedAt = slug, actor, tx.Now, tx.Now
	return d, tx.LogDesk(ctx, actor, "development reassigned", d.Story.Title, note)
}

// DismissDevelopment takes a development off the desk's queue, as actor,
// and logs it. Dismissing one already dismissed changes nothing.
func (tx *Tx) DismissDevelopment(ctx context.Context, id int64, actor string) (Development, error) {
	d, err := tx.Development(ctx, id)
	if err != nil || d.State == DevelopmentDismissed {
		return d, err
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE developments SET state = $2, updated_at = $3 WHERE id = $1`, id, DevelopmentDismissed, tx.Now)
	if err != nil {
		return d, fmt.Errorf("store.DismissDevelopment: %w", err)
	}
	d.State, d.UpdatedAt = DevelopmentDismissed, tx.Now
	return d, tx.LogDesk(ctx, actor, "development dismissed", d.Story.Title, fmt.Sprintf("score %.2f: %s", d.Score, d.Reasons))
}

// A StoryReport is one original article of a story as significance reads
// it: when it came out, its language, its outlet and the outlet's
// country, the places it names, and the outlets that ran copies of it.
type StoryReport struct {
	ArticleID int64
	Published time.Time // zero when the page gave no date
	FetchedAt time.Time
	Lang      string
	Outlet    string
	Country   string
	Places    []string
	Copies    []string // outlets of its copies, in the order they were stored
}

// StoryReports returns a story's latest original articles (by the order
// they were stored, at most limit), oldest first, each with the outlets
// that ran copies of it. Reading a bounded number keeps the cost of a
// large story's next article flat. (The join says duplicate_of <> 0 so
// that the engines use the index of copies, which holds only those.)
func (tx *Tx) StoryReports(ctx context.Context, storyID int64, limit int) ([]StoryReport, error) {
	const op = "store.StoryReports"
	rows, err := tx.q.QueryContext(ctx, `WITH latest AS (
			SELECT id, source_id, lang, published_at, fetched_at, places FROM articles
			WHERE story_id = $1 AND duplicate_of = 0 ORDER BY id DESC LIMIT $2)
		SELECT l.id, l.published_at, l.fetched_at, l.lang, s.name, s.country, l.places, COALESCE(cs.name, '')
		FROM latest l JOIN sources s ON s.id = l.source_id
		LEFT JOIN articles c ON c.duplicate_of = l.id AND c.duplicate_of <> 0
		LEFT JOIN sources cs ON cs.id = c.source_id
		ORDER BY l.id, c.id`, storyID, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []StoryReport
	for rows.Next() {
		var r StoryReport
		var pub sql.NullTime
		var places, copyOutlet string
		if err := rows.Scan(&r.ArticleID, &pub, &r.FetchedAt, &r.Lang, &r.Outlet, &r.Country, &places, &copyOutlet); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if n := len(out); n > 0 && out[n-1].ArticleID == r.ArticleID {
			out[n-1].Copies = append(out[n-1].Copies, copyOutlet)
			continue
		}
		r.Published, r.FetchedAt = timeOf(pub), r.FetchedAt.UTC()
		if err := fromJSON(places, &r.Places); err != nil {
			return nil, fmt.Errorf("%s: article %d: %w", op, r.ArticleID, err)
		}
		if copyOutlet != "" {
			r.Copies = []string{copyOutlet}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
