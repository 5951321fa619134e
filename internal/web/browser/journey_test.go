package browser_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"beatdesk"
	"beatdesk/internal/mail"
	"beatdesk/internal/mail/mailtest"
	"beatdesk/internal/payments"
	"beatdesk/internal/payments/stripetest"
	"beatdesk/internal/web/browser"
)

// TestJourneys drives a real browser through the publication's main
// journeys, against mailpit for mail and stripe-mock for payments:
//
//   - a reader opens an article, subscribes to the newsletter from it,
//     confirms through the link mailed to them and then sees the direct
//     source links;
//   - the same reader buys a membership through Stripe Checkout; once
//     Stripe's signed webhook arrives the members' continuation opens;
//   - an editor signs in to the desk, fixes the claim the citation check
//     flagged in a draft, publishes it, and finds it on the home page.
//
// Screenshots of the pages that matter are written to a folder the test
// logs: $BEATDESK_SCREENSHOTS, or a new folder under the temporary
// directory.
func TestJourneys(t *testing.T) {
	ctx := browser.Start(t)
	box := mailtest.Start(t)
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: box.SMTPHost, Port: box.SMTPPort, From: "newsletter@news.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	n := openNewsroom(t, sender, stripetest.Start(t))
	shots := screenshotDir(t)

	sinaloa := n.publish(sinaloaArticle())
	n.publish(balticArticle())
	flagged := n.addDraft(suezDraft())
	n.addEditor("editor@news.example", editorPassword)

	if t.Run("reader subscribes", func(t *testing.T) { subscribe(t, n, ctx, box, sinaloa, shots) }) {
		t.Run("reader becomes a member", func(t *testing.T) { becomeMember(t, n, ctx, sinaloa, shots) })
	}

	// The editor works in a browser context of their own, without the
	// reader's cookies. Its tab opens here, outside any step's timeout,
	// which would otherwise close it.
	editor, closeEditor := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer closeEditor()
	if err := chromedp.Do(editor); err != nil {
		t.Fatalf("opening the editor's tab: %v", err)
	}
	t.Run("editor publishes a flagged draft", func(t *testing.T) { editFlagged(t, n, editor, flagged, shots) })
}

const (
	readerEmail    = "ann@example.org"
	editorPassword = "a long editor password for the browser test"
)

// subscribe is the reader's first journey.
func subscribe(t *testing.T, n *newsroom, ctx context.Context, box *mailtest.Server, slug string, shots string) {
	article := n.url + "/article/" + slug
	navigate(t, ctx, article)
	shoot(t, ctx, shots, "article-anonymous.png")

	if links := sourceLinks(t, ctx); len(links) != 0 {
		t.Errorf("an anonymous reader sees direct source links %q", links)
	}
	sources := read(t, ctx, "#sources")
	for _, want := range []string{"The Pacific Herald", "Culiacán Daily", "Subscribe to the free newsletter to unlock the direct link"} {
		if !strings.Contains(sources, want) {
			t.Errorf("the sources block lacks %q; it reads:\n%s", want, sources)
		}
	}
	body := read(t, ctx, "main")
	if strings.Contains(body, memberLine) {
		t.Errorf("an anonymous reader sees the members' part")
	}
	if !strings.Contains(body, "The analysis continues for members") {
		t.Errorf("an anonymous reader sees no gate before the members' part")
	}

	// The sign-up form under the source list.
	do(t, ctx, "typing the address", chromedp.SendKeys(chromedp.CSS("#unlock-email"), readerEmail))
	submit(t, ctx, "subscribing", ".unlock button[type=submit]")
	if h := read(t, ctx, "h1"); h != "Check your inbox" {
		t.Fatalf("after subscribing the page says %q, want “Check your inbox”", h)
	}

	// The confirmation arrives at mailpit, sent over SMTP.
	wait, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ms, err := box.Wait(wait, "to:"+readerEmail, 1)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := box.Message(wait, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(msg.Subject, "Confirm your subscription") {
		t.Errorf("the mail's subject is %q, want a confirmation", msg.Subject)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(n.url) + `/signin/[A-Za-z0-9_-]+`).FindString(msg.Text)
	if link == "" {
		t.Fatalf("the confirmation mail holds no link to %s/signin/...:\n%s", n.url, msg.Text)
	}

	if m := n.member(readerEmail); !m.ConfirmedAt.IsZero() {
		t.Errorf("the address counts as confirmed before its link was followed")
	}

	// Following the link confirms, signs the reader in and brings them
	// back to the article they subscribed from.
	navigate(t, ctx, link)
	if at := location(t, ctx); at != article {
		t.Errorf("the confirmation link led to %s, want back to %s", at, article)
	}
	links := sourceLinks(t, ctx)
	for _, want := range []string{"https://pacificherald.example/sierra-families", "https://culiacandaily.example/shelters"} {
		if !slices.Contains(links, want) {
			t.Errorf("a subscriber sees the source links %q, which lack %s", links, want)
		}
	}
	if strings.Contains(read(t, ctx, "main"), memberLine) {
		t.Errorf("a free subscriber sees the members' part")
	}
	if m := n.member(readerEmail); m.Level != beatdesk.LevelSubscriber || m.ConfirmedAt.IsZero() {
		t.Errorf("after following the link the reader is %q, confirmed at %v; want a confirmed subscriber", m.Level, m.ConfirmedAt)
	}
}

// becomeMember is the reader's second journey: from the article's gate
// to Stripe Checkout and back.
func becomeMember(t *testing.T, n *newsroom, ctx context.Context, slug string, shots string) {
	article := n.url + "/article/" + slug
	navigate(t, ctx, article)
	submit(t, ctx, "following the gate's call to become a member", ".gate a.button")
	if at := location(t, ctx); at != n.url+"/support" {
		t.Fatalf("the gate's button led to %s, want %s/support", at, n.url)
	}

	// Stripe's page is not on this machine: the browser is given a
	// stand-in for it, and the test records where it was sent.
	checkout := standInForStripe(t, ctx)
	sctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(`button[name="plan"][value="monthly"]`)))
	if err != nil {
		// A page's Content-Security-Policy form-action covers the
		// redirect that answers a form, so it must allow Stripe.
		t.Fatalf("choosing a monthly membership: %v (does the Content-Security-Policy's form-action allow https://checkout.stripe.com?)", err)
	}
	var session string
	select {
	case u := <-checkout:
		t.Logf("the Checkout session opened at stripe-mock sent the browser to %s", u)
		session = u[strings.LastIndex(u, "/")+1:]
	default:
		t.Fatalf("the membership button led to %s (status %d), not to Stripe Checkout", resp.URL, resp.Status)
	}
	if !strings.HasPrefix(session, "cs_") {
		t.Fatalf("Stripe's page address ends in %q, want a Checkout session id cs_...", session)
	}

	// Opening Checkout pays for nothing yet.
	m := n.member(readerEmail)
	if m.Level != beatdesk.LevelSubscriber {
		t.Fatalf("before Stripe's webhook the reader is %q, want still a subscriber", m.Level)
	}

	// The reader pays; Stripe tells the newsroom by signed webhooks.
	id := m.ID
	sub := "sub_browser_" + fmt.Sprint(id)
	now := time.Now()
	deliver(t, n, "evt_browser_checkout", payments.CheckoutCompleted, now, map[string]any{
		"id": session, "object": "checkout.session", "mode": "subscription", "status": "complete",
		"payment_status": "paid", "amount_total": 900, "currency": "usd", "client_reference_id": fmt.Sprint(id),
		"customer": "cus_browser", "subscription": sub, "customer_details": map[string]any{"email": readerEmail},
	})
	deliver(t, n, "evt_browser_subscription", payments.SubscriptionCreated, now, map[string]any{
		"id": sub, "object": "subscription", "status": "active", "customer": "cus_browser",
		"metadata": map[string]string{"beatdesk_member_id": fmt.Sprint(id), "beatdesk_plan": "monthly"},
		"items": map[string]any{"object": "list", "data": []any{map[string]any{
			"id": "si_browser", "current_period_end": now.Add(30 * 24 * time.Hour).Unix(), "price": map[string]any{"id": "price_monthly"},
		}}},
	})

	// Stripe sends the reader back to the success address.
	navigate(t, ctx, n.url+"/support/thanks?session_id="+session)
	if p := read(t, ctx, "main"); !strings.Contains(p, "you are a member") {
		t.Errorf("the thank-you page does not say the reader is a member:\n%s", p)
	}
	navigate(t, ctx, article)
	body := read(t, ctx, "main")
	if !strings.Contains(body, memberLine) || !strings.Contains(body, "What the exodus means") {
		t.Errorf("a member does not see the members' part; the article reads:\n%s", body)
	}
	if strings.Contains(body, "The analysis continues for members") {
		t.Errorf("a member still sees the gate")
	}
	shoot(t, ctx, shots, "article-member.png")
}

// editFlagged is the editor's journey.
func editFlagged(t *testing.T, n *newsroom, ctx context.Context, id int64, shots string) {
	navigate(t, ctx, n.url+"/desk/")
	if at := location(t, ctx); !strings.HasPrefix(at, n.url+"/desk/signin") {
		t.Fatalf("the desk signed out is %s, want its sign-in page", at)
	}
	do(t, ctx, "typing the editor's credentials",
		chromedp.SendKeys(chromedp.CSS("#desk-email"), "editor@news.example"),
		chromedp.SendKeys(chromedp.CSS("#desk-password"), editorPassword))
	submit(t, ctx, "signing in to the desk", `form[action="/desk/signin"] button[type=submit]`)
	if h := read(t, ctx, "h1"); h != "Queue" {
		t.Fatalf("after signing in the desk shows %q, want the queue", h)
	}
	row := read(t, ctx, "table.queue tr.flagged")
	if !strings.Contains(row, flaggedTitle) || !strings.Contains(row, "1 unsupported") {
		t.Errorf("the queue's flagged row reads %q, want the Suez draft with 1 unsupported claim", row)
	}
	shoot(t, ctx, shots, "desk-queue.png")

	submit(t, ctx, "opening the flagged draft", "table.queue tr.flagged a")
	if got := read(t, ctx, "p.finding.unsupported"); !strings.Contains(got, "16 percent") {
		t.Errorf("the draft's unsupported finding reads %q, want the 16 percent claim", got)
	}
	submit(t, ctx, "opening the Markdown editor", `a[href$="/markdown"]`)
	md, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#markdown")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, flaggedClaim) {
		t.Fatalf("the editor's Markdown lacks the flagged claim %q:\n%s", flaggedClaim, md)
	}
	// The editor selects the wrong figure, as with the mouse, and types
	// the one the source gives over it.
	wrong := strings.Index(md, flaggedClaim) + strings.Index(flaggedClaim, "16")
	do(t, ctx, "typing the right figure",
		chromedp.Focus(chromedp.CSS("#markdown")),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.activeElement.setSelectionRange(%d, %d)`,
			len([]rune(md[:wrong])), len([]rune(md[:wrong]))+2)),
		chromedp.KeyEvent("61"))
	if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#markdown"))); err != nil || got != strings.Replace(md, flaggedClaim, fixedClaim, 1) {
		t.Fatalf("after typing the field reads (error %v):\n%s", err, got)
	}
	submit(t, ctx, "saving the Markdown", `form.edit button[type=submit]`)
	if got := read(t, ctx, "p.summary"); !strings.Contains(got, "all supported") {
		t.Fatalf("after the fix the citation check says %q, want all supported", got)
	}
	if d := n.draft(id); d.Revision != 2 || d.Unsupported() != 0 {
		t.Errorf("after the fix the draft is revision %d with %d unsupported claims, want revision 2 with none", d.Revision, d.Unsupported())
	}

	submit(t, ctx, "approving and publishing", `form[action$="/approve"] button:not([name])`)
	if d := n.draft(id); d.State != beatdesk.DraftPublished {
		t.Fatalf("after approving the draft is %s, want published", d.State)
	}

	// The site, as any reader sees it. Its page cache looks for changes
	// once a second.
	submit(t, ctx, "going to the site", `.deskhead a[href="/"]`)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(read(t, ctx, "main"), flaggedTitle) {
		if time.Now().After(deadline) {
			t.Fatalf("the home page does not show %q 5 s after publishing:\n%s", flaggedTitle, read(t, ctx, "main"))
		}
		time.Sleep(250 * time.Millisecond)
		navigate(t, ctx, n.url+"/")
	}
	if lead := read(t, ctx, ".lead-story h1"); lead != flaggedTitle {
		t.Errorf("the home page leads with %q, want the article just published", lead)
	}
	shoot(t, ctx, shots, "home.png")
}

// step bounds one browser action, so a page that never loads fails the
// test quickly rather than hanging it.
const step = 15 * time.Second

func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	resp, err := chromedp.Run(sctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("opening %s: status %d", url, resp.Status)
	}
}

// submit clicks the link or button sel and waits for the page it leads
// to, which must load with 200.
func submit(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s (clicking %s): %v", what, sel, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: the page that followed has status %d", what, resp.Status)
	}
}

func read(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	at, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// sourceLinks returns the addresses the article's source list links to.
func sourceLinks(t *testing.T, ctx context.Context) []string {
	t.Helper()
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("#sources .source-list a[href]"), a => a.href)`))
	if err != nil {
		t.Fatal(err)
	}
	return links
}

// standInForStripe answers every https request of the tab with a small
// page of its own, and sends each such request's address on the channel
// it returns.
func standInForStripe(t *testing.T, ctx context.Context) <-chan string {
	t.Helper()
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "https://*"}}}); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 16)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			select {
			case urls <- ev.Request.URL:
			default:
			}
			chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID: ev.RequestID, ResponseCode: http.StatusOK,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}},
				Body:            []byte("<!doctype html><title>Stripe Checkout</title><h1>Stripe Checkout (stand-in)</h1>"),
			})
		}
	}()
	return urls
}

// deliver signs an event as Stripe does and posts it to the webhook.
func deliver(t *testing.T, n *newsroom, id, typ string, created time.Time, object map[string]any) {
	t.Helper()
	body := stripetest.Event(id, typ, created, object)
	req, err := http.NewRequest(http.MethodPost, n.url+"/stripe/webhook", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Stripe-Signature", stripetest.Sign(body, webhookSecret, time.Now()))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook %s: status %d, want 200", typ, resp.StatusCode)
	}
}

// screenshotDir returns the folder screenshots go to, and logs it.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BEATDESK_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "beatdesk-screenshots-"+time.Now().UTC().Format("20060102-150405"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("the screenshot folder (BEATDESK_SCREENSHOTS): %v", err)
	}
	t.Logf("screenshots go to %s", dir)
	return dir
}

// shoot writes a screenshot of the whole page to dir/name and checks that
// it is a PNG image with pixels in it.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG image: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Fatalf("screenshot %s is %dx%d pixels", name, b.Dx(), b.Dy())
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes, %dx%d)", path, len(buf), img.Bounds().Dx(), img.Bounds().Dy())
}
