package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"beatdesk"
)

// Digest kinds.
const (
	DigestDaily  = "daily"
	DigestWeekly = "weekly" // one per correspondent (beat)
)

// Send states. A send is pending until the SMTP server accepts it (sent),
// the reader is no longer a recipient when its turn comes (skipped), or
// it fails for good (failed).
const (
	SendPending = "pending"
	SendSent    = "sent"
	SendSkipped = "skipped"
	SendFailed  = "failed"
)

// NewsletterPrefs is what a reader receives: the daily digest (on unless
// turned off) and the weekly digests of the correspondents in Beats.
type NewsletterPrefs struct {
	MemberID int64
	Daily    bool
	Beats    []string // correspondents' slugs, sorted
}

// A DigestIssue is one digest: the daily, or a correspondent's weekly,
// over the articles published in [PeriodStart, PeriodEnd).
type DigestIssue struct {
	ID          int64
	Kind        string // DigestDaily, DigestWeekly
	Beat        string // the correspondent of a weekly; "" for the daily
	PeriodStart time.Time
	PeriodEnd   time.Time
	DraftIDs    []int64
	CreatedAt   time.Time
}

// A DigestSend is one issue on its way to one reader.
type DigestSend struct {
	IssueID  int64
	MemberID int64
	State    string
	Attempts int
	TriedAt  time.Time
	SentAt   time.Time
	Error    string
}

// NewsletterPrefs returns a reader's choices; a reader who never chose
// gets the daily digest and no weekly one.
func (tx *Tx) NewsletterPrefs(ctx context.Context, memberID int64) (NewsletterPrefs, error) {
	const op = "store.NewsletterPrefs"
	p := NewsletterPrefs{MemberID: memberID, Daily: true}
	err := tx.q.QueryRowContext(ctx, `SELECT daily FROM newsletter_prefs WHERE member_id = $1`, memberID).Scan(&p.Daily)
	if err != nil && err != sql.ErrNoRows {
		return p, fmt.Errorf("%s: %w", op, err)
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT beat FROM newsletter_beats WHERE member_id = $1 ORDER BY beat`, memberID)
	if err != nil {
		return p, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return p, fmt.Errorf("%s: %w", op, err)
		}
		p.Beats = append(p.Beats, b)
	}
	return p, rows.Err()
}

// SetNewsletterPrefs replaces a reader's choices.
func (tx *Tx) SetNewsletterPrefs(ctx context.Context, p NewsletterPrefs) error {
	const op = "store.SetNewsletterPrefs"
	_, err := tx.q.ExecContext(ctx, `INSERT INTO newsletter_prefs (member_id, daily, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (member_id) DO UPDATE SET daily = excluded.daily, updated_at = excluded.updated_at`, p.MemberID, p.Daily, tx.Now)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM newsletter_beats WHERE member_id = $1`, p.MemberID); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	for _, b := range p.Beats {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO newsletter_beats (member_id, beat) VALUES ($1, $2) ON CONFLICT DO NOTHING`, p.MemberID, b)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	return nil
}

// Receives reports whether a reader is, now, a recipient of the digest
// of kind and beat: confirmed, and subscribed to it. Digests go only to
// readers who confirmed their address (double opt-in).
func (tx *Tx) Receives(ctx context.Context, memberID int64, kind, beat string) (bool, error) {
	cond, args := recipients(kind, beat, 2)
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM members m WHERE m.id = $1 AND `+cond, append([]any{memberID}, args...)...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store.Receives: %w", err)
	}
	return n > 0, nil
}

// recipients is the condition on members m for receiving the digest of
// kind and beat, and its arguments, numbered from placeholder $n: a
// confirmed address, and the daily not turned off or the correspondent
// chosen.
func recipients(kind, beat string, n int) (string, []any) {
	cond := `m.confirmed_at IS NOT NULL AND m.level IN ('` + beatdesk.LevelSubscriber + `', '` + beatdesk.LevelMember + `')`
	if kind == DigestDaily {
		return cond + ` AND COALESCE((SELECT daily FROM newsletter_prefs p WHERE p.member_id = m.id), TRUE)`, nil
	}
	return cond + fmt.Sprintf(` AND EXISTS (SELECT 1 FROM newsletter_beats b WHERE b.member_id = m.id AND b.beat = $%d)`, n), []any{beat}
}

// PublishedBetween lists the live articles published in [from, to), of
// one correspondent when persona is not "", oldest first, at most limit.
func (tx *Tx) PublishedBetween(ctx context.Context, from, to time.Time, persona string, limit int) ([]beatdesk.Draft, error) {
	q := `SELECT ` + draftCols + ` FROM drafts WHERE published_at >= $1 AND published_at < $2
		AND state IN ('` + strings.Join(beatdesk.LiveStates, "', '") + `')`
	args := []any{from.UTC(), to.UTC()}
	if persona != "" {
		q += ` AND persona_slug = $3`
		args = append(args, persona)
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY published_at, id LIMIT $%d`, len(args))
	return tx.draftList(ctx, "store.PublishedBetween", q, args...)
}

// LiveDrafts returns the drafts with the given ids that are still live
// (published, updated or corrected), in the order of ids.
func (tx *Tx) LiveDrafts(ctx context.Context, ids []int64) ([]beatdesk.Draft, error) {
	var out []beatdesk.Draft
	for _, id := range ids {
		d, err := scanDraft(tx.q.QueryRowContext(ctx, `SELECT `+draftCols+` FROM drafts WHERE id = $1`, id))
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store.LiveDrafts: %w", err)
		}
		if beatdesk.IsLive(d.State) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (tx *Tx) draftList(ctx context.Context, op, q string, args ...any) ([]beatdesk.Draft, error) {
	rows, err := tx.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []beatdesk.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

const issueCols = `id, kind, beat, period_start, period_end, drafts, created_at`

func scanIssue(row interface{ Scan(...any) error }) (DigestIssue, error) {
	var i DigestIssue
	var drafts string
	err := row.Scan(&i.ID, &i.Kind, &i.Beat, &i.PeriodStart, &i.PeriodEnd, &drafts, &i.CreatedAt)
	if err != nil {
		return i, err
	}
	i.PeriodStart, i.PeriodEnd, i.CreatedAt = i.PeriodStart.UTC(), i.PeriodEnd.UTC(), i.CreatedAt.UTC()
	return i, fromJSON(drafts, &i.DraftIDs)
}

// LastDigestIssue returns the latest issue of kind and beat, or
// ErrNotFound.
func (tx *Tx) LastDigestIssue(ctx context.Context, kind, beat string) (DigestIssue, error) {
	i, err := scanIssue(tx.q.QueryRowContext(ctx, `SELECT `+issueCols+` FROM digest_issues
		WHERE kind = $1 AND beat = $2 ORDER BY period_end DESC LIMIT 1`, kind, beat))
	return i, notFound("store.LastDigestIssue", "digest issue", err)
}

// DigestIssue returns the issue with that id, or ErrNotFound.
func (tx *Tx) DigestIssue(ctx context.Context, id int64) (DigestIssue, error) {
	i, err := scanIssue(tx.q.QueryRowContext(ctx, `SELECT `+issueCols+` FROM digest_issues WHERE id = $1`, id))
	return i, notFound("store.DigestIssue", "digest issue", err)
}

// AddDigestIssue records an issue and one pending send for each of its
// recipients at this moment, and returns the issue and those readers'
// ids. An issue of the same kind, beat and period end is not made twice:
// then it returns that issue, created false, and no readers.
func (tx *Tx) AddDigestIssue(ctx context.Context, i DigestIssue) (_ DigestIssue, readers []int64, created bool, err error) {
	const op = "store.AddDigestIssue"
	if i.Kind != DigestDaily && i.Kind != DigestWeekly || i.Kind == DigestWeekly && i.Beat == "" || !i.PeriodStart.Before(i.PeriodEnd) {
		return i, nil, false, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a digest issue needs kind daily or weekly, a correspondent if weekly, and a period that ends after it starts")
	}
	err = tx.q.QueryRowContext(ctx, `INSERT INTO digest_issues (kind, beat, period_start, period_end, drafts, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, beat, period_end) DO NOTHING RETURNING id`,
		i.Kind, i.Beat, i.PeriodStart.UTC(), i.PeriodEnd.UTC(), toJSON(i.DraftIDs), tx.Now).Scan(&i.ID)
	if err == sql.ErrNoRows {
		old, err := scanIssue(tx.q.QueryRowContext(ctx, `SELECT `+issueCols+` FROM digest_issues
			WHERE kind = $1 AND beat = $2 AND period_end = $3`, i.Kind, i.Beat, i.PeriodEnd.UTC()))
		if err != nil {
			return i, nil, false, fmt.Errorf("%s: %w", op, err)
		}
		return old, nil, false, nil
	}
	if err != nil {
		return i, nil, false, fmt.Errorf("%s: %w", op, err)
	}
	i.CreatedAt = tx.Now
	cond, args := recipients(i.Kind, i.Beat, 2)
	rows, err := tx.q.QueryContext(ctx, `INSERT INTO digest_sends (issue_id, member_id, state)
		SELECT $1, m.id, '`+SendPending+`' FROM members m WHERE `+cond+`
		ORDER BY m.id RETURNING member_id`, append([]any{i.ID}, args...)...)
	if err != nil {
		return i, nil, false, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return i, nil, false, fmt.Errorf("%s: %w", op, err)
		}
		readers = append(readers, id)
	}
	return i, readers, true, rows.Err()
}

const sendCols = `issue_id, member_id, state, attempts, tried_at, sent_at, error`

func scanSend(row interface{ Scan(...any) error }) (DigestSend, error) {
	var s DigestSend
	var tried, sent sql.NullTime
	err := row.Scan(&s.IssueID, &s.MemberID, &s.State, &s.Attempts, &tried, &sent, &s.Error)
	s.TriedAt, s.SentAt = timeOf(tried), timeOf(sent)
	return s, err
}

// DigestSend returns one send, or ErrNotFound.
func (tx *Tx) DigestSend(ctx context.Context, issueID, memberID int64) (DigestSend, error) {
	s, err := scanSend(tx.q.QueryRowContext(ctx, `SELECT `+sendCols+` FROM digest_sends WHERE issue_id = $1 AND member_id = $2`, issueID, memberID))
	return s, notFound("store.DigestSend", "digest send", err)
}

// DigestSends lists an issue's sends by reader.
func (tx *Tx) DigestSends(ctx context.Context, issueID int64) ([]DigestSend, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+sendCols+` FROM digest_sends WHERE issue_id = $1 ORDER BY member_id`, issueID)
	if err != nil {
		return nil, fmt.Errorf("store.DigestSends: %w", err)
	}
	defer rows.Close()
	var out []DigestSend
	for rows.Next() {
		s, err := scanSend(rows)
		if err != nil {
			return nil, fmt.Errorf("store.DigestSends: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// TryDigestSend notes that an attempt at a pending send begins, and
// reports whether it is still pending (false: already done, nothing to do).
func (tx *Tx) TryDigestSend(ctx context.Context, issueID, memberID int64) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `UPDATE digest_sends SET attempts = attempts + 1, tried_at = $3
		WHERE issue_id = $1 AND member_id = $2 AND state = '`+SendPending+`'`, issueID, memberID, tx.Now)
	if err != nil {
		return false, fmt.Errorf("store.TryDigestSend: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishDigestSend moves a pending send to state (sent, skipped or
// failed), with the reason for a failure. It reports whether it did: a
// send already finished stays as it was.
func (tx *Tx) FinishDigestSend(ctx context.Context, issueID, memberID int64, state, reason string) (bool, error) {
	const op = "store.FinishDigestSend"
	var sentAt any
	switch state {
	case SendSent:
		sentAt = tx.Now
	case SendSkipped, SendFailed:
	default:
		return false, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a send finishes as sent, skipped or failed, not %q", state)
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE digest_sends SET state = $3, sent_at = $4, error = $5
		WHERE issue_id = $1 AND member_id = $2 AND state = '`+SendPending+`'`, issueID, memberID, state, sentAt, reason)
	if err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReopenDigestSend undoes a send marked sent whose message the server
// then refused: back to pending with the reason, to be tried again, or
// failed when failed is true.
func (tx *Tx) ReopenDigestSend(ctx context.Context, issueID, memberID int64, reason string, failed bool) error {
	state := SendPending
	if failed {
		state = SendFailed
	}
	_, err := tx.q.ExecContext(ctx, `UPDATE digest_sends SET state = $3, sent_at = NULL, error = $4
		WHERE issue_id = $1 AND member_id = $2 AND state = '`+SendSent+`'`, issueID, memberID, state, reason)
	if err != nil {
		return fmt.Errorf("store.ReopenDigestSend: %w", err)
	}
	return nil
}

// SiteKey returns the secret named name, making it on first use. Every
// process sharing the database signs and checks links with the same key.
func (tx *Tx) SiteKey(ctx context.Context, name string) ([]byte, error) {
	const op = "store.SiteKey"
	b := make([]byte, 32)
	rand.Read(b) // never fails; see crypto/rand
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO site_keys (name, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, hex.EncodeToString(b), tx.Now); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var secret string
	if err := tx.q.QueryRowContext(ctx, `SELECT secret FROM site_keys WHERE name = $1`, name).Scan(&secret); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return hex.DecodeString(secret)
}
