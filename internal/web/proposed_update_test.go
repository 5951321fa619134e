package web_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

const (
	updateText  = "According to El Vigía, “Authorities counted 2,115 displaced families on 5 November.” [3]"
	updateTitle = "Suben a 2,115 las familias desplazadas"
)

// proposeUpdate keeps a proposed update of the live article id, citing a
// new source numbered 3, with the given findings' verdict.
func (n *newsroom) proposeUpdate(id int64, text string, supported bool) int64 {
	n.t.Helper()
	ctx := context.Background()
	pub := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	u := store.ProposedUpdate{DraftID: id, Text: text, Articles: []int64{77},
		Citations: []beatdesk.Citation{{N: 3, ArticleID: 77, Outlet: "El Vigía", Title: updateTitle, URL: "https://elvigia.example/suben",
			Lang: "es", Published: pub, FetchedAt: pub, Passage: "Authorities counted 2,115 displaced families on 5 November."}},
		Findings: []beatdesk.Finding{{Claim: text, Cites: []int{3}, Supported: supported}},
	}
	if !supported {
		u.Findings[0].Reason = "the number is not in the cited source"
	}
	var pid int64
	err := n.s.Update(ctx, func(tx *store.Tx) (err error) { pid, err = tx.ProposeUpdate(ctx, u); return err })
	if err != nil {
		n.t.Fatal(err)
	}
	return pid
}

func proposalURL(id, proposal int64, action string) string {
	return draftURL(id) + "/updates/" + strconv.FormatInt(proposal, 10) + "/" + action
}

// TestDeskProposedUpdate: a live article's draft page shows the
// correspondent's proposed update with its findings; viewers read it, a
// cross-origin form cannot act on it; an editor approves it, and the
// article page shows it dated under the same address with its source in
// the list; an editor dismisses another (one with an unsupported claim
// is not applied without ticking the override); the log names who did
// each.
func TestDeskProposedUpdate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{})
		n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
		n.addUser("viewer@example.org", beatdesk.RoleViewer, editorPassword)
		slug := n.publish(sampleDraft(0))
		var id int64
		err := s.View(context.Background(), func(tx *store.Tx) error {
			d, err := tx.Published(context.Background(), slug)
			id = d.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		first := n.proposeUpdate(id, updateText, true)

		v := n.signIn("viewer@example.org", editorPassword)
		v.get(draftURL(id)).must(t, 200, "Proposed update", "Authorities counted 2,115 displaced families", "✓ supported", updateTitle)
		v.get(draftURL(id)).mustNot(t, proposalURL(id, first, "approve"))
		v.post(proposalURL(id, first, "approve"), nil).must(t, 403)

		e := n.signIn("editor@example.org", editorPassword)
		e.get("/desk/").must(t, 200, "update proposed")
		e.get(draftURL(id)).must(t, 200, proposalURL(id, first, "approve"), proposalURL(id, first, "dismiss"))
		req := newPost(n, proposalURL(id, first, "approve"), nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		e.do(req).must(t, 403)
		if d := n.draft(id); d.State != beatdesk.DraftPublished {
			t.Fatalf("a viewer or a cross-origin form changed the article: %s", d.State)
		}

		p := e.post(proposalURL(id, first, "approve"), nil)
		if p.Status != 303 || p.Location != draftURL(id) {
			t.Fatalf("approve: %d to %q\n%s", p.Status, p.Location, p.Body)
		}
		d := n.draft(id)
		if d.State != beatdesk.DraftUpdated || d.Slug != slug || len(d.Citations) != 3 || d.Citations[2].Title != updateTitle {
			t.Fatalf("after approval the article is %s at %q with sources %+v; want updated at %q with the new source", d.State, d.Slug, d.Citations, slug)
		}
		page := n.browser().get("/article/" + slug)
		page.must(t, 200, "<strong>Update, <time datetime=", "Authorities counted 2,115 displaced families",
			`href="#source-3"`, `id="source-3"`, updateTitle)
		page.mustNot(t, memberSecret)
		e.post(proposalURL(id, first, "approve"), nil).must(t, 409) // approved already

		// One with an unsupported claim: not without the override; dismissed.
		second := n.proposeUpdate(id, "According to El Vigía, “Authorities counted 3,000 displaced families on 5 November.” [3]", false)
		e.get(draftURL(id)).must(t, 200, "✗ unsupported", "approve despite unsupported claims")
		e.post(proposalURL(id, second, "approve"), nil).must(t, 409, "not supported")
		p = e.post(proposalURL(id, second, "dismiss"), nil)
		if p.Status != 303 {
			t.Fatalf("dismiss: %d\n%s", p.Status, p.Body)
		}
		if d := n.draft(id); len(d.Citations) != 3 {
			t.Errorf("dismissing changed the article's sources: %+v", d.Citations)
		}
		e.get(draftURL(id)).mustNot(t, `id="proposal-h"`)
		e.get("/desk/").mustNot(t, "update proposed")
		var events []store.DraftEvent
		err = s.View(context.Background(), func(tx *store.Tx) (err error) { events, err = tx.DraftEvents(context.Background(), id); return err })
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range [][2]string{{"editor@example.org", "update approved"}, {"editor@example.org", beatdesk.DraftUpdated},
			{"editor@example.org", "update dismissed"}, {store.ActorSystem, "update proposed"}} {
			if !slices.ContainsFunc(events, func(e store.DraftEvent) bool { return e.Actor == want[0] && e.Action == want[1] }) {
				t.Errorf("the article's log lacks %q by %s: %+v", want[1], want[0], events)
			}
		}
		e.get("/desk/log").must(t, 200, "update approved", "update dismissed")
	})
}
