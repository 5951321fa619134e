package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestProposedUpdates: a live article gets one waiting proposal at a
// time (a newer one replaces it); approving one appends its sources to
// the article's list, renumbered after the article's own, and makes its
// text a dated update notice; dismissing one drops it; both are logged
// with the actor, and neither works twice or on a replaced proposal.
func TestProposedUpdates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		d := beatdesk.Draft{PersonaSlug: "p", Writer: "extractive", Headline: "Port strike in Santos enters day 9",
			Dek:       "Dockers say 1,200 workers are out [1].",
			Sections:  []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"According to A, “x” [1]. B said “y” [2]."}}},
			Citations: []beatdesk.Citation{{N: 1, Outlet: "A", ArticleID: 1}, {N: 2, Outlet: "B", ArticleID: 2}},
		}
		var id int64
		must(s.Update(ctx, func(tx *store.Tx) error {
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "s", FirstSeen: tx.Now, LastSeen: tx.Now})
			if err != nil {
				return err
			}
			d.StoryID = sid
			if id, err = tx.AddDraft(ctx, d, store.ActorSystem); err != nil {
				return err
			}
			return nil
		}))
		// Not live yet: no update.
		proposal := store.ProposedUpdate{DraftID: id, Text: "According to C, “the strike ended on 20 November” [3].",
			Citations: []beatdesk.Citation{{N: 3, Outlet: "C", ArticleID: 30, URL: "https://c.example/end", Passage: "The strike ended on 20 November."}},
			Findings:  []beatdesk.Finding{{Claim: "According to C, “the strike ended on 20 November” [3].", Cites: []int{3}, Supported: true}},
			Articles:  []int64{30}}
		err := s.Update(ctx, func(tx *store.Tx) error { _, err := tx.ProposeUpdate(ctx, proposal); return err })
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Fatalf("proposing an update to a draft in review: %v, want ErrConflict", err)
		}
		must(s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "ed@example.org", "")
			return err
		}))
		bad := proposal
		bad.Text = "According to C, “x” [9]."
		err = s.Update(ctx, func(tx *store.Tx) error { _, err := tx.ProposeUpdate(ctx, bad); return err })
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("a proposal citing a source it lacks: %v, want ErrInvalid", err)
		}

		var first, second, third int64
		must(s.Update(ctx, func(tx *store.Tx) (err error) { first, err = tx.ProposeUpdate(ctx, proposal); return err }))
		must(s.Update(ctx, func(tx *store.Tx) (err error) { second, err = tx.ProposeUpdate(ctx, proposal); return err }))
		var pending store.ProposedUpdate
		var ok bool
		must(s.View(ctx, func(tx *store.Tx) (err error) { pending, ok, err = tx.PendingUpdate(ctx, id); return err }))
		if !ok || pending.ID != second || pending.Text != proposal.Text || len(pending.Citations) != 1 || !slices.Equal(pending.Articles, []int64{30}) {
			t.Fatalf("waiting proposal %+v (found %v), want the second, %d, as proposed", pending, ok, second)
		}
		// The replaced one can no longer be approved.
		err = s.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ApplyUpdate(ctx, first, "ed@example.org", "approved")
			return err
		})
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Errorf("approving a replaced proposal: %v, want ErrConflict", err)
		}

		var updated beatdesk.Draft
		must(s.Update(ctx, func(tx *store.Tx) (err error) {
			updated, err = tx.ApplyUpdate(ctx, second, "ed@example.org", "approved by an editor")
			return err
		}))
		if updated.State != beatdesk.DraftUpdated || len(updated.Citations) != 3 || updated.Citations[2].N != 3 || updated.Citations[2].ArticleID != 30 {
			t.Errorf("after approval the article is %s with citations %+v; want updated with source 3 from article 30", updated.State, updated.Citations)
		}
		var notices []beatdesk.Notice
		var events []store.DraftEvent
		must(s.View(ctx, func(tx *store.Tx) (err error) {
			if notices, err = tx.Notices(ctx, id); err != nil {
				return err
			}
			if updated, err = tx.Draft(ctx, id); err != nil {
				return err
			}
			events, err = tx.DraftEvents(ctx, id)
			return err
		}))
		if len(notices) != 1 || notices[0].Kind != beatdesk.NoticeUpdate || notices[0].Text != proposal.Text || notices[0].Actor != "ed@example.org" || notices[0].At.IsZero() {
			t.Errorf("notices %+v, want one dated update with the proposal's text by the editor", notices)
		}
		if n := len(updated.Provenance.Consulted); n != 1 || updated.Provenance.Consulted[0].ArticleID != 30 {
			t.Errorf("provenance lists %+v, want the new source", updated.Provenance.Consulted)
		}
		if !hasEvent(events, "ed@example.org", "update approved") || !hasEvent(events, store.ActorSystem, "update proposed") {
			t.Errorf("desk log %+v lacks the proposal and the editor's approval", events)
		}
		err = s.Update(ctx, func(tx *store.Tx) error { _, err := tx.ApplyUpdate(ctx, second, "ed@example.org", ""); return err })
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Errorf("approving twice: %v, want ErrConflict", err)
		}

		// A later proposal, numbered before the article grew, is
		// renumbered on approval; a dismissed one leaves the article
		// alone and its articles are remembered as decided.
		later := proposal
		later.Articles = []int64{31}
		later.Citations = []beatdesk.Citation{{N: 3, Outlet: "D", ArticleID: 31}}
		later.Text = "According to D, “talks resume on 24 November” [3]."
		must(s.Update(ctx, func(tx *store.Tx) (err error) { third, err = tx.ProposeUpdate(ctx, later); return err }))
		must(s.Update(ctx, func(tx *store.Tx) error {
			u, err := tx.DismissUpdate(ctx, third, "chief@example.org")
			if err == nil && u.State != store.UpdateDismissed {
				t.Errorf("dismissed proposal is %s", u.State)
			}
			return err
		}))
		var decided map[int64]bool
		must(s.View(ctx, func(tx *store.Tx) (err error) {
			if _, ok, err = tx.PendingUpdate(ctx, id); err != nil {
				return err
			}
			if updated, err = tx.Draft(ctx, id); err != nil {
				return err
			}
			if events, err = tx.DraftEvents(ctx, id); err != nil {
				return err
			}
			decided, err = tx.DecidedUpdateArticles(ctx, id)
			return err
		}))
		if ok || len(updated.Citations) != 3 || !hasEvent(events, "chief@example.org", "update dismissed") {
			t.Errorf("after dismissal: waiting %v, %d citations, log %+v; want none waiting, the article as it was, the dismissal logged", ok, len(updated.Citations), events)
		}
		if !decided[30] || !decided[31] || decided[1] {
			t.Errorf("decided articles %v, want 30 (applied) and 31 (dismissed)", decided)
		}

		// Renumbering: a proposal numbered [3] applied to an article that
		// has three sources by now becomes [4].
		renum := later
		renum.Citations = []beatdesk.Citation{{N: 3, Outlet: "E", ArticleID: 32}}
		renum.Text = "According to E, “the port reopened on 25 November” [3]."
		renum.Articles = []int64{32}
		var fourth int64
		must(s.Update(ctx, func(tx *store.Tx) (err error) { fourth, err = tx.ProposeUpdate(ctx, renum); return err }))
		must(s.Update(ctx, func(tx *store.Tx) (err error) {
			updated, err = tx.ApplyUpdate(ctx, fourth, store.ActorSystem, "applied automatically")
			return err
		}))
		must(s.View(ctx, func(tx *store.Tx) (err error) { notices, err = tx.Notices(ctx, id); return err }))
		if len(updated.Citations) != 4 || updated.Citations[3].N != 4 || len(notices) != 2 ||
			notices[1].Text != "According to E, “the port reopened on 25 November” [4]." {
			t.Errorf("renumbered: citations %+v, notices %+v; want source 4 and the marker [4]", updated.Citations, notices)
		}
	})
}

func hasEvent(events []store.DraftEvent, actor, action string) bool {
	return slices.ContainsFunc(events, func(e store.DraftEvent) bool { return e.Actor == actor && e.Action == action })
}
