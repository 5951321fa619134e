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

// Published returns the published article with the given slug, or
// ErrNotFound.
func (tx *Tx) Published(ctx context.Context, slug string) (beatdesk.Draft, error) {
	d, err := scanDraft(tx.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE slug = $1 AND state = $2`, slug, beatdesk.DraftPublished))
	return d, notFound("store.Published", "article "+slug, err)
}

// A DraftFilter narrows a list of drafts. Zero fields match everything.
type DraftFilter struct {
	State   string
	Region  string
	Persona string
	Exclude int64 // a draft id to leave out
	Limit   int   // default 50
}

// Drafts lists drafts matching f, newest first (published ones by
// publication time).
func (tx *Tx) Drafts(ctx context.Context, f DraftFilter) ([]beatdesk.Draft, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.State != "" {
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
	q := `SELECT ` + draftCols + ` FROM drafts`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(" ORDER BY COALESCE(published_at, updated_at) DESC, id DESC LIMIT $%d", len(args))
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

// EditDraft replaces a draft's text (headline, dek, sections, findings)
// as an editor changed it, bumping its revision. Published, spiked drafts
// cannot be edited (ErrConflict).
func (tx *Tx) EditDraft(ctx context.Context, d beatdesk.Draft, actor string) error {
	const op = "store.EditDraft"
	if err := d.Validate(); err != nil {
		return err
	}
	cur, err := tx.Draft(ctx, d.ID)
	if err != nil {
		return err
	}
	if cur.State != beatdesk.DraftInReview && cur.State != beatdesk.DraftSentBack {
		return beatdesk.Errorf(beatdesk.ErrConflict, op, "a %s draft cannot be edited", strings.ReplaceAll(cur.State, "_", " "))
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE drafts SET headline = $2, dek = $3, sections = $4, findings = $5,
		revision = revision + 1, updated_at = $6 WHERE id = $1`,
		d.ID, d.Headline, d.Dek, toJSON(d.Sections), toJSON(d.Findings), tx.Now)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return tx.logDraft(ctx, d.ID, actor, "edited", fmt.Sprintf("revision %d; %d claims unsupported", cur.Revision+1, d.Unsupported()))
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
			strings.ReplaceAll(d.State, "_", " "), strings.ReplaceAll(to, "_", " "))
	}
	if to == beatdesk.DraftPublished {
		d.Slug = Slug(d.Headline, id)
		d.PublishedAt = tx.Now
	}
	if to == beatdesk.DraftSentBack {
		d.EditorNote = note
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
