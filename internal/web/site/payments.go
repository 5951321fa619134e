package site

import (
	"context"
	"log/slog"
	"net/http"

	"beatdesk"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
)

// Payments adds memberships and contributions to the reader site, through
// Stripe Checkout: the "Support our work" page, the two forms that send a
// reader to Stripe, the page they come back to, and Stripe's webhook.
// Package web registers these only when Stripe is configured, so with
// payments off every one of these addresses is "not found".
type Payments struct {
	*Site
	Stripe *payments.Payments
	Log    *slog.Logger
}

// Routes registers the reader-facing payment pages with handle.
func (p *Payments) Routes(handle func(pattern string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("GET /support", p.support)
	handle("POST /support/contribute", p.contribute)
	handle("POST /support/membership", p.membershipCheckout)
	handle("GET /support/thanks", p.supportThanks)
}

// WebhookRoutes registers Stripe's webhook. Stripe is a server, not a
// browser: it is mounted without sessions and without the cross-origin
// check, and each event proves itself by its signature.
func (p *Payments) WebhookRoutes(handle func(pattern string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("POST /stripe/webhook", p.stripeWebhook)
}

// payer returns who is paying, for Checkout: the signed-in reader with
// their Stripe customer, or nobody.
func (p *Payments) payer(ctx context.Context, m beatdesk.Member) (payments.Reader, error) {
	if m.ID == 0 {
		return payments.Reader{}, nil
	}
	r := payments.Reader{MemberID: m.ID, Email: m.Email}
	err := p.Store.View(ctx, func(tx *store.Tx) (err error) {
		r.CustomerID, err = tx.StripeCustomer(ctx, m.ID)
		return err
	})
	return r, err
}

// returns is where Stripe sends the reader back to.
func (p *Payments) returns() payments.Return {
	return payments.Return{
		Success: p.BaseURL + "/support/thanks?session_id={CHECKOUT_SESSION_ID}",
		Cancel:  p.BaseURL + "/support",
	}
}
