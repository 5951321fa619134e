package payments

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"beatdesk"
)

// An Event is a verified webhook event, reduced to what the newsroom acts
// on. Exactly one of Subscription and Checkout is set for an event it acts
// on; neither for any other type, which is to be ignored.
type Event struct {
	ID      string    // evt_...: the same event may be delivered more than once
	Type    string    // e.g. "customer.subscription.updated"
	Created time.Time // when Stripe created it: the order events happened in

	Subscription *Subscription
	Checkout     *Checkout
}

// A Subscription is a membership as a subscription event describes it.
type Subscription struct {
	ID         string // sub_...
	CustomerID string // cus_...
	MemberID   int64  // the reader it was bought for; 0 when it was not bought on this site
	Plan       string // Monthly, Yearly, or "" when its price is not one of ours
	Status     string // Stripe's status; "canceled" for a deleted subscription
	PeriodEnd  time.Time
}

// A Checkout is a completed Checkout session.
type Checkout struct {
	SessionID      string // cs_...
	Membership     bool   // a subscription (else a one-time contribution)
	Paid           bool   // the money is in (false while a bank transfer is pending)
	MemberID       int64  // the signed-in reader who paid; 0 for an anonymous contribution
	CustomerID     string
	SubscriptionID string // for a membership
	Plan           string // for a membership
	Email          string
	Amount         int64  // total, in the currency's smallest unit
	Currency       string // lower case
}

// The event types the newsroom acts on.
const (
	CheckoutCompleted      = "checkout.session.completed"
	CheckoutAsyncSucceeded = "checkout.session.async_payment_succeeded"
	SubscriptionCreated    = "customer.subscription.created"
	SubscriptionUpdated    = "customer.subscription.updated"
	SubscriptionDeleted    = "customer.subscription.deleted"
)

// ParseEvent verifies a webhook request's body against its
// Stripe-Signature header and reads it. A missing or wrong signature, one
// made more than Tolerance ago, or a body that is not an event is
// ErrInvalid (Stripe expects 400 for each). Nothing may be done with a
// request that fails.
func (p *Payments) ParseEvent(body []byte, signature string) (Event, error) {
	const op = "payments.ParseEvent"
	// The event's API version is not checked against stripe-go's: only a
	// few long-stable fields are read, and an account on an older version
	// must not have every event refused.
	se, err := webhook.ConstructEventWithOptions(body, signature, p.cfg.WebhookSecret,
		webhook.ConstructEventOptions{Tolerance: Tolerance, IgnoreAPIVersionMismatch: true})
	switch {
	case errors.Is(err, webhook.ErrTooOld):
		return Event{}, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "the event was signed more than 300 seconds ago and is refused", Err: err}
	case errors.Is(err, webhook.ErrNotSigned), errors.Is(err, webhook.ErrInvalidHeader), errors.Is(err, webhook.ErrNoValidSignature):
		return Event{}, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "the event's signature is missing or wrong", Err: err}
	case err != nil:
		return Event{}, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "the body is not a Stripe event", Err: err}
	}
	ev := Event{ID: se.ID, Type: string(se.Type), Created: time.Unix(se.Created, 0).UTC()}
	if ev.ID == "" || se.Created == 0 || se.Data == nil {
		return Event{}, beatdesk.Errorf(beatdesk.ErrInvalid, op, "the event has no id, creation time or data")
	}
	switch ev.Type {
	case SubscriptionCreated, SubscriptionUpdated, SubscriptionDeleted:
		var s stripe.Subscription
		if err := json.Unmarshal(se.Data.Raw, &s); err != nil || s.ID == "" {
			return Event{}, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "the event's subscription cannot be read", Err: err}
		}
		ev.Subscription = p.subscription(&s)
		if ev.Type == SubscriptionDeleted {
			// Deleted is final, whatever status the object carries.
			ev.Subscription.Status = string(stripe.SubscriptionStatusCanceled)
		}
	case CheckoutCompleted, CheckoutAsyncSucceeded:
		var s stripe.CheckoutSession
		if err := json.Unmarshal(se.Data.Raw, &s); err != nil || s.ID == "" {
			return Event{}, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "the event's Checkout session cannot be read", Err: err}
		}
		if s.Mode == stripe.CheckoutSessionModeSubscription || s.Mode == stripe.CheckoutSessionModePayment {
			ev.Checkout = checkout(&s) // a "setup" session saves a card and buys nothing
		}
	}
	return ev, nil
}

func (p *Payments) subscription(s *stripe.Subscription) *Subscription {
	out := &Subscription{ID: s.ID, Status: string(s.Status), MemberID: memberID(s.Metadata[metaMember])}
	if s.Customer != nil {
		out.CustomerID = s.Customer.ID
	}
	// Since API version 2025-03-31 the period belongs to each item.
	var end int64
	if s.Items != nil {
		for _, it := range s.Items.Data {
			if it == nil {
				continue
			}
			end = max(end, it.CurrentPeriodEnd)
			if it.Price != nil && out.Plan == "" {
				out.Plan = p.planOf(it.Price.ID)
			}
		}
	}
	if end > 0 {
		out.PeriodEnd = time.Unix(end, 0).UTC()
	}
	if out.Plan == "" {
		out.Plan = p.planOf(p.price(s.Metadata[metaPlan]))
	}
	return out
}

func checkout(s *stripe.CheckoutSession) *Checkout {
	out := &Checkout{
		SessionID:  s.ID,
		Membership: s.Mode == stripe.CheckoutSessionModeSubscription,
		Paid: s.Status == stripe.CheckoutSessionStatusComplete &&
			(s.PaymentStatus == stripe.CheckoutSessionPaymentStatusPaid || s.PaymentStatus == stripe.CheckoutSessionPaymentStatusNoPaymentRequired),
		MemberID: memberID(s.ClientReferenceID),
		Plan:     s.Metadata[metaPlan],
		Amount:   s.AmountTotal,
		Currency: string(s.Currency),
	}
	if out.MemberID == 0 {
		out.MemberID = memberID(s.Metadata[metaMember])
	}
	if s.Customer != nil {
		out.CustomerID = s.Customer.ID
	}
	if s.Subscription != nil {
		out.SubscriptionID = s.Subscription.ID
	}
	out.Email = s.CustomerEmail
	if s.CustomerDetails != nil && s.CustomerDetails.Email != "" {
		out.Email = s.CustomerDetails.Email
	}
	return out
}

// memberID reads a reader's id from what Checkout was given; anything
// else is 0.
func memberID(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
