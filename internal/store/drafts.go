package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"beatdesk"
)

const draftCols = `id, story_id, persona_slug, writer, headline, dek, sections, citations, region, places,
	COALESCE(slug, ''), state, findings, editor_note, auto_publish, revision, created_at, updated_at, published_at, provenance`

func scanDraft(row interface{ Scan(...any) error }) (beatdesk.Draft, error) {
	var d beatdesk.Draft
	var sections, citations, places, findings, provenance string
	var pub sql.NullTime
	err := row.Scan(&d.ID, &d.StoryID, &d.PersonaSlug, &d.Writer, &d.Headline, &d.Dek, &sections, &citations, &d.Region,
		&places, &d.Slug, &d.State, &findings, &d.EditorNote, &d.AutoPublish, &d.Revision, &d.CreatedAt, &d.UpdatedAt, &pub, &provenance)
	if err != nil {
		return d, err
	}
	d.CreatedAt, d.UpdatedAt, d.PublishedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC(), timeOf(pub)
	for _, f := range []struct {
		s string
		v any
	}{{sections, &d.Sections}, {citations, &d.Citations}, {places, &d.Places}, {findings, &d.Findings}, {provenance, &d.Provenance}} {
		if err := fromJSON(f.s, f.v); err != nil {
			return d, fmt.Errorf("draft %d: %w", d.ID, err)
		}
	}
	return d, nil
}

// AddDraft stores a new draft (validated) in review. A story has at most
// one draft: adding a second returns ErrConflict.
func (tx *Tx) AddDraft(ctx context.Context, d beatdesk.Draft, actor string) (int64, error) {
	const op = "store.AddDraft"
	if err := d.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := tx.q.QueryRowContext(ctx, `INSERT INTO drafts (story_id, persona_slug, writer, headline, dek, sections,
		citations, region, places, state, findings, editor_note, provenance, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		d.StoryID, d.PersonaSlug, d.Writer, d.Headline, d.Dek, toJSON(d.Sections), toJSON(d.Citations), d.Region,
		toJSON(nonNil(d.Places)), beatdesk.DraftInReview, toJSON(d.Findings), d.EditorNote, toJSON(d.Provenance), tx.Now).Scan(&id)
	if isUnique(err) {
		return 0, &beatdesk.Error{Kind: beatdesk.ErrConflict, Op: op, Msg: fmt.Sprintf("story %d already has a draft", d.StoryID), Err: err}
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	note := fmt.Sprintf("written by %s; %d of %d claims unsupported", d.Writer, d.Unsupported(), len(d.Findings))
	if d.EditorNote != "" {
		note += ". " + d.EditorNote // e.g. why the extractive writer stood in for the model
	}
	d.ID, d.Revision = id, 1
	if err := tx.addRevision(ctx, d, actor); err != nil {
		return 0, err
	}
	return id, tx.logDraft(ctx, id, actor, "created", note)
}

// Draft returns the draft with the given id, or ErrNotFound.
func (tx *Tx) Draft(ctx context.Context, id int64) (beatdesk.Draft, error) {
	d, err := scanDraft(tx.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE id = $1`, id))
	return d, notFound("store.Draft", fmt.Sprintf("draft %d", id), err)
}

// DraftForStory reports the draft written for a story, if any.
func (tx *Tx) DraftForStory(ctx context.Context, storyID int64) (beatdesk.Draft, bool, error) {
	d, err := scanDraft(tx.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE story_id = $1`, storyID))
	if err == sql.ErrNoRows {
		return d, false, nil
	}
	return d, err == nil, err
}

// Published returns the live article (published, updated or corrected)
// with the given slug, or ErrNotFound.
func (tx *Tx) Published(ctx context.Context, slug string) (beatdesk.Draft, error) {
	d, err := scanDraft(tx.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE slug = $1 AND `+liveSQL, slug))
	return d, notFound("store.Published", "article "+slug, err)
}

// liveSQL matches the drafts on the site (beatdesk.LiveStates).
var liveSQL = "state IN ('" + strings.Join(beatdesk.LiveStates, "', '") + "')"

// A DraftFilter narrows a list of drafts. Zero fields match everything.
type DraftFilter struct {
	// State matches one state, except that DraftPublished matches every
	// live state (published, updated, corrected): what readers see.
	State   string
	Region  string
	Persona string
	Exclude int64 // a draft id to leave out
	Limit   int   // default 50
}

// Drafts lists drafts matching f, newest first (published ones by
// publication time).
func (tx *Tx) Drafts(ctx context.Context, f DraftFilter) ([]beatdesk.Draft, error) {
	q, args := draftList(draftCols, f)
	rows, err := tx.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Drafts: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// headlineCols are the columns a list of headlines shows.
const headlineCols = `id, story_id, persona_slug, headline, dek, region, COALESCE(slug, ''), state, created_at, updated_at, published_at`

// Headlines lists drafts matching f as Drafts does, but holding only what
// a list of headlines shows: id, story, correspondent, headline, dek,
// region, slug, state and dates. Their sections, citations and findings
// are left empty, which makes a list several times cheaper to read; use
// Drafts for anything that shows or checks the text.
func (tx *Tx) Headlines(ctx context.Context, f DraftFilter) ([]beatdesk.Draft, error) {
	q, args := draftList(headlineCols, f)
	rows, err := tx.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Headlines: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Draft
	for rows.Next() {
		var d beatdesk.Draft
		var pub sql.NullTime
		if err := rows.Scan(&d.ID, &d.StoryID, &d.PersonaSlug, &d.Headline, &d.Dek, &d.Region, &d.Slug, &d.State,
			&d.CreatedAt, &d.UpdatedAt, &pub); err != nil {
			return nil, fmt.Errorf("store.Headlines: %w", err)
		}
		d.CreatedAt, d.UpdatedAt, d.PublishedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC(), timeOf(pub)
		out = append(out, d)
	}
	return out, rows.Err()
}

// draftList writes the query that lists cols of the drafts matching f,
// newest first, and its arguments.
func draftList(cols string, f DraftFilter) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	switch f.State {
	case "":
	case beatdesk.DraftPublished:
		// Nearly every draft is live, so the state index narrows nothing;
		// "state || ''" keeps the planner off it (without statistics
		// SQLite would take it and then sort the whole table) and on the
		// indexes that give the list in publication order (00009).
		where = append(where, "(state || '') IN ('"+strings.Join(beatdesk.LiveStates, "', '")+"')")
	default:
		add("state = $%d", f.State)
	}
	if f.Region != "" {
		add("region = $%d", f.Region)
	}
	if f.Persona != "" {
		add("persona_slug = $%d", f.Persona)
	}
	if f.Exclude != 0 {
		add("id <> $%d", f.Exclude)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q := `SELECT ` + cols + ` FROM drafts`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit)
	order := "COALESCE(published_at, updated_at) DESC, id DESC"
	if f.State == beatdesk.DraftPublished {
		order = "published_at DESC, id DESC" // every live draft has one; the indexes of 00009 serve it
	}
	q += fmt.Sprintf(" ORDER BY %s LIMIT $%d", order, len(args))
	return q, args
}

// EditDraft replaces a draft's text (headline, dek, sections, findings)
// as an editor changed it, bumping its revision and keeping the new text
// as that revision. Only drafts not yet published can be edited
// (beatdesk.Editable); others return ErrConflict. An approved draft goes
// back to review.
func (tx *Tx) EditDraft(ctx context.Context, d beatdesk.Draft, actor string) error {
	const op = "store.EditDraft"
	if err := d.Validate(); err != nil {
		return err
	}
	cur, err := tx.Draft(ctx, d.ID)
	if err != nil {
		return err
	}
	if !beatdesk.Editable(cur.State) {
		return beatdesk.Errorf(beatdesk.ErrConflict, op, "a %s draft cannot be edited; add a correction or an update instead", beatdesk.StateName(cur.State))
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE drafts SET headline = $2, dek = $3, sections = $4, findings = $5,
		revision = revision + 1, updated_at = $6 WHERE id = $1`,
		d.ID, d.Headline, d.Dek, toJSON(d.Sections), toJSON(d.Findings), tx.Now)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	d.Revision = cur.Revision + 1
	if err := tx.addRevision(ctx, d, actor); err != nil {
		return err
	}
	if err := tx.logDraft(ctx, d.ID, actor, "edited", fmt.Sprintf("revision %d; %d claims unsupported", d.Revision, d.Unsupported())); err != nil {
		return err
	}
	if cur.State == beatdesk.DraftApproved {
		// The approval was of the text before this edit.
		_, err = tx.MoveDraft(ctx, d.ID, beatdesk.DraftInReview, actor, "edited after approval; approve it again")
	}
	return err
}

// MoveDraft moves a draft to state `to` if the desk allows it, recording
// who did it and why. Publishing gives the draft its slug and publication
// time. It returns ErrConflict for a transition the desk does not allow.
func (tx *Tx) MoveDraft(ctx context.Context, id int64, to, actor, note string) (beatdesk.Draft, error) {
	const op = "store.MoveDraft"
	d, err := tx.Draft(ctx, id)
	if err != nil {
		return d, err
	}
	if !beatdesk.CanMove(d.State, to) {
		return d, beatdesk.Errorf(beatdesk.ErrConflict, op, "a draft that is %s cannot be moved to %s",
			beatdesk.StateName(d.State), beatdesk.StateName(to))
	}
	if to == beatdesk.DraftPublished {
		d.Slug = Slug(d.Headline, id)
		d.PublishedAt = tx.Now
	}
	if to == beatdesk.DraftSentBack || (to == beatdesk.DraftSpiked && note != "") {
		d.EditorNote = note // what to change, or why it will not run
	}
	d.State = to
	d.AutoPublish = d.AutoPublish || (to == beatdesk.DraftPublished && actor == ActorSystem)
	_, err = tx.q.ExecContext(ctx, `UPDATE drafts SET state = $2, slug = $3, published_at = $4, editor_note = $5,
		auto_publish = $6, updated_at = $7 WHERE id = $1`,
		id, to, nullString(d.Slug), nullTime(d.PublishedAt), d.EditorNote, d.AutoPublish, tx.Now)
	if err != nil {
		return d, fmt.Errorf("%s: %w", op, err)
	}
	return d, tx.logDraft(ctx, id, actor, to, note)
}

// ActorSystem names the pipeline in the audit log.
const ActorSystem = "system"

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// A DraftEvent is one line of a draft's audit log.
type DraftEvent struct {
	Actor, Action, Note string
	At                  time.Time
}

func (tx *Tx) logDraft(ctx context.Context, id int64, actor, action, note string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO draft_events (draft_id, actor, action, note, at) VALUES ($1, $2, $3, $4, $5)`,
		id, actor, action, note, tx.Now)
	if err != nil {
		return fmt.Errorf("store.logDraft: %w", err)
	}
	return nil
}

// DraftEvents returns a draft's audit log, oldest first.
func (tx *Tx) DraftEvents(ctx context.Context, id int64) ([]DraftEvent, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT actor, action, note, at FROM draft_events WHERE draft_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store.DraftEvents: %w", err)
	}
	defer rows.Close()
	var out []DraftEvent
	for rows.Next() {
		var e DraftEvent
		if err := rows.Scan(&e.Actor, &e.Action, &e.Note, &e.At); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Slug makes a URL slug from a headline: up to ten words in ASCII, then
// the draft id so two equal headlines never collide.
func Slug(headline string, id int64) string {
	var b strings.Builder
	words := 0
	lastDash := true
	for _, r := range norm.NFKD.String(strings.ToLower(headline)) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			lastDash = false
		case unicode.Is(unicode.Mn, r):
			// accents fall away: "México" → "mexico"
		case !lastDash:
			words++
			if words >= 10 {
				goto done
			}
			b.WriteByte('-')
			lastDash = true
		}
	}
done:
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "analysis"
	}
	return fmt.Sprintf("%s-%d", s, id)
}
