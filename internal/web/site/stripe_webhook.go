package site

import (
	"context"
	"errors"
	"io"
	"net/http"

	"beatdesk"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
)

// maxEventBody caps a webhook's body; Stripe's events are a few kilobytes.
const maxEventBody = 1 << 20

// stripeWebhook receives Stripe's events. An event whose signature is
// missing, wrong or older than 300 s is refused with 400 and changes
// nothing. A verified event is processed in one transaction with the
// record of its id, so an event delivered twice is acknowledged the
// second time without doing anything, and a failure on our side (500)
// leaves no trace, for Stripe to send it again. Event types the newsroom
// does not act on are acknowledged and not recorded.
func (p *Payments) stripeWebhook(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEventBody))
	if err != nil {
		return &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: "site.stripeWebhook", Msg: "the event could not be read (at most 1 MiB)", Err: err}
	}
	ev, err := p.Stripe.ParseEvent(body, r.Header.Get("Stripe-Signature"))
	if err != nil {
		p.Log.WarnContext(ctx, "stripe webhook refused", "err", err)
		return err
	}
	if ev.Subscription == nil && ev.Checkout == nil {
		p.Log.DebugContext(ctx, "stripe webhook ignored", "event", ev.ID, "type", ev.Type)
		w.WriteHeader(http.StatusOK)
		return nil
	}

	var outcome string
	err = p.Store.Update(ctx, func(tx *store.Tx) error {
		fresh, err := tx.RecordStripeEvent(ctx, ev.ID, ev.Type, ev.Created)
		if err != nil || !fresh {
			outcome = "already processed"
			return err
		}
		outcome, err = applyStripeEvent(ctx, tx, ev)
		return err
	})
	if err != nil {
		return err
	}
	p.Log.InfoContext(ctx, "stripe webhook", "event", ev.ID, "type", ev.Type, "outcome", outcome)
	w.WriteHeader(http.StatusOK)
	return nil
}

// applyStripeEvent records what a verified, new event says and returns a
// few words for the log. The store decides what an event changes given
// what it already knows, so events may arrive in any order.
func applyStripeEvent(ctx context.Context, tx *store.Tx, ev payments.Event) (string, error) {
	if s := ev.Subscription; s != nil {
		m, err := eventReader(ctx, tx, s.MemberID, s.CustomerID)
		if err != nil || m.ID == 0 {
			return "subscription of no reader of ours", err
		}
		if _, err := tx.SetStripeCustomer(ctx, m.ID, s.CustomerID); err != nil {
			return "", err
		}
		applied, err := tx.ApplyMembership(ctx, store.Membership{SubscriptionID: s.ID, MemberID: m.ID, Plan: s.Plan,
			Status: s.Status, PeriodEnd: s.PeriodEnd, EventAt: ev.Created}, payments.Grace)
		if !applied {
			return "older than what is known", err
		}
		return "membership " + s.Status, err
	}

	c := ev.Checkout
	if !c.Paid {
		return "not paid yet", nil // checkout.session.async_payment_succeeded follows
	}
	m, err := eventReader(ctx, tx, c.MemberID, c.CustomerID)
	if err != nil {
		return "", err
	}
	if m.ID != 0 {
		if _, err := tx.SetStripeCustomer(ctx, m.ID, c.CustomerID); err != nil {
			return "", err
		}
	}
	if c.Membership {
		if m.ID == 0 || c.SubscriptionID == "" {
			return "membership checkout of no reader of ours", nil
		}
		return "membership started", tx.StartMembership(ctx, c.SubscriptionID, m.ID, c.Plan, ev.Created, payments.Grace)
	}
	if c.Amount <= 0 {
		return "contribution of nothing (a full discount)", nil
	}
	_, err = tx.AddContribution(ctx, store.Contribution{CheckoutSessionID: c.SessionID, MemberID: m.ID,
		Email: c.Email, Amount: c.Amount, Currency: c.Currency, PaidAt: ev.Created})
	return "contribution", err
}

// eventReader finds the reader an event is about: by the id Checkout was given,
// else by their Stripe customer. It returns the zero Member when neither
// is one of ours (a subscription made in Stripe's dashboard, a reader
// since deleted).
func eventReader(ctx context.Context, tx *store.Tx, memberID int64, customerID string) (beatdesk.Member, error) {
	var m beatdesk.Member
	err := beatdesk.ErrNotFound
	if memberID != 0 {
		m, err = tx.Member(ctx, memberID)
	}
	if errors.Is(err, beatdesk.ErrNotFound) && customerID != "" {
		m, err = tx.MemberByStripeCustomer(ctx, customerID)
	}
	if errors.Is(err, beatdesk.ErrNotFound) {
		return beatdesk.Member{}, nil
	}
	return m, err
}
