package payments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"beatdesk"
)

// Metadata keys set on what Checkout creates, so webhook events say whose
// they are whatever order they arrive in.
const (
	metaMember = "beatdesk_member_id"
	metaPlan   = "beatdesk_plan"
	metaKind   = "beatdesk_kind" // "membership" or "contribution"
)

// A Reader is who is paying, as far as the site knows.
type Reader struct {
	MemberID   int64  // 0: not signed in (contributions only)
	Email      string // prefilled on Stripe's page
	CustomerID string // the reader's Stripe customer from an earlier payment, if any
}

// Return is where Stripe sends the reader back to.
type Return struct {
	Success string // may contain {CHECKOUT_SESSION_ID}, which Stripe fills in
	Cancel  string
}

// CheckoutMembership opens a Checkout session for a subscription on plan
// for a signed-in reader and returns the URL of Stripe's payment page.
// It returns ErrInvalid for a plan not on offer or a reader not signed in,
// and ErrUnavailable when Stripe cannot be reached or refuses.
func (p *Payments) CheckoutMembership(ctx context.Context, r Reader, plan string, ret Return) (string, error) {
	const op = "payments.CheckoutMembership"
	price := p.price(plan)
	if price == "" {
		return "", beatdesk.Errorf(beatdesk.ErrInvalid, op, "there is no %q membership; choose monthly or yearly", plan)
	}
	if r.MemberID == 0 {
		return "", beatdesk.Errorf(beatdesk.ErrInvalid, op, "sign in before becoming a member, so the membership is yours")
	}
	member := strconv.FormatInt(r.MemberID, 10)
	params := &stripe.CheckoutSessionCreateParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		LineItems:         []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}},
		ClientReferenceID: stripe.String(member),
		SuccessURL:        stripe.String(ret.Success),
		CancelURL:         stripe.String(ret.Cancel),
		Metadata:          map[string]string{metaKind: "membership", metaMember: member, metaPlan: plan},
		SubscriptionData: &stripe.CheckoutSessionCreateSubscriptionDataParams{
			Metadata: map[string]string{metaMember: member, metaPlan: plan},
		},
	}
	p.identify(params, r)
	return p.open(ctx, op, params)
}

// CheckoutContribution opens a Checkout session for a one-time
// contribution of amount (in the currency's smallest unit; see
// ParseAmount) and returns the URL of Stripe's payment page.
func (p *Payments) CheckoutContribution(ctx context.Context, r Reader, amount int64, ret Return) (string, error) {
	const op = "payments.CheckoutContribution"
	lo, hi := Bounds(p.cfg.Currency)
	if amount < lo || amount > hi {
		return "", beatdesk.Errorf(beatdesk.ErrInvalid, op, "a contribution must be between %s and %s", FormatAmount(lo, p.cfg.Currency), FormatAmount(hi, p.cfg.Currency))
	}
	params := &stripe.CheckoutSessionCreateParams{
		Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:   stripe.String(p.cfg.Currency),
				UnitAmount: stripe.Int64(amount),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{
					Name: stripe.String("Contribution to " + p.cfg.SiteName),
				},
			},
			Quantity: stripe.Int64(1),
		}},
		SubmitType: stripe.String(string(stripe.CheckoutSessionSubmitTypeDonate)),
		SuccessURL: stripe.String(ret.Success),
		CancelURL:  stripe.String(ret.Cancel),
		Metadata:   map[string]string{metaKind: "contribution"},
	}
	if r.MemberID != 0 {
		member := strconv.FormatInt(r.MemberID, 10)
		params.ClientReferenceID = stripe.String(member)
		params.Metadata[metaMember] = member
	}
	p.identify(params, r)
	return p.open(ctx, op, params)
}

// identify tells Checkout who pays: their Stripe customer when they have
// one, so their subscriptions stay together, else their email prefilled.
func (p *Payments) identify(params *stripe.CheckoutSessionCreateParams, r Reader) {
	switch {
	case r.CustomerID != "":
		params.Customer = stripe.String(r.CustomerID)
	case r.Email != "":
		params.CustomerEmail = stripe.String(r.Email)
	}
}

func (p *Payments) open(ctx context.Context, op string, params *stripe.CheckoutSessionCreateParams) (string, error) {
	s, err := p.sc.V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		var se *stripe.Error
		if errors.As(err, &se) && se.Msg != "" {
			err = fmt.Errorf("stripe refused (%s %s): %s: %w", se.Type, se.Code, se.Msg, err)
		}
		return "", &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "the payment page could not be opened just now; nothing was charged, please try again in a minute", Err: err}
	}
	if s.URL == "" {
		return "", beatdesk.Errorf(beatdesk.ErrUnavailable, op, "Stripe opened a payment page without an address; nothing was charged, please try again")
	}
	return s.URL, nil
}

// zeroDecimal lists currencies without minor units (Stripe charges them in
// whole units).
var zeroDecimal = map[string]bool{"bif": true, "clp": true, "djf": true, "gnf": true, "jpy": true, "kmf": true,
	"krw": true, "mga": true, "pyg": true, "rwf": true, "ugx": true, "vnd": true, "vuv": true, "xaf": true, "xof": true, "xpf": true}

// Bounds returns the smallest and largest contribution accepted, in the
// currency's smallest unit: 3 to 1,000 units of the currency (3.00 to
// 1,000.00 dollars, or 3 to 1,000 yen). Stripe's own minimum is lower.
func Bounds(currency string) (lo, hi int64) {
	if zeroDecimal[strings.ToLower(currency)] {
		return 3, 1000
	}
	return 300, 100000
}

// ParseAmount reads an amount a reader typed ("15", "15.50", "15,5") as the
// currency's smallest unit, checking it is within Bounds. It returns
// ErrInvalid, saying what to type, for anything else.
func ParseAmount(s, currency string) (int64, error) {
	const op = "payments.ParseAmount"
	lo, hi := Bounds(currency)
	bad := beatdesk.Errorf(beatdesk.ErrInvalid, op, "type an amount between %s and %s, such as %s",
		FormatAmount(lo, currency), FormatAmount(hi, currency), FormatAmount(lo*5, currency))
	s = strings.TrimSpace(s)
	whole, frac, hasFrac := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	places := 2
	if zeroDecimal[strings.ToLower(currency)] {
		places = 0
	}
	if whole == "" || len(whole) > 7 || !digits(whole) || (hasFrac && (len(frac) == 0 || len(frac) > places || !digits(frac))) {
		return 0, bad
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	for i := 0; i < places; i++ {
		n *= 10
		if i < len(frac) {
			n += int64(frac[i] - '0')
		}
	}
	if n < lo || n > hi {
		return 0, bad
	}
	return n, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// FormatAmount writes an amount in the currency's smallest unit for a
// reader: "15.00 USD", "500 JPY".
func FormatAmount(n int64, currency string) string {
	code := strings.ToUpper(currency)
	if zeroDecimal[strings.ToLower(currency)] {
		return fmt.Sprintf("%d %s", n, code)
	}
	return fmt.Sprintf("%d.%02d %s", n/100, n%100, code)
}
