package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/payments"
	"beatdesk/internal/payments/stripetest"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

const webhookSecret = "whsec_web_test"

// stripe returns Payments talking to apiURL ("" when a test sends no
// request to Stripe).
func stripe(t *testing.T, apiURL string) *payments.Payments {
	t.Helper()
	if apiURL == "" {
		apiURL = "http://127.0.0.1:1" // nothing listens: a request would fail the test
	}
	p, err := payments.New(payments.Config{SecretKey: "sk_test_123", WebhookSecret: webhookSecret,
		MonthlyPrice: "price_month", YearlyPrice: "price_year", Currency: "usd", APIURL: apiURL, SiteName: "The Desk"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// addReader stores a subscriber and returns their id.
func (n *newsroom) addReader(email string) int64 {
	n.t.Helper()
	var m beatdesk.Member
	err := n.s.Update(context.Background(), func(tx *store.Tx) (err error) {
		m, err = tx.AddMember(context.Background(), email, beatdesk.LevelSubscriber)
		return err
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return m.ID
}

// signIn signs a browser in as the reader with that id.
func (b *browser) signIn(id int64) {
	b.n.t.Helper()
	ctx := context.Background()
	token := "token-for-reader-" + strings.Repeat("x", 20) + string(rune('a'+id%26))
	if err := b.n.s.Update(ctx, func(tx *store.Tx) error { return tx.AddSignInToken(ctx, id, token, signInTTL) }); err != nil {
		b.n.t.Fatal(err)
	}
	if p := b.get("/signin/" + token); p.Status != http.StatusSeeOther {
		b.n.t.Fatalf("sign-in: %d", p.Status)
	}
}

func (n *newsroom) level(id int64) string {
	n.t.Helper()
	var m beatdesk.Member
	if err := n.s.View(context.Background(), func(tx *store.Tx) (err error) { m, err = tx.Member(context.Background(), id); return err }); err != nil {
		n.t.Fatal(err)
	}
	return m.Level
}

func (n *newsroom) contributions() []store.Contribution {
	n.t.Helper()
	var cs []store.Contribution
	if err := n.s.View(context.Background(), func(tx *store.Tx) (err error) { cs, err = tx.Contributions(context.Background(), 100); return err }); err != nil {
		n.t.Fatal(err)
	}
	return cs
}

// deliver posts a webhook body as Stripe does, with the given signature
// header, and returns the status.
func (n *newsroom) deliver(body []byte, signature string) int {
	n.t.Helper()
	req, _ := http.NewRequest("POST", n.srv.URL+"/stripe/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if signature != "" {
		req.Header.Set("Stripe-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	resp.Body.Close()
	if c := resp.Header.Get("Set-Cookie"); c != "" {
		n.t.Errorf("the webhook set a cookie: %s", c)
	}
	return resp.StatusCode
}

// send signs and delivers an event now.
func (n *newsroom) send(id, typ string, created time.Time, object any) int {
	n.t.Helper()
	body := stripetest.Event(id, typ, created, object)
	return n.deliver(body, stripetest.Sign(body, webhookSecret, time.Now()))
}

func subscription(id string, member int64, status string) map[string]any {
	return map[string]any{
		"id": id, "object": "subscription", "status": status, "customer": "cus_" + id,
		"metadata": map[string]string{"beatdesk_member_id": itoa(member), "beatdesk_plan": "monthly"},
		"items": map[string]any{"object": "list", "data": []any{map[string]any{
			"id": "si_" + id, "current_period_end": time.Now().Add(30 * 24 * time.Hour).Unix(), "price": map[string]any{"id": "price_month"},
		}}},
	}
}

func completedCheckout(session, sub string, member int64, mode string, amount int64) map[string]any {
	o := map[string]any{
		"id": session, "object": "checkout.session", "mode": mode, "status": "complete", "payment_status": "paid",
		"amount_total": amount, "currency": "usd", "customer_details": map[string]any{"email": "ann@example.org"},
	}
	if member != 0 {
		o["client_reference_id"] = itoa(member)
	}
	if sub != "" {
		o["subscription"] = sub
		o["customer"] = "cus_" + sub
	}
	return o
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestPaymentsHiddenWhenOff checks that with Stripe not configured no
// payment page or webhook exists and nothing links to them.
func TestPaymentsHiddenWhenOff(t *testing.T) {
	n := open(t, web.Options{})
	slug := n.publish(sampleDraft(0))
	b := n.browser()
	b.get("/support").must(t, http.StatusNotFound)
	b.get("/support/thanks").must(t, http.StatusNotFound)
	b.post("/support/contribute", url.Values{"amount": {"10"}}).must(t, http.StatusNotFound)
	b.post("/support/membership", url.Values{"plan": {"monthly"}}).must(t, http.StatusNotFound)
	body := stripetest.Event("evt_off", payments.SubscriptionCreated, time.Now(), subscription("sub_off", 1, "active"))
	if got := n.deliver(body, stripetest.Sign(body, webhookSecret, time.Now())); got != http.StatusNotFound {
		t.Errorf("webhook with payments off: %d, want 404", got)
	}
	for _, path := range []string{"/", "/article/" + slug, "/how-we-work"} {
		b.get(path).mustNot(t, `href="/support`, "Support our work", "/stripe/")
	}

	on := open(t, web.Options{Payments: stripe(t, "")})
	on.browser().get("/support").must(t, http.StatusOK, "Support our work", `action="/support/contribute"`, "3.00 USD")
	// With payments on, the article's member box leads to them.
	onSlug := on.publish(sampleDraft(0))
	on.browser().get("/article/"+onSlug).must(t, http.StatusOK, `<a class="button" href="/support">Become a member</a>`,
		`<h2 id="support-h">Support our work</h2>`, `href="/support#contribute-h"`)

	// Browsers hold the redirect that answers a form to the page's
	// form-action, so Stripe Checkout is allowed there with payments on,
	// and only then.
	action := func(p page) string {
		for _, d := range strings.Split(p.Header.Get("Content-Security-Policy"), ";") {
			if d = strings.TrimSpace(d); strings.HasPrefix(d, "form-action ") {
				return d
			}
		}
		return ""
	}
	if got := action(on.browser().get("/support")); got != "form-action 'self' https://checkout.stripe.com" {
		t.Errorf("with payments on, the policy says %q", got)
	}
	if got := action(b.get("/")); got != "form-action 'self'" {
		t.Errorf("with payments off, the policy says %q", got)
	}
}

// TestStripeWebhook is the table of deliveries: only a good, new event
// of a type the newsroom acts on changes anything, and each gets the
// status Stripe expects (2xx acknowledges; 400 refuses a delivery that
// cannot be verified).
func TestStripeWebhook(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{Payments: stripe(t, "")})
		ann := n.addReader("ann@example.org")
		t0 := time.Now().Add(-time.Hour).Truncate(time.Second)

		created := stripetest.Event("evt_created", payments.SubscriptionCreated, t0, subscription("sub_1", ann, "active"))
		deleted := stripetest.Event("evt_deleted", payments.SubscriptionDeleted, t0.Add(time.Minute), subscription("sub_1", ann, "canceled"))
		// Same id as the creation, different content, properly signed: only
		// the id says it was processed already.
		replay := stripetest.Event("evt_created", payments.SubscriptionDeleted, t0.Add(time.Minute), subscription("sub_1", ann, "canceled"))
		unknown := stripetest.Event("evt_invoice", "invoice.payment_failed", t0.Add(time.Minute), map[string]any{
			"id": "in_1", "object": "invoice", "customer": "cus_sub_1", "subscription": "sub_1",
		})
		setup := stripetest.Event("evt_setup", payments.CheckoutCompleted, t0, completedCheckout("cs_setup", "", ann, "setup", 0))
		free := stripetest.Event("evt_free", payments.CheckoutCompleted, t0, completedCheckout("cs_free", "", ann, "payment", 0))
		contribution := stripetest.Event("evt_gift", payments.CheckoutCompleted, t0, completedCheckout("cs_gift", "", 0, "payment", 2500))
		now := time.Now()

		for _, c := range []struct {
			name      string
			body      []byte
			signature string
			status    int
			level     string // ann's level afterwards
			gifts     int    // contributions recorded afterwards
		}{
			{"good event", created, stripetest.Sign(created, webhookSecret, now), 200, beatdesk.LevelMember, 0},
			{"bad signature", deleted, stripetest.Sign(deleted, "whsec_someone_else", now), 400, beatdesk.LevelMember, 0},
			{"no signature", deleted, "", 400, beatdesk.LevelMember, 0},
			{"body changed after signing", deleted, stripetest.Sign(created, webhookSecret, now), 400, beatdesk.LevelMember, 0},
			{"timestamp 301 s old", deleted, stripetest.Sign(deleted, webhookSecret, now.Add(-301*time.Second)), 400, beatdesk.LevelMember, 0},
			{"replayed event id", replay, stripetest.Sign(replay, webhookSecret, now), 200, beatdesk.LevelMember, 0},
			{"same delivery again", created, stripetest.Sign(created, webhookSecret, now), 200, beatdesk.LevelMember, 0},
			{"unknown event type", unknown, stripetest.Sign(unknown, webhookSecret, now), 200, beatdesk.LevelMember, 0},
			{"not an event", []byte(`{"id":`), stripetest.Sign([]byte(`{"id":`), webhookSecret, now), 400, beatdesk.LevelMember, 0},
			{"setup session", setup, stripetest.Sign(setup, webhookSecret, now), 200, beatdesk.LevelMember, 0},
			{"contribution of nothing", free, stripetest.Sign(free, webhookSecret, now), 200, beatdesk.LevelMember, 0},
			{"contribution", contribution, stripetest.Sign(contribution, webhookSecret, now), 200, beatdesk.LevelMember, 1},
			{"contribution again", contribution, stripetest.Sign(contribution, webhookSecret, now.Add(-10*time.Second)), 200, beatdesk.LevelMember, 1},
			{"timestamp 290 s old", deleted, stripetest.Sign(deleted, webhookSecret, now.Add(-290*time.Second)), 200, beatdesk.LevelSubscriber, 1},
		} {
			if got := n.deliver(c.body, c.signature); got != c.status {
				t.Errorf("%s: status %d, want %d", c.name, got, c.status)
			}
			if got := n.level(ann); got != c.level {
				t.Errorf("%s: level %q, want %q", c.name, got, c.level)
			}
			if got := len(n.contributions()); got != c.gifts {
				t.Errorf("%s: %d contributions, want %d", c.name, got, c.gifts)
			}
		}
		if cs := n.contributions(); len(cs) == 1 && (cs[0].Amount != 2500 || cs[0].Email != "ann@example.org" || cs[0].MemberID != 0) {
			t.Errorf("contribution recorded as %+v", cs[0])
		}
		// The unknown event left no record: were it sent again as a known
		// type, it would be processed.
		err := s.Update(context.Background(), func(tx *store.Tx) error {
			fresh, err := tx.RecordStripeEvent(context.Background(), "evt_invoice", "x", now)
			if err == nil && !fresh {
				t.Error("an ignored event type was recorded as processed")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		resp, err := http.Get(n.srv.URL + "/stripe/webhook")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET /stripe/webhook: %d, want 405", resp.StatusCode)
		}
	})
}

// TestStripeWebhookOrderAndLapse delivers events out of order and through
// a membership's life: a deletion before its creation leaves no member;
// Checkout's completion grants membership before Stripe's subscription
// events arrive; a failed renewal keeps it while Stripe retries, unpaid
// and canceled end it.
func TestStripeWebhookOrderAndLapse(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{Payments: stripe(t, "")})
		ann, bob := n.addReader("ann@example.org"), n.addReader("bob@example.org")
		t0 := time.Now().Add(-time.Hour).Truncate(time.Second)
		at := func(d time.Duration) time.Time { return t0.Add(d) }
		step := func(name, id, typ string, created time.Time, obj any, who int64, want string) {
			t.Helper()
			if got := n.send(id, typ, created, obj); got != http.StatusOK {
				t.Errorf("%s: status %d", name, got)
			}
			if got := n.level(who); got != want {
				t.Errorf("%s: level %q, want %q", name, got, want)
			}
		}

		// Bob: deleted arrives first, then created, then Checkout's news.
		step("bob deleted first", "evt_b3", payments.SubscriptionDeleted, at(3*time.Minute), subscription("sub_b", bob, "canceled"), bob, beatdesk.LevelSubscriber)
		step("bob created late", "evt_b1", payments.SubscriptionCreated, at(time.Minute), subscription("sub_b", bob, "active"), bob, beatdesk.LevelSubscriber)
		step("bob checkout late", "evt_b2", payments.CheckoutCompleted, at(2*time.Minute), completedCheckout("cs_b", "sub_b", bob, "subscription", 900), bob, beatdesk.LevelSubscriber)
		step("bob updated active late", "evt_b4", payments.SubscriptionUpdated, at(2*time.Minute), subscription("sub_b", bob, "active"), bob, beatdesk.LevelSubscriber)

		// Ann: Checkout completes first, Stripe's events follow.
		step("ann checkout", "evt_a1", payments.CheckoutCompleted, at(time.Minute), completedCheckout("cs_a", "sub_a", ann, "subscription", 900), ann, beatdesk.LevelMember)
		step("ann created", "evt_a2", payments.SubscriptionCreated, at(time.Minute), subscription("sub_a", ann, "active"), ann, beatdesk.LevelMember)
		// A renewal fails: still a member while Stripe retries...
		step("ann past_due", "evt_a3", payments.SubscriptionUpdated, at(10*time.Minute), subscription("sub_a", ann, "past_due"), ann, beatdesk.LevelMember)
		// ...an "active" from before the failure, delivered late, changes nothing...
		step("ann stale active", "evt_a2b", payments.SubscriptionUpdated, at(5*time.Minute), subscription("sub_a", ann, "active"), ann, beatdesk.LevelMember)
		// ...and when the retries run out, unpaid ends it.
		step("ann unpaid", "evt_a4", payments.SubscriptionUpdated, at(20*time.Minute), subscription("sub_a", ann, "unpaid"), ann, beatdesk.LevelSubscriber)
		step("ann pays after all", "evt_a5", payments.SubscriptionUpdated, at(30*time.Minute), subscription("sub_a", ann, "active"), ann, beatdesk.LevelMember)
		step("ann cancels", "evt_a6", payments.SubscriptionDeleted, at(40*time.Minute), subscription("sub_a", ann, "canceled"), ann, beatdesk.LevelSubscriber)

		// A subscription found only by its customer (no metadata), once the
		// customer is linked to a reader by Checkout.
		noMeta := subscription("sub_a", ann, "active")
		noMeta["id"], noMeta["metadata"] = "sub_a2", map[string]string{}
		step("ann new subscription by customer", "evt_a7", payments.SubscriptionCreated, at(50*time.Minute), noMeta, ann, beatdesk.LevelMember)
		// A subscription of nobody we know changes nothing and is acknowledged.
		stranger := subscription("sub_x", 0, "active")
		stranger["metadata"] = map[string]string{}
		step("stranger", "evt_x", payments.SubscriptionCreated, at(time.Minute), stranger, bob, beatdesk.LevelSubscriber)
	})
}

// TestMembershipThroughStripeMock is the payment journey without a
// browser: the support page, Checkout opened at stripe-mock (which checks
// every parameter against Stripe's API description), the signed webhook
// that follows, and the members' part of an article opening and closing.
func TestMembershipThroughStripeMock(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example", Payments: stripe(t, stripetest.Start(t))})
	slug := n.publish(sampleDraft(0))
	ann := n.addReader("ann@example.org")

	anon := n.browser()
	anon.get("/support").must(t, http.StatusOK, "Sign in to become a member", `name="amount" value="10"`)
	if p := anon.post("/support/membership", url.Values{"plan": {"monthly"}}); p.Status != http.StatusSeeOther || p.Location != "/signin?next=/support" {
		t.Errorf("anonymous membership: %d to %q, want 303 to sign in", p.Status, p.Location)
	}
	if p := anon.post("/support/contribute", url.Values{"amount": {"15.50"}}); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "https://") {
		t.Errorf("anonymous contribution: %d to %q, want 303 to Stripe", p.Status, p.Location)
	}
	anon.post("/support/contribute", url.Values{"amount": {"1"}}).must(t, http.StatusBadRequest, "between 3.00 USD and 1000.00 USD")

	b := n.browser()
	b.signIn(ann)
	b.get("/support").must(t, http.StatusOK, `value="monthly"`, `value="yearly"`, "Monthly membership")
	b.post("/support/membership", url.Values{"plan": {"weekly"}}).must(t, http.StatusBadRequest, "choose monthly or yearly")
	p := b.post("/support/membership", url.Values{"plan": {"yearly"}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "https://") {
		t.Fatalf("membership checkout: %d to %q, want 303 to Stripe's page\n%s", p.Status, p.Location, p.Body)
	}
	b.get("/article/"+slug).mustNot(t, membersOnly...)

	// Stripe says the reader paid.
	if got := n.send("evt_paid", payments.CheckoutCompleted, time.Now(), completedCheckout("cs_ann", "sub_ann", ann, "subscription", 9900)); got != 200 {
		t.Fatalf("checkout webhook: %d", got)
	}
	b.get("/support/thanks?session_id=cs_ann").must(t, http.StatusOK, "you are a member")
	b.get("/article/"+slug).must(t, http.StatusOK, memberSecret)
	b.get("/support").must(t, http.StatusOK, "You are a member")
	b.post("/support/membership", url.Values{"plan": {"monthly"}}).must(t, http.StatusConflict, "member already")

	// The reader cancels; at the period's end Stripe deletes the subscription.
	if got := n.send("evt_gone", payments.SubscriptionDeleted, time.Now().Add(time.Second), subscription("sub_ann", ann, "canceled")); got != 200 {
		t.Fatalf("deleted webhook: %d", got)
	}
	b.get("/article/"+slug).mustNot(t, membersOnly...)
}
