package payments_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/payments"
	"beatdesk/internal/payments/stripetest"
)

const secret = "whsec_test_secret"

func newPayments(t *testing.T, apiURL string, client *http.Client) *payments.Payments {
	t.Helper()
	p, err := payments.New(payments.Config{
		SecretKey: "sk_test_123", WebhookSecret: secret, MonthlyPrice: "price_month", YearlyPrice: "price_year",
		Currency: "usd", APIURL: apiURL, SiteName: "The Desk", HTTPClient: client,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// recorder keeps the form of every request sent to Stripe and the status
// it got back.
type recorder struct {
	mu       sync.Mutex
	forms    []url.Values
	statuses []int
}

func (rec *recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	resp, err := http.DefaultTransport.RoundTrip(r)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.forms = append(rec.forms, form)
	if err == nil {
		rec.statuses = append(rec.statuses, resp.StatusCode)
	}
	return resp, err
}

// TestCheckout opens Checkout sessions at stripe-mock, which checks every
// parameter against Stripe's published API description, and checks what
// was asked for: a subscription to the plan's price for the signed-in
// reader, with the reader's id where every later event will carry it; a
// one-time donation of the chosen amount.
func TestCheckout(t *testing.T) {
	rec := &recorder{}
	p := newPayments(t, stripetest.Start(t), &http.Client{Transport: rec, Timeout: 30 * time.Second})
	ctx := context.Background()
	ret := payments.Return{Success: "https://news.example/support/thanks?session_id={CHECKOUT_SESSION_ID}", Cancel: "https://news.example/support"}

	u, err := p.CheckoutMembership(ctx, payments.Reader{MemberID: 42, Email: "ann@example.org"}, payments.Yearly, ret)
	if err != nil {
		t.Fatalf("CheckoutMembership: %v", err)
	}
	if !strings.HasPrefix(u, "https://") {
		t.Errorf("payment page %q is not an https URL", u)
	}
	f := rec.forms[len(rec.forms)-1]
	for k, want := range map[string]string{
		"mode": "subscription", "line_items[0][price]": "price_year", "line_items[0][quantity]": "1",
		"client_reference_id": "42", "customer_email": "ann@example.org",
		"subscription_data[metadata][beatdesk_member_id]": "42", "subscription_data[metadata][beatdesk_plan]": "yearly",
		"success_url": ret.Success,
	} {
		if got := f.Get(k); got != want {
			t.Errorf("membership checkout: %s = %q, want %q", k, got, want)
		}
	}

	// A returning customer is named, not their email.
	if _, err := p.CheckoutMembership(ctx, payments.Reader{MemberID: 42, Email: "ann@example.org", CustomerID: "cus_ann"}, payments.Monthly, ret); err != nil {
		t.Fatal(err)
	}
	f = rec.forms[len(rec.forms)-1]
	if f.Get("customer") != "cus_ann" || f.Has("customer_email") || f.Get("line_items[0][price]") != "price_month" {
		t.Errorf("returning customer's checkout: %v", f)
	}

	if _, err := p.CheckoutContribution(ctx, payments.Reader{}, 1550, ret); err != nil {
		t.Fatalf("CheckoutContribution: %v", err)
	}
	f = rec.forms[len(rec.forms)-1]
	for k, want := range map[string]string{
		"mode": "payment", "submit_type": "donate", "line_items[0][price_data][unit_amount]": "1550",
		"line_items[0][price_data][currency]": "usd", "line_items[0][price_data][product_data][name]": "Contribution to The Desk",
	} {
		if got := f.Get(k); got != want {
			t.Errorf("contribution checkout: %s = %q, want %q", k, got, want)
		}
	}
	if f.Has("client_reference_id") {
		t.Error("an anonymous contribution names a reader")
	}
	for i, s := range rec.statuses {
		if s != http.StatusOK {
			t.Errorf("request %d: stripe-mock answered %d", i, s)
		}
	}

	// Refused before Stripe is asked.
	n := len(rec.forms)
	for name, err := range map[string]error{
		"unknown plan": func() error {
			_, err := p.CheckoutMembership(ctx, payments.Reader{MemberID: 1}, "weekly", ret)
			return err
		}(),
		"anonymous": func() error {
			_, err := p.CheckoutMembership(ctx, payments.Reader{}, payments.Monthly, ret)
			return err
		}(),
		"too little": func() error { _, err := p.CheckoutContribution(ctx, payments.Reader{}, 299, ret); return err }(),
		"too much":   func() error { _, err := p.CheckoutContribution(ctx, payments.Reader{}, 100001, ret); return err }(),
	} {
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if len(rec.forms) != n {
		t.Errorf("refused checkouts still reached Stripe (%d requests)", len(rec.forms)-n)
	}

	// Stripe's refusal is ErrUnavailable with a message for the reader.
	bad := newPayments(t, "http://127.0.0.1:1", nil)
	_, err = bad.CheckoutContribution(ctx, payments.Reader{}, 500, ret)
	if !errors.Is(err, beatdesk.ErrUnavailable) || !strings.Contains(beatdesk.Message(err), "nothing was charged") {
		t.Errorf("unreachable Stripe: %v", err)
	}
}

// TestParseEvent checks the signature rules and what is read from each
// kind of event.
func TestParseEvent(t *testing.T) {
	p := newPayments(t, "", nil)
	now := time.Now()
	sub := map[string]any{
		"id": "sub_1", "object": "subscription", "status": "active", "customer": "cus_1",
		"metadata": map[string]string{"beatdesk_member_id": "7", "beatdesk_plan": "monthly"},
		"items": map[string]any{"object": "list", "data": []any{map[string]any{
			"id": "si_1", "current_period_end": now.Add(720 * time.Hour).Unix(), "price": map[string]any{"id": "price_year"},
		}}},
	}
	body := stripetest.Event("evt_1", payments.SubscriptionUpdated, now.Add(-time.Minute), sub)

	for _, c := range []struct {
		name, header string
		want         error
	}{
		{"good", stripetest.Sign(body, secret, now), nil},
		{"299 s old", stripetest.Sign(body, secret, now.Add(-299*time.Second)), nil},
		{"301 s old", stripetest.Sign(body, secret, now.Add(-301*time.Second)), beatdesk.ErrInvalid},
		{"wrong secret", stripetest.Sign(body, "whsec_other", now), beatdesk.ErrInvalid},
		{"unsigned", "", beatdesk.ErrInvalid},
		{"garbled header", "t=abc,v1=zz", beatdesk.ErrInvalid},
		{"other body", stripetest.Sign(append([]byte(" "), body...), secret, now), beatdesk.ErrInvalid},
	} {
		ev, err := p.ParseEvent(body, c.header)
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
			continue
		}
		if c.want != nil {
			continue
		}
		s := ev.Subscription
		if ev.ID != "evt_1" || s == nil || ev.Checkout != nil || s.ID != "sub_1" || s.CustomerID != "cus_1" || s.MemberID != 7 ||
			s.Plan != payments.Yearly || s.Status != "active" || s.PeriodEnd.Unix() != now.Add(720*time.Hour).Unix() ||
			ev.Created.Unix() != now.Add(-time.Minute).Unix() {
			t.Errorf("%s: read %+v %+v", c.name, ev, s)
		}
	}

	parse := func(typ string, obj any) payments.Event {
		t.Helper()
		b := stripetest.Event("evt_x", typ, now, obj)
		ev, err := p.ParseEvent(b, stripetest.Sign(b, secret, now))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		return ev
	}
	sub["status"] = "active"
	if ev := parse(payments.SubscriptionDeleted, sub); ev.Subscription.Status != "canceled" {
		t.Errorf("deleted subscription has status %q, want canceled", ev.Subscription.Status)
	}
	if ev := parse("invoice.paid", map[string]any{"id": "in_1", "object": "invoice"}); ev.Subscription != nil || ev.Checkout != nil {
		t.Errorf("an event type not acted on was read: %+v", ev)
	}
	ev := parse(payments.CheckoutCompleted, map[string]any{
		"id": "cs_1", "object": "checkout.session", "mode": "subscription", "status": "complete", "payment_status": "paid",
		"client_reference_id": "7", "customer": "cus_1", "subscription": "sub_1", "amount_total": 9900, "currency": "usd",
		"customer_details": map[string]any{"email": "ann@example.org"}, "metadata": map[string]string{"beatdesk_plan": "yearly"},
	})
	if c := ev.Checkout; c == nil || !c.Membership || !c.Paid || c.MemberID != 7 || c.SubscriptionID != "sub_1" ||
		c.CustomerID != "cus_1" || c.Email != "ann@example.org" || c.Plan != "yearly" || c.Amount != 9900 {
		t.Errorf("checkout read as %+v", ev.Checkout)
	}
	ev = parse(payments.CheckoutCompleted, map[string]any{
		"id": "cs_2", "object": "checkout.session", "mode": "payment", "status": "complete", "payment_status": "unpaid",
		"amount_total": 500, "currency": "usd", "client_reference_id": "not-a-number",
	})
	if c := ev.Checkout; c == nil || c.Membership || c.Paid || c.MemberID != 0 {
		t.Errorf("pending anonymous contribution read as %+v", ev.Checkout)
	}

	b := []byte(`{"id": "evt_2", "object": "event"`)
	if _, err := p.ParseEvent(b, stripetest.Sign(b, secret, now)); !errors.Is(err, beatdesk.ErrInvalid) {
		t.Errorf("signed non-JSON body: %v, want ErrInvalid", err)
	}
}

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in, currency string
		want         int64 // 0: refused
	}{
		{"15", "usd", 1500}, {" 15.5 ", "usd", 1550}, {"15,50", "eur", 1550}, {"3", "usd", 300}, {"1000", "usd", 100000},
		{"2.99", "usd", 0}, {"1000.01", "usd", 0}, {"15.555", "usd", 0}, {"-5", "usd", 0}, {"1e3", "usd", 0},
		{"", "usd", 0}, {"15.", "usd", 0}, {"$15", "usd", 0}, {"99999999999", "usd", 0},
		{"500", "jpy", 500}, {"500.5", "jpy", 0}, {"2", "jpy", 0},
	} {
		got, err := payments.ParseAmount(c.in, c.currency)
		if got != c.want || (c.want == 0) != errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", c.in, c.currency, got, err, c.want)
		}
	}
	if got := payments.FormatAmount(1550, "usd"); got != "15.50 USD" {
		t.Errorf("FormatAmount = %q", got)
	}
}

func TestNewRefusesMissingSecrets(t *testing.T) {
	if _, err := payments.New(payments.Config{SecretKey: "sk_test_1"}); err == nil || !strings.Contains(err.Error(), "WEBHOOK_SECRET") {
		t.Errorf("no webhook secret: %v", err)
	}
	if _, err := payments.New(payments.Config{SecretKey: "sk_test_1", WebhookSecret: "whsec_1", APIURL: "localhost:12111"}); err == nil {
		t.Error("a relative API URL was accepted")
	}
}
