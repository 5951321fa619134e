package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"beatdesk"
)

const sourceCols = `id, name, feed_url, site_url, lang, country, priority, etag, last_modified,
	next_poll_at, last_polled_at, last_ok_at, last_error, error_count, item_count, created_at,
	poll_interval, paused, schedule_note`

func scanSource(row interface{ Scan(...any) error }) (beatdesk.Source, error) {
	var s beatdesk.Source
	var polled, ok sql.NullTime
	var interval int64
	err := row.Scan(&s.ID, &s.Name, &s.FeedURL, &s.SiteURL, &s.Lang, &s.Country, &s.Priority, &s.ETag, &s.LastModified,
		&s.NextPollAt, &polled, &ok, &s.LastError, &s.ErrorCount, &s.ItemCount, &s.CreatedAt,
		&interval, &s.Paused, &s.ScheduleNote)
	s.PollInterval = time.Duration(interval) * time.Second
	s.LastPolledAt, s.LastOKAt = timeOf(polled), timeOf(ok)
	s.NextPollAt, s.CreatedAt = s.NextPollAt.UTC(), s.CreatedAt.UTC()
	return s, err
}

// AddSource stores src (validated) due for polling now, or, when a source
// with the same feed URL exists, updates its name, site, language and
// country. It returns the stored source.
func (tx *Tx) AddSource(ctx context.Context, src beatdesk.Source) (beatdesk.Source, error) {
	if err := src.Validate(); err != nil {
		return src, err
	}
	row := tx.q.QueryRowContext(ctx, `
		INSERT INTO sources (name, feed_url, site_url, lang, country, priority, next_poll_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
		ON CONFLICT (feed_url) DO UPDATE SET name = excluded.name, site_url = excluded.site_url,
			lang = excluded.lang, country = excluded.country, priority = excluded.priority
		RETURNING `+sourceCols,
		src.Name, src.FeedURL, src.SiteURL, src.Lang, src.Country, src.Priority, tx.Now)
	return scanSource(row)
}

// Source returns the source with the given id, or ErrNotFound.
func (tx *Tx) Source(ctx context.Context, id int64) (beatdesk.Source, error) {
	s, err := scanSource(tx.q.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = $1`, id))
	return s, notFound("store.Source", fmt.Sprintf("source %d", id), err)
}

// Sources lists every source, failing ones first, then by name.
func (tx *Tx) Sources(ctx context.Context) ([]beatdesk.Source, error) {
	return tx.querySources(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY error_count > 0 DESC, name`)
}

// DueSources lists up to limit sources whose next poll is due, most
// overdue and highest priority first.
func (tx *Tx) DueSources(ctx context.Context, limit int) ([]beatdesk.Source, error) {
	return tx.querySources(ctx, `SELECT `+sourceCols+` FROM sources WHERE next_poll_at <= $1
		ORDER BY priority DESC, next_poll_at LIMIT $2`, tx.Now, limit)
}

func (tx *Tx) querySources(ctx context.Context, q string, args ...any) ([]beatdesk.Source, error) {
	rows, err := tx.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Sources: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Sources: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// A PollResult is what one poll of a source learned and what the
// scheduler decided from it.
type PollResult struct {
	OK           bool
	Err          string // the error shown on the desk when !OK
	ETag         string
	LastModified string
	NewItems     int
	Interval     time.Duration // until the next poll, before jitter
	Next         time.Time     // the next poll, jitter included
	Paused       bool
	Note         string // why that interval
}

// RecordPoll stores the outcome of a poll: validators and the schedule on
// success; the error and the failure count otherwise (earlier validators
// are kept so the next poll can still be conditional).
func (tx *Tx) RecordPoll(ctx context.Context, id int64, r PollResult) error {
	var err error
	secs := int64(r.Interval / time.Second)
	if r.OK {
		_, err = tx.q.ExecContext(ctx, `UPDATE sources SET etag = $2, last_modified = $3, next_poll_at = $4,
			last_polled_at = $5, last_ok_at = $5, last_error = '', error_count = 0, item_count = item_count + $6,
			poll_interval = $7, paused = FALSE, schedule_note = $8
			WHERE id = $1`, id, r.ETag, r.LastModified, r.Next.UTC(), tx.Now, r.NewItems, secs, r.Note)
	} else {
		_, err = tx.q.ExecContext(ctx, `UPDATE sources SET next_poll_at = $2, last_polled_at = $3,
			last_error = $4, error_count = error_count + 1, poll_interval = $5, paused = $6, schedule_note = $7
			WHERE id = $1`, id, r.Next.UTC(), tx.Now, r.Err, secs, r.Paused, r.Note)
	}
	if err != nil {
		return fmt.Errorf("store.RecordPoll: %w", err)
	}
	return nil
}

// SourcePriority counts the active stories (seen since the given time,
// with at least two outlets) that the source has contributed to; the
// scheduler polls such sources sooner.
func (tx *Tx) SourcePriority(ctx context.Context, sourceID int64, since time.Time) (int, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT count(DISTINCT a.story_id) FROM articles a JOIN stories s ON s.id = a.story_id
		WHERE a.source_id = $1 AND s.last_seen >= $2 AND s.outlets >= 2`, sourceID, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.SourcePriority: %w", err)
	}
	return n, nil
}

// SourceCount counts the sources watched.
func (tx *Tx) SourceCount(ctx context.Context) (int, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM sources`).Scan(&n)
	return n, err
}
