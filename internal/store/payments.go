package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"beatdesk"
)

// Payments: what Stripe has told us, kept so that a webhook event applied
// twice, late or out of order leaves the same result as the events applied
// once, in order.
//
// Each Stripe subscription is a Membership row holding the latest status
// we know and the creation time of the event that said so. An event older
// than the row is ignored, and a subscription that has ended (canceled,
// incomplete_expired) never starts again: Stripe makes a new subscription
// for a reader who comes back. After every change the reader's level is
// worked out afresh from all their memberships.

// Stripe subscription statuses the store acts on.
const (
	StatusActive            = "active"
	StatusTrialing          = "trialing"
	StatusPastDue           = "past_due"
	StatusIncomplete        = "incomplete"
	StatusCanceled          = "canceled"
	StatusIncompleteExpired = "incomplete_expired"
)

// A Membership is one Stripe subscription of a reader's.
type Membership struct {
	SubscriptionID string // Stripe's sub_...
	MemberID       int64
	Plan           string    // "monthly", "yearly", or "" when the price is not one of ours
	Status         string    // Stripe's status, e.g. StatusActive
	StatusSince    time.Time // when it entered Status (an event's time)
	PeriodEnd      time.Time // end of the period paid for; zero when unknown
	EventAt        time.Time // creation time of the event this reflects
	UpdatedAt      time.Time
}

// Grants reports whether the membership makes its reader a member at now:
// while it is active or trialing, and while a failed renewal is retried
// (past_due) for at most grace.
func (m Membership) Grants(now time.Time, grace time.Duration) bool {
	switch m.Status {
	case StatusActive, StatusTrialing:
		return true
	case StatusPastDue:
		return now.Before(m.StatusSince.Add(grace))
	}
	return false
}

// ended reports whether a subscription in status can never be paid again.
func ended(status string) bool {
	return status == StatusCanceled || status == StatusIncompleteExpired
}

// A Contribution is a one-time payment made through "Support our work".
type Contribution struct {
	CheckoutSessionID string // Stripe's cs_...
	MemberID          int64  // 0 when the reader was not signed in
	Email             string
	Amount            int64  // in the currency's smallest unit (cents)
	Currency          string // ISO 4217, lower case, e.g. "usd"
	PaidAt            time.Time
}

// RecordStripeEvent remembers that the webhook event id is being
// processed in this transaction. It returns false when the event was
// processed before: the caller must then change nothing.
func (tx *Tx) RecordStripeEvent(ctx context.Context, id, typ string, created time.Time) (bool, error) {
	if id == "" {
		return false, beatdesk.Errorf(beatdesk.ErrInvalid, "store.RecordStripeEvent", "the event has no id")
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO stripe_events (id, type, created_at, processed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO NOTHING`, id, typ, created.UTC(), tx.Now)
	if err != nil {
		return false, fmt.Errorf("store.RecordStripeEvent: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteStripeEventsBefore forgets events processed before t. Stripe
// retries an event for three days, so keep at least that long.
func (tx *Tx) DeleteStripeEventsBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM stripe_events WHERE processed_at < $1`, t.UTC())
	if err != nil {
		return 0, fmt.Errorf("store.DeleteStripeEventsBefore: %w", err)
	}
	return res.RowsAffected()
}

// ApplyMembership records what a subscription event says about m, unless
// the store already knows something newer (an event created later, or
// the subscription's end), then updates the reader's level. It returns
// whether the membership changed.
func (tx *Tx) ApplyMembership(ctx context.Context, m Membership, grace time.Duration) (bool, error) {
	const op = "store.ApplyMembership"
	if m.SubscriptionID == "" || m.MemberID == 0 || m.Status == "" || m.EventAt.IsZero() {
		return false, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a membership needs a subscription id, a reader, a status and the event's time")
	}
	old, err := tx.membership(ctx, m.SubscriptionID)
	switch {
	case err == sql.ErrNoRows:
		_, err = tx.q.ExecContext(ctx, `INSERT INTO memberships
			(subscription_id, member_id, plan, status, status_since, period_end, event_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $5, $7)`,
			m.SubscriptionID, m.MemberID, m.Plan, m.Status, m.EventAt.UTC(), nullTime(m.PeriodEnd), tx.Now)
	case err != nil:
	case ended(old.Status) || m.EventAt.Before(old.EventAt):
		return false, nil
	default:
		since := old.StatusSince
		if m.Status != old.Status {
			since = m.EventAt
		}
		if m.Plan == "" {
			m.Plan = old.Plan
		}
		if m.PeriodEnd.IsZero() {
			m.PeriodEnd = old.PeriodEnd
		}
		m.MemberID = old.MemberID // a subscription never changes hands
		_, err = tx.q.ExecContext(ctx, `UPDATE memberships SET plan = $2, status = $3, status_since = $4, period_end = $5,
			event_at = $6, updated_at = $7 WHERE subscription_id = $1`,
			m.SubscriptionID, m.Plan, m.Status, since.UTC(), nullTime(m.PeriodEnd), m.EventAt.UTC(), tx.Now)
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	return true, tx.refreshLevel(ctx, m.MemberID, grace)
}

// StartMembership records that a reader completed Checkout for a
// subscription and paid. Stripe's own subscription events are the
// authority and may arrive before or after this one: the row written here
// has the earliest possible event time, so any of them overrides it, and
// it changes an existing row only from incomplete (awaiting the first
// payment) to active.
func (tx *Tx) StartMembership(ctx context.Context, subscriptionID string, memberID int64, plan string, at time.Time, grace time.Duration) error {
	const op = "store.StartMembership"
	if subscriptionID == "" || memberID == 0 {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "a membership needs a subscription id and a reader")
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO memberships
		(subscription_id, member_id, plan, status, status_since, event_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (subscription_id) DO UPDATE SET status = $4, status_since = $5, updated_at = $7
		WHERE memberships.status = $8`,
		subscriptionID, memberID, plan, StatusActive, at.UTC(), time.Unix(0, 0).UTC(), tx.Now, StatusIncomplete)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	var owner int64
	if err := tx.q.QueryRowContext(ctx, `SELECT member_id FROM memberships WHERE subscription_id = $1`, subscriptionID).Scan(&owner); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return tx.refreshLevel(ctx, owner, grace)
}

// refreshLevel makes the reader a member when one of their memberships
// grants it, and a subscriber again when none does. Readers without
// memberships are left alone.
func (tx *Tx) refreshLevel(ctx context.Context, memberID int64, grace time.Duration) error {
	ms, err := tx.Memberships(ctx, memberID)
	if err != nil || len(ms) == 0 {
		return err
	}
	level := beatdesk.LevelSubscriber
	for _, m := range ms {
		if m.Grants(tx.Now, grace) {
			level = beatdesk.LevelMember
		}
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE members SET level = $2 WHERE id = $1 AND level <> $2`, memberID, level)
	if err != nil {
		return fmt.Errorf("store.refreshLevel: %w", err)
	}
	return nil
}

// LapseMemberships ends the membership of readers whose renewal has
// failed for longer than grace with no event since (Stripe's retries may
// outlast the grace we give). It returns how many readers are members no
// longer. Run it periodically.
func (tx *Tx) LapseMemberships(ctx context.Context, grace time.Duration) (int, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT DISTINCT ms.member_id FROM memberships ms JOIN members m ON m.id = ms.member_id
		WHERE ms.status = $1 AND ms.status_since <= $2 AND m.level = $3`,
		StatusPastDue, tx.Now.Add(-grace), beatdesk.LevelMember)
	if err != nil {
		return 0, fmt.Errorf("store.LapseMemberships: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if err := tx.refreshLevel(ctx, id, grace); err != nil {
			return n, err
		}
		var level string
		if err := tx.q.QueryRowContext(ctx, `SELECT level FROM members WHERE id = $1`, id).Scan(&level); err != nil {
			return n, err
		}
		if level != beatdesk.LevelMember {
			n++
		}
	}
	return n, nil
}

const membershipCols = `subscription_id, member_id, plan, status, status_since, period_end, event_at, updated_at`

func scanMembership(row interface{ Scan(...any) error }) (Membership, error) {
	var m Membership
	var end sql.NullTime
	err := row.Scan(&m.SubscriptionID, &m.MemberID, &m.Plan, &m.Status, &m.StatusSince, &end, &m.EventAt, &m.UpdatedAt)
	m.PeriodEnd = timeOf(end)
	m.StatusSince, m.EventAt, m.UpdatedAt = m.StatusSince.UTC(), m.EventAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

func (tx *Tx) membership(ctx context.Context, subscriptionID string) (Membership, error) {
	return scanMembership(tx.q.QueryRowContext(ctx, `SELECT `+membershipCols+` FROM memberships WHERE subscription_id = $1`, subscriptionID))
}

// Memberships lists a reader's subscriptions, the latest news first.
func (tx *Tx) Memberships(ctx context.Context, memberID int64) ([]Membership, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT `+membershipCols+` FROM memberships WHERE member_id = $1
		ORDER BY event_at DESC, subscription_id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("store.Memberships: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetStripeCustomer links a reader to their Stripe customer, unless the
// reader has one already or the customer belongs to another reader. It
// reports whether the link was made.
func (tx *Tx) SetStripeCustomer(ctx context.Context, memberID int64, customerID string) (bool, error) {
	if customerID == "" {
		return false, nil
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE members SET stripe_customer_id = $2
		WHERE id = $1 AND stripe_customer_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM members other WHERE other.stripe_customer_id = $2)`, memberID, customerID)
	if err != nil {
		return false, fmt.Errorf("store.SetStripeCustomer: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// StripeCustomer returns the reader's Stripe customer id, or "" when they
// have never paid.
func (tx *Tx) StripeCustomer(ctx context.Context, memberID int64) (string, error) {
	var id sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT stripe_customer_id FROM members WHERE id = $1`, memberID).Scan(&id)
	return id.String, notFound("store.StripeCustomer", "reader", err)
}

// MemberByStripeCustomer returns the reader linked to a Stripe customer,
// or ErrNotFound.
func (tx *Tx) MemberByStripeCustomer(ctx context.Context, customerID string) (beatdesk.Member, error) {
	m, err := scanMember(tx.q.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE stripe_customer_id = $1`, customerID))
	return m, notFound("store.MemberByStripeCustomer", "reader", err)
}

// AddContribution records a one-time contribution once; a second record
// of the same Checkout session is ignored. It reports whether it was new.
func (tx *Tx) AddContribution(ctx context.Context, c Contribution) (bool, error) {
	const op = "store.AddContribution"
	if c.CheckoutSessionID == "" || c.Amount <= 0 || c.Currency == "" {
		return false, beatdesk.Errorf(beatdesk.ErrInvalid, op, "a contribution needs a Checkout session, a positive amount and a currency")
	}
	var member any
	if c.MemberID != 0 {
		member = c.MemberID
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO contributions (checkout_session_id, member_id, email, amount, currency, paid_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (checkout_session_id) DO NOTHING`,
		c.CheckoutSessionID, member, c.Email, c.Amount, c.Currency, c.PaidAt.UTC())
	if err != nil {
		return false, fmt.Errorf("%s: %w", op, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Contributions lists the latest contributions, newest first.
func (tx *Tx) Contributions(ctx context.Context, limit int) ([]Contribution, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT checkout_session_id, member_id, email, amount, currency, paid_at
		FROM contributions ORDER BY paid_at DESC, checkout_session_id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store.Contributions: %w", err)
	}
	defer rows.Close()
	var out []Contribution
	for rows.Next() {
		var c Contribution
		var member sql.NullInt64
		if err := rows.Scan(&c.CheckoutSessionID, &member, &c.Email, &c.Amount, &c.Currency, &c.PaidAt); err != nil {
			return nil, err
		}
		c.MemberID, c.PaidAt = member.Int64, c.PaidAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
