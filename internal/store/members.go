package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"beatdesk"
)

const memberCols = `id, email, level, confirmed_at, created_at`

func scanMember(row interface{ Scan(...any) error }) (beatdesk.Member, error) {
	var m beatdesk.Member
	var confirmed sql.NullTime
	err := row.Scan(&m.ID, &m.Email, &m.Level, &confirmed, &m.CreatedAt)
	m.ConfirmedAt = timeOf(confirmed)
	return m, err
}

// AddMember stores a reader at the given level, or returns the existing
// reader with that email unchanged.
func (tx *Tx) AddMember(ctx context.Context, email, level string) (beatdesk.Member, error) {
	email, err := beatdesk.NormaliseEmail(email)
	if err != nil {
		return beatdesk.Member{}, err
	}
	_, err = tx.q.ExecContext(ctx, `INSERT INTO members (email, level, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (email) DO NOTHING`, email, level, tx.Now)
	if err != nil {
		return beatdesk.Member{}, fmt.Errorf("store.AddMember: %w", err)
	}
	return scanMember(tx.q.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE email = $1`, email))
}

// Member returns the reader with that id, or ErrNotFound.
func (tx *Tx) Member(ctx context.Context, id int64) (beatdesk.Member, error) {
	m, err := scanMember(tx.q.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE id = $1`, id))
	return m, notFound("store.Member", "reader", err)
}

// SetMemberLevel changes a reader's level.
func (tx *Tx) SetMemberLevel(ctx context.Context, id int64, level string) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE members SET level = $2 WHERE id = $1`, id, level)
	return err
}

// AddSignInToken stores the hash of a single-use sign-in token for a
// reader, valid for ttl. Only the hash is kept, so a copy of the database
// cannot sign anyone in.
func (tx *Tx) AddSignInToken(ctx context.Context, memberID int64, token string, ttl time.Duration) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO sign_in_tokens (token_hash, member_id, expires_at) VALUES ($1, $2, $3)`,
		hashToken(token), memberID, tx.Now.Add(ttl))
	if err != nil {
		return fmt.Errorf("store.AddSignInToken: %w", err)
	}
	return nil
}

// UseSignInToken spends a token: it confirms the reader's address and
// returns the reader. A token that is unknown, used or expired is
// ErrForbidden.
func (tx *Tx) UseSignInToken(ctx context.Context, token string) (beatdesk.Member, error) {
	const op = "store.UseSignInToken"
	var memberID int64
	err := tx.q.QueryRowContext(ctx, `UPDATE sign_in_tokens SET used_at = $2
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING member_id`,
		hashToken(token), tx.Now).Scan(&memberID)
	if err == sql.ErrNoRows {
		return beatdesk.Member{}, beatdesk.Errorf(beatdesk.ErrForbidden, op, "this sign-in link has expired or was already used; ask for a new one")
	}
	if err != nil {
		return beatdesk.Member{}, fmt.Errorf("%s: %w", op, err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE members SET confirmed_at = COALESCE(confirmed_at, $2) WHERE id = $1`, memberID, tx.Now); err != nil {
		return beatdesk.Member{}, fmt.Errorf("%s: %w", op, err)
	}
	return tx.Member(ctx, memberID)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AddMail records a message as sent (the outbox).
func (tx *Tx) AddMail(ctx context.Context, m beatdesk.Mail) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO mails (to_addr, subject, body, sent_at) VALUES ($1, $2, $3, $4)`,
		m.To, m.Subject, m.Body, tx.Now)
	if err != nil {
		return fmt.Errorf("store.AddMail: %w", err)
	}
	return nil
}

// Outbox lists the latest messages sent, newest first.
func (tx *Tx) Outbox(ctx context.Context, limit int) ([]beatdesk.Mail, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT id, to_addr, subject, body, sent_at FROM mails ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store.Outbox: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.Mail
	for rows.Next() {
		var m beatdesk.Mail
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.SentAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MemberByEmail returns the reader with that address, or ErrNotFound.
func (tx *Tx) MemberByEmail(ctx context.Context, email string) (beatdesk.Member, error) {
	m, err := scanMember(tx.q.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE email = $1`, email))
	return m, notFound("store.MemberByEmail", "reader", err)
}

// DeleteExpiredTokens removes sign-in tokens that are used or expired.
func (tx *Tx) DeleteExpiredTokens(ctx context.Context) (int64, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM sign_in_tokens WHERE used_at IS NOT NULL OR expires_at <= $1`, tx.Now)
	if err != nil {
		return 0, fmt.Errorf("store.DeleteExpiredTokens: %w", err)
	}
	return res.RowsAffected()
}
