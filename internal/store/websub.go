package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"beatdesk"
)

// States of a WebSub subscription.
const (
	WebSubPending      = "pending"      // asked for (or about to be), not yet verified by the hub
	WebSubActive       = "active"       // verified; deliveries arrive until LeaseUntil
	WebSubDenied       = "denied"       // the hub refused or ended it
	WebSubUnsubscribed = "unsubscribed" // we ended it; kept so the hub can verify that
)

// A WebSub is one WebSub subscription of a source's feed at a hub.
type WebSub struct {
	ID, SourceID int64
	Hub, Topic   string
	Token        string // the callback is /websub/{token}
	Secret       string // the HMAC key deliveries are signed with
	State        string
	StateAt      time.Time // when State last changed
	RequestedAt  time.Time // the last request sent to the hub; zero before the first
	LeaseUntil   time.Time // zero until verified
	LastDelivery time.Time
	Deliveries   int // processed
	Ignored      int // refused: bad or missing signature, not a feed
	LastError    string
	CreatedAt    time.Time
}

const webSubCols = `id, source_id, hub, topic, token, secret, state, state_at, requested_at, lease_until,
	last_delivery_at, deliveries, ignored, last_error, created_at`

func scanWebSub(row interface{ Scan(...any) error }) (WebSub, error) {
	var w WebSub
	var requested, lease, delivered sql.NullTime
	err := row.Scan(&w.ID, &w.SourceID, &w.Hub, &w.Topic, &w.Token, &w.Secret, &w.State, &w.StateAt, &requested, &lease,
		&delivered, &w.Deliveries, &w.Ignored, &w.LastError, &w.CreatedAt)
	w.RequestedAt, w.LeaseUntil, w.LastDelivery = timeOf(requested), timeOf(lease), timeOf(delivered)
	w.StateAt, w.CreatedAt = w.StateAt.UTC(), w.CreatedAt.UTC()
	return w, err
}

// AddWebSub stores a new subscription of w.SourceID's feed, pending and
// not yet requested, and returns it. It returns ErrConflict when the
// source already has a current (not unsubscribed) subscription or the
// token is taken, and ErrInvalid when a field is missing.
func (tx *Tx) AddWebSub(ctx context.Context, w WebSub) (WebSub, error) {
	const op = "store.AddWebSub"
	if w.SourceID == 0 || w.Hub == "" || w.Topic == "" || w.Token == "" || w.Secret == "" {
		return w, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a subscription needs a source, hub, topic, token and secret")
	}
	out, err := scanWebSub(tx.q.QueryRowContext(ctx, `INSERT INTO websub_subscriptions
		(source_id, hub, topic, token, secret, state, state_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
		RETURNING `+webSubCols, w.SourceID, w.Hub, w.Topic, w.Token, w.Secret, WebSubPending, tx.Now))
	if isUnique(err) {
		return w, &beatdesk.Error{Kind: beatdesk.ErrConflict, Op: op, Msg: fmt.Sprintf("source %d already has a current WebSub subscription", w.SourceID), Err: err}
	}
	if err != nil {
		return w, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// WebSubOfSource returns the source's current subscription (any state
// but unsubscribed), or ErrNotFound.
func (tx *Tx) WebSubOfSource(ctx context.Context, sourceID int64) (WebSub, error) {
	w, err := scanWebSub(tx.q.QueryRowContext(ctx, `SELECT `+webSubCols+` FROM websub_subscriptions
		WHERE source_id = $1 AND state <> $2`, sourceID, WebSubUnsubscribed))
	return w, notFound("store.WebSubOfSource", fmt.Sprintf("a WebSub subscription of source %d", sourceID), err)
}

// WebSubByToken returns the subscription whose callback token is token,
// or ErrNotFound.
func (tx *Tx) WebSubByToken(ctx context.Context, token string) (WebSub, error) {
	w, err := scanWebSub(tx.q.QueryRowContext(ctx, `SELECT `+webSubCols+` FROM websub_subscriptions WHERE token = $1`, token))
	return w, notFound("store.WebSubByToken", "the WebSub subscription", err)
}

// WebSubByID returns the subscription with the given id, or ErrNotFound.
func (tx *Tx) WebSubByID(ctx context.Context, id int64) (WebSub, error) {
	w, err := scanWebSub(tx.q.QueryRowContext(ctx, `SELECT `+webSubCols+` FROM websub_subscriptions WHERE id = $1`, id))
	return w, notFound("store.WebSubByID", fmt.Sprintf("WebSub subscription %d", id), err)
}

// SetWebSubState moves a subscription to state, noting why (shown on the
// desk; "" clears the last error).
func (tx *Tx) SetWebSubState(ctx context.Context, id int64, state, note string) error {
	return tx.execWebSub(ctx, "store.SetWebSubState", `UPDATE websub_subscriptions SET state = $2, state_at = $3, last_error = $4
		WHERE id = $1`, id, state, tx.Now, note)
}

// WebSubRequested records that a request was sent to the hub now, with
// the error it met ("" when the hub accepted it). The state is left alone:
// a hub that verifies before answering has already made it active.
func (tx *Tx) WebSubRequested(ctx context.Context, id int64, errText string) error {
	return tx.execWebSub(ctx, "store.WebSubRequested", `UPDATE websub_subscriptions SET requested_at = $2, last_error = $3
		WHERE id = $1`, id, tx.Now, errText)
}

// ActivateWebSub records the hub's verification of a subscription with
// the lease it granted.
func (tx *Tx) ActivateWebSub(ctx context.Context, id int64, lease time.Duration) error {
	return tx.execWebSub(ctx, "store.ActivateWebSub", `UPDATE websub_subscriptions SET state = $2,
		state_at = CASE WHEN state = $2 THEN state_at ELSE $3 END, lease_until = $4, last_error = ''
		WHERE id = $1`, id, WebSubActive, tx.Now, tx.Now.Add(lease))
}

// RecordWebSubDelivery counts a processed delivery that added added items
// to the subscription's source.
func (tx *Tx) RecordWebSubDelivery(ctx context.Context, w WebSub, added int) error {
	const op = "store.RecordWebSubDelivery"
	if err := tx.execWebSub(ctx, op, `UPDATE websub_subscriptions SET deliveries = deliveries + 1, last_delivery_at = $2
		WHERE id = $1`, w.ID, tx.Now); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE sources SET item_count = item_count + $2 WHERE id = $1`, w.SourceID, added); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// RecordWebSubIgnored counts a delivery that was refused, and why.
func (tx *Tx) RecordWebSubIgnored(ctx context.Context, id int64, why string) error {
	return tx.execWebSub(ctx, "store.RecordWebSubIgnored", `UPDATE websub_subscriptions SET ignored = ignored + 1, last_error = $2
		WHERE id = $1`, id, why)
}

func (tx *Tx) execWebSub(ctx context.Context, op, q string, args ...any) error {
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = t.UTC()
		}
	}
	res, err := tx.q.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return beatdesk.Errorf(beatdesk.ErrNotFound, op, "WebSub subscription %v not found", args[0])
	}
	return nil
}

// WebSubDue holds the cutoffs that make a subscription due for a
// (re)subscription request. Due and WebSubsDue apply the same rule.
type WebSubDue struct {
	RetryBefore  time.Time // a pending subscription last requested before this is asked again
	LeaseBefore  time.Time // an active one whose lease ends before this is renewed...
	RenewBefore  time.Time // ...unless it was requested at or after this (a hub granting short leases is not asked every minute)
	DeniedBefore time.Time // a denied one whose denial came before this is tried again
}

// Due reports whether w should be asked for again.
func (c WebSubDue) Due(w WebSub) bool {
	switch w.State {
	case WebSubPending:
		return w.RequestedAt.IsZero() || w.RequestedAt.Before(c.RetryBefore)
	case WebSubActive:
		return w.LeaseUntil.Before(c.LeaseBefore) && (w.RequestedAt.IsZero() || w.RequestedAt.Before(c.RenewBefore))
	case WebSubDenied:
		return w.StateAt.Before(c.DeniedBefore)
	}
	return false
}

// WebSubsDue lists up to limit subscriptions due for a request by c's
// rule: never verified first, then by the end of the lease.
func (tx *Tx) WebSubsDue(ctx context.Context, c WebSubDue, limit int) ([]WebSub, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+webSubCols+` FROM websub_subscriptions WHERE
		(state = $1 AND (requested_at IS NULL OR requested_at < $4))
		OR (state = $2 AND lease_until < $5 AND (requested_at IS NULL OR requested_at < $6))
		OR (state = $3 AND state_at < $7)
		ORDER BY lease_until IS NOT NULL, lease_until, id LIMIT $8`,
		WebSubPending, WebSubActive, WebSubDenied, c.RetryBefore.UTC(), c.LeaseBefore.UTC(), c.RenewBefore.UTC(), c.DeniedBefore.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store.WebSubsDue: %w", err)
	}
	defer rows.Close()
	var out []WebSub
	for rows.Next() {
		w, err := scanWebSub(rows)
		if err != nil {
			return nil, fmt.Errorf("store.WebSubsDue: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// WebSubsBySource returns each source's current subscription (the newest
// one not unsubscribed), for the desk.
func (tx *Tx) WebSubsBySource(ctx context.Context) (map[int64]WebSub, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+webSubCols+` FROM websub_subscriptions WHERE state <> $1 ORDER BY id`, WebSubUnsubscribed)
	if err != nil {
		return nil, fmt.Errorf("store.WebSubsBySource: %w", err)
	}
	defer rows.Close()
	out := map[int64]WebSub{}
	for rows.Next() {
		w, err := scanWebSub(rows)
		if err != nil {
			return nil, fmt.Errorf("store.WebSubsBySource: %w", err)
		}
		out[w.SourceID] = w // later rows win: the newest
	}
	return out, rows.Err()
}
