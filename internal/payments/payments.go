// Package payments speaks to Stripe for memberships and contributions,
// through stripe-go. It does two things and keeps no state:
//
//   - Checkout: it opens a Stripe Checkout session for a membership (a
//     monthly or yearly subscription to a price configured in Stripe) or
//     for a one-time contribution of an amount the reader chooses within
//     bounds ("Support our work"), and returns the URL to send the reader to.
//   - Webhooks: it verifies an event's signature (and that it was signed
//     at most Tolerance ago) and reads what the newsroom acts on into an
//     Event: a subscription's new status, or a completed Checkout.
//
// What the events mean for a reader (idempotency, ordering, the member
// level) is decided by the store, in one transaction per event; the web
// package joins the two. With no secret key configured there is no
// Payments at all, and the site shows nothing of it.
package payments

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Tolerance is how old a webhook's signature may be. An event signed
// longer ago is refused, so a captured request cannot be replayed later.
const Tolerance = 300 * time.Second

// Grace is how long a member whose renewal failed (Stripe's past_due)
// stays a member while Stripe retries the payment.
const Grace = 7 * 24 * time.Hour

// Plans a reader can become a member on.
const (
	Monthly = "monthly"
	Yearly  = "yearly"
)

// Config is what Payments needs from the operator.
type Config struct {
	SecretKey     string // sk_live_..., sk_test_... or a restricted rk_... key
	WebhookSecret string // whsec_...: the signing secret of the webhook endpoint
	MonthlyPrice  string // price_... of the monthly membership; "" to not offer it
	YearlyPrice   string // price_... of the yearly membership; "" to not offer it
	Currency      string // of contributions, ISO 4217 (e.g. "usd"); default "usd"
	APIURL        string // Stripe's API root; "" for Stripe itself, set only for stripe-mock
	SiteName      string // names the contribution on Stripe's page and the receipt

	HTTPClient *http.Client // nil: stripe-go's default (80 s timeout)
}

// Payments opens Checkout sessions and reads webhook events.
type Payments struct {
	cfg Config
	sc  *stripe.Client
}

// New checks cfg and returns Payments, or an error telling the operator
// which setting cannot work and how to fix it.
func New(cfg Config) (*Payments, error) {
	switch {
	case cfg.SecretKey == "":
		return nil, errors.New("payments: no Stripe secret key; set BEATDESK_STRIPE_SECRET_KEY, or leave payments off")
	case cfg.WebhookSecret == "":
		return nil, errors.New("payments: no webhook signing secret; without it no payment can be confirmed (BEATDESK_STRIPE_WEBHOOK_SECRET, whsec_... from the webhook endpoint in Stripe's dashboard)")
	}
	if cfg.Currency == "" {
		cfg.Currency = "usd"
	}
	cfg.Currency = strings.ToLower(cfg.Currency)
	if cfg.SiteName == "" {
		cfg.SiteName = "beatdesk"
	}
	backend := &stripe.BackendConfig{
		HTTPClient:    cfg.HTTPClient,
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}, // errors are returned and logged by the caller
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("payments: API URL %q must be an absolute http(s) URL such as http://127.0.0.1:12111", cfg.APIURL)
		}
		backend.URL = stripe.String(strings.TrimRight(cfg.APIURL, "/"))
	}
	backends := stripe.NewBackendsWithConfig(backend)
	return &Payments{cfg: cfg, sc: stripe.NewClient(cfg.SecretKey, stripe.WithBackends(backends))}, nil
}

// Plans lists the membership plans on offer, monthly first.
func (p *Payments) Plans() []string {
	var out []string
	if p.cfg.MonthlyPrice != "" {
		out = append(out, Monthly)
	}
	if p.cfg.YearlyPrice != "" {
		out = append(out, Yearly)
	}
	return out
}

// Currency is the currency contributions are made in.
func (p *Payments) Currency() string { return p.cfg.Currency }

// price returns the Stripe price of a plan, or "" when it is not offered.
func (p *Payments) price(plan string) string {
	switch plan {
	case Monthly:
		return p.cfg.MonthlyPrice
	case Yearly:
		return p.cfg.YearlyPrice
	}
	return ""
}

// planOf returns the plan a Stripe price belongs to, or "".
func (p *Payments) planOf(price string) string {
	switch {
	case price == "":
		return ""
	case price == p.cfg.MonthlyPrice:
		return Monthly
	case price == p.cfg.YearlyPrice:
		return Yearly
	}
	return ""
}
