package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

const editorPassword = "a long editor password"

// signIn signs a fresh browser in to the desk as the given user.
func (n *newsroom) signIn(email, pw string) *browser {
	n.t.Helper()
	b := n.browser()
	p := b.post("/desk/signin", url.Values{"email": {email}, "password": {pw}, "next": {"/desk/"}})
	if p.Status != 303 || p.Location != "/desk/" {
		n.t.Fatalf("desk sign-in as %s: status %d to %q\n%s", email, p.Status, p.Location, p.Body)
	}
	return b
}

func draftURL(id int64) string { return "/desk/drafts/" + strconv.FormatInt(id, 10) }

func TestDeskNeedsSignIn(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	id := n.addDraft(sampleDraft(0))
	b := n.browser()

	for _, path := range []string{"/desk/", draftURL(id), "/desk/sources", "/desk/outbox"} {
		p := b.get(path)
		if p.Status != 303 || !strings.HasPrefix(p.Location, "/desk/signin?next=") {
			t.Errorf("GET %s signed out: status %d to %q, want a redirect to sign in", path, p.Status, p.Location)
		}
	}
	if p := b.post(draftURL(id)+"/approve", nil); p.Status != 303 || n.draft(id).State != beatdesk.DraftInReview {
		t.Errorf("approve signed out: status %d, state %s", p.Status, n.draft(id).State)
	}
	b.get("/desk/signin").must(t, 200, `name="password"`)

	bad := b.post("/desk/signin", url.Values{"email": {"editor@example.org"}, "password": {"wrong password here"}})
	bad.must(t, 401, "do not match")
	bad.mustNot(t, "wrong password here") // the password is never echoed
	b.post("/desk/signin", url.Values{"email": {"nobody@example.org"}, "password": {editorPassword}}).must(t, 401, "do not match")

	// Signing in returns to the page that asked for it.
	p := b.post("/desk/signin", url.Values{"email": {"Editor@Example.org"}, "password": {editorPassword}, "next": {draftURL(id)}})
	if p.Status != 303 || p.Location != draftURL(id) {
		t.Fatalf("sign-in: %d to %q", p.Status, p.Location)
	}
	b.get(draftURL(id)).must(t, 200, "Approve and publish")
	// next must stay on the desk.
	p = n.browser().post("/desk/signin", url.Values{"email": {"editor@example.org"}, "password": {editorPassword}, "next": {"//evil.example/"}})
	if p.Location != "/desk/" {
		t.Errorf("next=//evil.example/ redirected to %q", p.Location)
	}

	if p := b.post("/desk/signout", nil); p.Status != 303 {
		t.Fatalf("sign out: %d", p.Status)
	}
	if p := b.get("/desk/"); p.Status != 303 {
		t.Errorf("after signing out /desk/ gives %d, want a redirect", p.Status)
	}
}

func TestDeskSignInRateLimit(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	b := n.browser()
	for i := range 10 {
		p := b.post("/desk/signin", url.Values{"email": {"editor@example.org"}, "password": {"guess number " + strconv.Itoa(i)}})
		p.must(t, 401)
	}
	// The eleventh attempt is refused even with the right password.
	b.post("/desk/signin", url.Values{"email": {"editor@example.org"}, "password": {editorPassword}}).must(t, 429, "Too many sign-in attempts")
	if p := b.get("/desk/"); p.Status != 303 {
		t.Error("a refused attempt signed the user in")
	}
}

func TestDeskApprove(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{Demo: true})
		n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
		id := n.addDraft(sampleDraft(0))
		b := n.signIn("editor@example.org", editorPassword)

		q := b.get("/desk/")
		q.must(t, 200, "Demo mode: drafts that pass every citation check are published automatically",
			draftURL(id), "Valeria Test", "Families flee Culiacán", "2 sources, 2 outlets", "4 claims", "all supported")

		p := b.post(draftURL(id)+"/approve", nil)
		if p.Status != 303 || p.Location != draftURL(id) {
			t.Fatalf("approve: %d to %q\n%s", p.Status, p.Location, p.Body)
		}
		d := n.draft(id)
		if d.State != beatdesk.DraftPublished || d.AutoPublish {
			t.Fatalf("after approve: state %s, auto %v", d.State, d.AutoPublish)
		}
		b.get(draftURL(id)).must(t, 200, "Published.", "editor@example.org", "published")
		n.browser().get("/article/"+d.Slug).must(t, 200, "A human editor reviewed")
		// Approving twice is a conflict, not a second publication.
		b.post(draftURL(id)+"/approve", nil).must(t, 409)
	})
}

func TestDeskApproveRefusedWhenUnsupported(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	d := sampleDraft(0)
	d.Sections[0].Paragraphs[1] = "La Vigie counted 9,999 roadblocks on the main highway [2]."
	d.Findings = numbersVerifier(&d)
	id := n.addDraft(d)
	b := n.signIn("editor@example.org", editorPassword)

	b.get("/desk/").must(t, 200, "1 unsupported", `class="flagged"`)
	page := b.get(draftURL(id))
	page.must(t, 200, "✗ unsupported", `the number &#34;9,999&#34; is not in the cited sources`, "publish despite unsupported claims",
		"members only", memberSecret, "https://elvigia.example/familias-huyen", "El Vigía &lt;script&gt;",
		"El 3 de noviembre, unas 1,340 familias huyeron de Culiacán &lt;script&gt;")
	page.mustNot(t, rawMarkup...)

	b.post(draftURL(id)+"/approve", nil).must(t, 409, "1 of 4 claims are not supported")
	if st := n.draft(id).State; st != beatdesk.DraftInReview {
		t.Fatalf("refused approve left the draft %s", st)
	}
	if p := b.post(draftURL(id)+"/approve", url.Values{"override": {"yes"}}); p.Status != 303 {
		t.Fatalf("approve with override: %d\n%s", p.Status, p.Body)
	}
	if st := n.draft(id).State; st != beatdesk.DraftPublished {
		t.Fatalf("approve with override left the draft %s", st)
	}
	b.get(draftURL(id)).must(t, 200, "published despite unsupported claims")
}

func TestDeskSendBackAndResubmit(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	id := n.addDraft(sampleDraft(0))
	b := n.signIn("editor@example.org", editorPassword)

	b.post(draftURL(id)+"/send-back", url.Values{"note": {"   "}}).must(t, 400, "write a note")
	if st := n.draft(id).State; st != beatdesk.DraftInReview {
		t.Fatalf("send back without a note moved the draft to %s", st)
	}
	if p := b.post(draftURL(id)+"/send-back", url.Values{"note": {"Check the <b>roadblock</b> count."}}); p.Status != 303 {
		t.Fatalf("send back: %d\n%s", p.Status, p.Body)
	}
	d := n.draft(id)
	if d.State != beatdesk.DraftSentBack || d.EditorNote != "Check the <b>roadblock</b> count." {
		t.Fatalf("after send back: %s %q", d.State, d.EditorNote)
	}
	b.get("/desk/").must(t, 200, "sent back", "Check the &lt;b&gt;roadblock&lt;/b&gt; count.")
	b.get(draftURL(id)).must(t, 200, "Resubmit for review")

	if p := b.post(draftURL(id)+"/resubmit", nil); p.Status != 303 {
		t.Fatalf("resubmit: %d", p.Status)
	}
	if st := n.draft(id).State; st != beatdesk.DraftInReview {
		t.Fatalf("after resubmit: %s", st)
	}
}

func TestDeskEdit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{})
		n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
		id := n.addDraft(sampleDraft(0))
		b := n.signIn("editor@example.org", editorPassword)

		form := b.get(draftURL(id) + "/edit")
		form.must(t, 200, `value="Sinaloa violence drives 1,340 families from their homes"`, "La Vigie counted 12 roadblocks", `name="revision" value="1"`)

		edit := url.Values{
			"revision": {"1"}, "sections": {"3"},
			"headline": {"Sinaloa: 1,340 families flee"}, "dek": {"El Vigía reports 1,340 families fled [1]."},
			"title-0": {"What happened"}, "body-0": {"El Vigía reported on 3 November that 1,340 families left [1].\r\n\r\nLa Vigie counted 15 roadblocks\r\non the highway [2]."},
			"title-1": {"What it means"}, "body-1": {memberSecret + " [1]."}, "members-1": {"yes"},
			"title-2": {""}, "body-2": {""}, "members-2": {"yes"}, // the spare section, left empty
		}
		if p := b.post(draftURL(id)+"/edit", edit); p.Status != 303 {
			t.Fatalf("edit: %d\n%s", p.Status, p.Body)
		}
		d := n.draft(id)
		if d.Revision != 2 || d.Headline != "Sinaloa: 1,340 families flee" || len(d.Sections) != 2 || !d.Sections[1].MembersOnly {
			t.Fatalf("after edit: revision %d, headline %q, %d sections", d.Revision, d.Headline, len(d.Sections))
		}
		if got := d.Sections[0].Paragraphs; len(got) != 2 || got[1] != "La Vigie counted 15 roadblocks on the highway [2]." {
			t.Errorf("paragraphs %q", got)
		}
		// The claims were checked again: "15" is not in source 2.
		if d.Unsupported() != 1 {
			t.Errorf("after edit %d claims unsupported, want 1 (findings %+v)", d.Unsupported(), d.Findings)
		}
		b.get(draftURL(id)).must(t, 200, "Saved; the claims were checked again.", "revision 2", "edited")

		// Invalid text comes back on the form, as typed, with the reason.
		edit.Set("revision", "2")
		edit.Set("headline", "")
		edit.Set("body-0", "My carefully typed paragraph [1].")
		p := b.post(draftURL(id)+"/edit", edit)
		p.must(t, 400, "needs a headline", "My carefully typed paragraph [1].")
		edit.Set("headline", "A headline")
		edit.Set("body-0", "A paragraph citing a source that is not there [7].")
		b.post(draftURL(id)+"/edit", edit).must(t, 400, "[7]", "not in the source list")

		// A form opened before someone else saved is refused.
		edit.Set("body-0", "Fine [1].")
		edit.Set("revision", "1")
		b.post(draftURL(id)+"/edit", edit).must(t, 409, "after you opened it", "Fine [1].")
		if d := n.draft(id); d.Revision != 2 {
			t.Errorf("refused edits changed the revision to %d", d.Revision)
		}
	})
}

func TestDeskViewerCannotAct(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("viewer@example.org", beatdesk.RoleViewer, editorPassword)
	id := n.addDraft(sampleDraft(0))
	b := n.signIn("viewer@example.org", editorPassword)

	page := b.get(draftURL(id))
	page.must(t, 200, "Sinaloa violence")
	page.mustNot(t, "Approve and publish", "Send back")
	b.post(draftURL(id)+"/approve", nil).must(t, 403, "viewer")
	b.post(draftURL(id)+"/send-back", url.Values{"note": {"no"}}).must(t, 403)
	b.get(draftURL(id)+"/edit").must(t, 403)
	b.post(draftURL(id)+"/edit", url.Values{"headline": {"x"}}).must(t, 403)
	b.get("/desk/outbox").must(t, 403)
	if st := n.draft(id).State; st != beatdesk.DraftInReview {
		t.Fatalf("a viewer moved the draft to %s", st)
	}
}

func TestDeskCrossOriginRefused(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	id := n.addDraft(sampleDraft(0))
	b := n.signIn("editor@example.org", editorPassword)

	req := newPost(n, draftURL(id)+"/approve", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	b.do(req).must(t, 403, "sent from another site")
	if st := n.draft(id).State; st != beatdesk.DraftInReview {
		t.Fatalf("a cross-origin approve moved the draft to %s", st)
	}
}

func TestDeskSourcesAndOutbox(t *testing.T) {
	n := open(t, web.Options{BaseURL: "http://news.example"})
	n.addUser("admin@example.org", beatdesk.RoleAdmin, editorPassword)
	ctx := context.Background()
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		ok, err := tx.AddSource(ctx, beatdesk.Source{Name: "Healthy Herald", FeedURL: "https://healthy.example/feed"})
		if err != nil {
			return err
		}
		bad, err := tx.AddSource(ctx, beatdesk.Source{Name: "Broken <Bulletin>", FeedURL: "https://broken.example/feed"})
		if err != nil {
			return err
		}
		if err := tx.RecordPoll(ctx, ok.ID, store.PollResult{OK: true, Next: tx.Now}); err != nil {
			return err
		}
		if err := tx.RecordPoll(ctx, bad.ID, store.PollResult{Err: "HTTP 503 from https://broken.example/feed", Next: tx.Now,
			Interval: 24 * time.Hour, Paused: true, Note: "paused after repeated failures"}); err != nil {
			return err
		}
		sub, err := tx.AddWebSub(ctx, store.WebSub{SourceID: ok.ID, Hub: "https://hub.example/", Topic: ok.FeedURL, Token: "tok", Secret: "s"})
		if err != nil {
			return err
		}
		if err := tx.ActivateWebSub(ctx, sub.ID, 24*time.Hour); err != nil {
			return err
		}
		itemID, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: bad.ID, GUID: "g", URL: "https://broken.example/a", Title: "An item"})
		if err != nil {
			return err
		}
		return tx.SetItemState(ctx, itemID, beatdesk.ItemFailed, "extraction found no main text")
	})
	if err != nil {
		t.Fatal(err)
	}
	b := n.signIn("admin@example.org", editorPassword)
	p := b.get("/desk/sources")
	p.must(t, 200, "1 failing", "HTTP 503 from https://broken.example/feed", "Broken &lt;Bulletin&gt;",
		"extraction found no main text", "An item", "Paused.", "paused after repeated failures", "WebSub active at https://hub.example/")
	if strings.Count(p.Body, "WebSub ") != 1 {
		t.Error("a source without a subscription shows a WebSub line")
	}
	if strings.Index(p.Body, "Broken &lt;Bulletin&gt;") > strings.Index(p.Body, "Healthy Herald") {
		t.Error("the failing source is not listed first")
	}

	n.browser().post("/newsletter", url.Values{"email": {"reader@example.org"}}).must(t, 200)
	b.get("/desk/outbox").must(t, 200, "reader@example.org", "http://news.example/signin/")
}
