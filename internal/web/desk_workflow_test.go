package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestDeskWorkflow takes one draft through the desk as an editor: approve
// without publishing, edit (back to review, a revision with a word diff),
// approve again, publish, then a dated update and correction readers see
// under the same address, then a retraction that the address explains.
// The desk log shows every step, by whom.
func TestDeskWorkflow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{})
		n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
		id := n.addDraft(sampleDraft(0))
		b := n.signIn("editor@example.org", editorPassword)

		if p := b.post(draftURL(id)+"/approve", url.Values{"publish": {"later"}}); p.Status != 303 {
			t.Fatalf("approve, publish later: %d\n%s", p.Status, p.Body)
		}
		if st := n.draft(id).State; st != beatdesk.DraftApproved {
			t.Fatalf("after approve-later the draft is %s, want approved", st)
		}
		b.get(draftURL(id)).must(t, 200, ">Publish</button>", "Approved; publish it when it is time.")
		b.get("/desk/").must(t, 200, "approved, not yet published")

		// Editing approved text sends it back to review, as revision 2.
		edit := url.Values{
			"revision": {"1"}, "sections": {"2"},
			"headline": {"Sinaloa violence drives 1,340 families from their homes"},
			"dek":      {"El Vigía reports that 1,340 families fled Culiacán in late October [1]."},
			"title-0":  {"What happened"}, "body-0": {"El Vigía reported on 3 November that 1,340 families left Culiacán [1].\n\nLa Vigie counted 12 roadblocks on the main highway [2]."},
			"title-1": {"What to watch"}, "body-1": {memberSecret + " [1]."}, "members-1": {"yes"},
		}
		if p := b.post(draftURL(id)+"/edit", edit); p.Status != 303 {
			t.Fatalf("edit: %d\n%s", p.Status, p.Body)
		}
		if d := n.draft(id); d.State != beatdesk.DraftInReview || d.Revision != 2 {
			t.Fatalf("after editing approved text: %s revision %d, want in review revision 2", d.State, d.Revision)
		}
		diff := b.get(draftURL(id) + "/revisions")
		diff.must(t, 200, "Revision 1 → 2", "in <ins>late</ins> October", "editor@example.org",
			"§ What <del>the split means</del> <ins>to watch</ins> (members only)",
			"<p><del>Members also read about the 2 state elections ahead [2].</del> </p>")
		diff.mustNot(t, "<del>El Vigía reports that</del>") // unchanged words are not marked
		b.get(draftURL(id)+"/revisions?from=1&to=9").must(t, 404, "there is no revision 9")

		if p := b.post(draftURL(id)+"/approve", nil); p.Status != 303 {
			t.Fatalf("approve and publish: %d\n%s", p.Status, p.Body)
		}
		d := n.draft(id)
		if d.State != beatdesk.DraftPublished {
			t.Fatalf("after approve and publish: %s", d.State)
		}
		b.get(draftURL(id)+"/edit").must(t, 409, "add a correction or an update")
		b.post(draftURL(id)+"/notice", url.Values{"kind": {"correction"}, "text": {" "}}).must(t, 400, "write the text")
		b.post(draftURL(id)+"/notice", url.Values{"kind": {"apology"}, "text": {"x"}}).must(t, 400, "not a kind of notice")

		for _, n := range []url.Values{
			{"kind": {"update"}, "text": {"On 5 November the army <b>retook</b> the highway."}},
			{"kind": {"correction"}, "text": {"An earlier version said 13 roadblocks; La Vigie counted 12."}},
		} {
			if p := b.post(draftURL(id)+"/notice", n); p.Status != 303 {
				t.Fatalf("notice %s: %d\n%s", n.Get("kind"), p.Status, p.Body)
			}
		}
		if st := n.draft(id).State; st != beatdesk.DraftCorrected {
			t.Fatalf("after an update and a correction: %s, want corrected", st)
		}
		art := n.browser().get("/article/" + d.Slug)
		art.must(t, 200, "Update, <time", "On 5 November the army &lt;b&gt;retook&lt;/b&gt; the highway.",
			`id="corrections-h">Correction</h2>`, "An earlier version said 13 roadblocks", "· updated <time", `"dateModified"`)
		art.mustNot(t, "<b>retook</b>")
		n.browser().get("/").must(t, 200, d.Headline) // still live: on the home page

		if p := b.post(draftURL(id)+"/notice", url.Values{"kind": {"retraction"}, "text": {"La Vigie withdrew its count."}}); p.Status != 303 {
			t.Fatalf("retraction: %d\n%s", p.Status, p.Body)
		}
		// The reader site's page cache looks for changes once a second.
		time.Sleep(1100 * time.Millisecond)
		n.browser().get("/article/"+d.Slug).must(t, 410, "Retracted: "+d.Headline, "La Vigie withdrew its count.")
		n.browser().get("/").mustNot(t, d.Headline)
		n.browser().get("/article/no-such-article-99").must(t, 404)
		b.post(draftURL(id)+"/notice", url.Values{"kind": {"update"}, "text": {"more"}}).must(t, 409, "not on the site")

		log := b.get("/desk/log")
		log.must(t, 200, "approved", "edited", "in_review", "edited after approval", "published", "updated", "corrected", "retracted",
			"La Vigie withdrew its count.", "system", "created")
		if c := strings.Count(log.Body, "editor@example.org"); c < 7 {
			t.Errorf("desk log names the editor %d times, want every action of theirs (7+)", c)
		}
	})
}

// TestDeskSpike: an editor spikes a draft with a note; it can no longer
// move or be edited.
func TestDeskSpike(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	id := n.addDraft(sampleDraft(0))
	b := n.signIn("editor@example.org", editorPassword)
	if p := b.post(draftURL(id)+"/spike", url.Values{"note": {"covered elsewhere"}}); p.Status != 303 {
		t.Fatalf("spike: %d\n%s", p.Status, p.Body)
	}
	if st := n.draft(id).State; st != beatdesk.DraftSpiked {
		t.Fatalf("after spike: %s", st)
	}
	page := b.get(draftURL(id))
	page.must(t, 200, "Spiked.", "covered elsewhere")
	page.mustNot(t, "Approve and publish", ">Edit<")
	b.post(draftURL(id)+"/approve", nil).must(t, 409, "spiked")
	b.post(draftURL(id)+"/spike", nil).must(t, 409)

	// The queue no longer shows it as waiting; filtering by state finds it.
	b.get("/desk/").must(t, 200, "Nothing is waiting")
	b.get("/desk/?state=spiked").must(t, 200, "Drafts spiked", draftURL(id), "covered elsewhere")
	b.get("/desk/?state=spiked&correspondent=someone-else").must(t, 200, "No drafts in that state")
	b.get("/desk/?state=in_review").must(t, 200, "No drafts in that state")
	b.get("/desk/?state=lost").must(t, 400, "not a desk state")
}

// TestDeskRoles: viewers read but change nothing, editors act on drafts
// but not on users, admins change roles (logged), and the last admin
// cannot give the role away.
func TestDeskRoles(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("admin@example.org", beatdesk.RoleAdmin, editorPassword)
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	n.addUser("viewer@example.org", beatdesk.RoleViewer, editorPassword)
	id := n.addDraft(sampleDraft(0))
	slug := n.publish(sampleDraft(0))

	viewer := n.signIn("viewer@example.org", editorPassword)
	viewer.get("/desk/log").must(t, 200, "Desk log")
	viewer.get(draftURL(id)+"/revisions").must(t, 200, "Revision 1 → 1")
	users := viewer.get("/desk/users")
	users.must(t, 200, "admin@example.org", "viewer")
	users.mustNot(t, `action="/desk/users/role"`)
	viewer.post(draftURL(id)+"/spike", nil).must(t, 403, "viewer")
	pub := n.draft(id + 1) // the published one
	viewer.post(draftURL(pub.ID)+"/notice", url.Values{"kind": {"correction"}, "text": {"x"}}).must(t, 403)
	viewer.post("/desk/users/role", url.Values{"email": {"viewer@example.org"}, "role": {"admin"}}).must(t, 403, "only admins")

	editor := n.signIn("editor@example.org", editorPassword)
	editor.post("/desk/users/role", url.Values{"email": {"editor@example.org"}, "role": {"admin"}}).must(t, 403, "only admins")
	if p := editor.post(draftURL(pub.ID)+"/notice", url.Values{"kind": {"correction"}, "text": {"Fixed a date."}}); p.Status != 303 {
		t.Fatalf("editor's correction: %d\n%s", p.Status, p.Body)
	}
	n.browser().get("/article/"+slug).must(t, 200, "Fixed a date.")

	admin := n.signIn("admin@example.org", editorPassword)
	admin.get("/desk/users").must(t, 200, `action="/desk/users/role"`)
	if p := admin.post("/desk/users/role", url.Values{"email": {"viewer@example.org"}, "role": {"editor"}}); p.Status != 303 {
		t.Fatalf("role change: %d\n%s", p.Status, p.Body)
	}
	admin.get("/desk/users").must(t, 200, "viewer@example.org is now editor.")
	admin.post("/desk/users/role", url.Values{"email": {"admin@example.org"}, "role": {"viewer"}}).must(t, 409, "only admin")
	admin.post("/desk/users/role", url.Values{"email": {"viewer@example.org"}, "role": {"owner"}}).must(t, 400, "not one of admin, editor, viewer")
	admin.post("/desk/users/role", url.Values{"email": {"nobody@example.org"}, "role": {"editor"}}).must(t, 404)
	admin.get("/desk/log").must(t, 200, "role changed", "viewer → editor", "user added", "signed in")

	// The former viewer, now an editor, may act.
	if p := viewer.post(draftURL(id)+"/spike", nil); p.Status != 303 {
		t.Fatalf("spike after promotion: %d\n%s", p.Status, p.Body)
	}
}

// TestDeskEditMarkdown: an editor edits the whole draft as one Markdown
// document; the text is saved as a new revision and checked again, and
// what the site cannot show (links, HTML) comes back with the reason and
// the text as typed.
func TestDeskEditMarkdown(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	n.addUser("viewer@example.org", beatdesk.RoleViewer, editorPassword)
	id := n.addDraft(sampleDraft(0))
	b := n.signIn("editor@example.org", editorPassword)

	form := b.get(draftURL(id) + "/markdown")
	form.must(t, 200, "# Sinaloa violence drives 1,340 families from their homes", "## What the split means (members only)",
		`name="revision" value="1"`)
	form.mustNot(t, rawMarkup...)

	md := "# Sinaloa: *1,340* families flee\n\nEl Vigía reports that 1,340 families fled Culiacán in October [1].\n\n" +
		"## What happened\n\nEl Vigía reported on 3 November that 1,340 families left Culiacán [1].\n\nLa Vigie counted 15 roadblocks\non the main highway [2].\n\n" +
		"## What to watch (members only)\n\n" + memberSecret + " [1].\n"
	if p := b.post(draftURL(id)+"/markdown", url.Values{"revision": {"1"}, "markdown": {md}}); p.Status != 303 {
		t.Fatalf("save Markdown: %d\n%s", p.Status, p.Body)
	}
	d := n.draft(id)
	if d.Revision != 2 || d.Headline != "Sinaloa: 1,340 families flee" || len(d.Sections) != 2 || !d.Sections[1].MembersOnly ||
		d.Sections[0].Paragraphs[1] != "La Vigie counted 15 roadblocks on the main highway [2]." {
		t.Fatalf("after the Markdown edit: revision %d, %q, sections %+v", d.Revision, d.Headline, d.Sections)
	}
	if d.Unsupported() != 1 { // "15" is not in source 2
		t.Errorf("after the Markdown edit %d claims unsupported, want 1", d.Unsupported())
	}

	bad := strings.Replace(md, "families left Culiacán [1].", "families left [Culiacán](https://evil.example) [1].", 1)
	p := b.post(draftURL(id)+"/markdown", url.Values{"revision": {"2"}, "markdown": {bad}})
	p.must(t, 400, "has a link", "(https://evil.example)")
	p.mustNot(t, `href="https://evil.example"`)
	b.post(draftURL(id)+"/markdown", url.Values{"revision": {"2"}, "markdown": {md + "\n<script>alert(1)</script>\n"}}).
		must(t, 400, "block of HTML")
	b.post(draftURL(id)+"/markdown", url.Values{"revision": {"1"}, "markdown": {md}}).must(t, 409, "after you opened it")
	if d := n.draft(id); d.Revision != 2 {
		t.Errorf("refused Markdown edits changed the revision to %d", d.Revision)
	}

	viewer := n.signIn("viewer@example.org", editorPassword)
	viewer.get(draftURL(id)+"/markdown").must(t, 403)
	viewer.post(draftURL(id)+"/markdown", url.Values{"revision": {"2"}, "markdown": {md}}).must(t, 403)
}
