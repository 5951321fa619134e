package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestDeskRevisionsNoticesRoles follows one draft from the writer through
// an edit, approval, publication, a correction, an update and a
// retraction, and one user through role changes, checking what each step
// keeps: revisions, notices, states and the desk log.
func TestDeskRevisionsNoticesRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := beatdesk.Draft{PersonaSlug: "p", Writer: "extractive", Headline: "Port strike in Santos enters day 9",
			Dek: "Dockers say 1,200 workers are out [1].",
			Sections: []beatdesk.Section{
				{Title: "What happened", Paragraphs: []string{"According to A, \"x\" [1]."}},
				{Title: "What to watch", Paragraphs: []string{"B said \"y\" [2]."}, MembersOnly: true},
			},
			Citations: []beatdesk.Citation{{N: 1, Outlet: "A"}, {N: 2, Outlet: "B"}},
		}
		update := func(f func(tx *store.Tx) error) error { return s.Update(ctx, f) }
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		var id int64
		must(update(func(tx *store.Tx) error {
			sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "s", FirstSeen: tx.Now, LastSeen: tx.Now, Terms: map[string]float64{"santos": 1}})
			if err != nil {
				return err
			}
			d.StoryID = sid
			id, err = tx.AddDraft(ctx, d, store.ActorSystem)
			return err
		}))
		d.ID = id
		d.Dek = "Dockers say 1,300 workers are out [1]."
		must(update(func(tx *store.Tx) error { return tx.EditDraft(ctx, d, "ed@example.org") }))
		must(update(func(tx *store.Tx) error {
			if _, err := tx.MoveDraft(ctx, id, beatdesk.DraftApproved, "ed@example.org", ""); err != nil {
				return err
			}
			// Approved text can still be edited; revision 3.
			d.Headline = "Port strike in Santos enters day 10"
			return tx.EditDraft(ctx, d, "ed@example.org")
		}))
		// A correction before publication is refused: there is nothing on
		// the site to correct.
		err := update(func(tx *store.Tx) error {
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeCorrection, Text: "x"}, "ed@example.org")
			return err
		})
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Fatalf("correction of an unpublished draft: %v, want ErrConflict", err)
		}
		var slug string
		must(update(func(tx *store.Tx) error {
			pd, err := tx.MoveDraft(ctx, id, beatdesk.DraftPublished, "ed@example.org", "")
			slug = pd.Slug
			return err
		}))
		err = update(func(tx *store.Tx) error { return tx.EditDraft(ctx, d, "ed@example.org") })
		if !errors.Is(err, beatdesk.ErrConflict) || !strings.Contains(beatdesk.Message(err), "correction") {
			t.Fatalf("edit of a published draft: %v, want ErrConflict pointing to corrections", err)
		}
		err = update(func(tx *store.Tx) error {
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeCorrection, Text: "  "}, "ed@example.org")
			return err
		})
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Fatalf("empty correction: %v, want ErrInvalid", err)
		}
		must(update(func(tx *store.Tx) error {
			if _, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeCorrection,
				Text: "An earlier version gave 1,200 workers; the union says 1,300."}, "ed@example.org"); err != nil {
				return err
			}
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeUpdate,
				Text: "The strike ended on day 11."}, "ed@example.org")
			return err
		}))

		s.View(ctx, func(tx *store.Tx) error {
			revs, err := tx.Revisions(ctx, id)
			must(err)
			if len(revs) != 3 || revs[0].Actor != store.ActorSystem || revs[1].Dek != "Dockers say 1,300 workers are out [1]." ||
				revs[2].Headline != "Port strike in Santos enters day 10" || revs[2].Actor != "ed@example.org" {
				t.Errorf("revisions: %+v", revs)
			}
			// Updated is still live: the page, the lists and search find it.
			got, err := tx.Published(ctx, slug)
			if err != nil || got.State != beatdesk.DraftUpdated {
				t.Errorf("updated article by slug: state %q, %v", got.State, err)
			}
			if list, _ := tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished}); len(list) != 1 {
				t.Errorf("live list has %d drafts, want the updated one", len(list))
			}
			ns, err := tx.Notices(ctx, id)
			must(err)
			if len(ns) != 2 || ns[0].Kind != beatdesk.NoticeCorrection || ns[1].Kind != beatdesk.NoticeUpdate || ns[1].At.IsZero() {
				t.Errorf("notices: %+v", ns)
			}
			return nil
		})

		must(update(func(tx *store.Tx) error {
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeRetraction,
				Text: "The union's figures could not be confirmed."}, "ed@example.org")
			return err
		}))
		s.View(ctx, func(tx *store.Tx) error {
			if _, err := tx.Published(ctx, slug); !errors.Is(err, beatdesk.ErrNotFound) {
				t.Errorf("retracted article still live: %v", err)
			}
			if r, err := tx.Retracted(ctx, slug); err != nil || r.ID != id {
				t.Errorf("retracted by slug: %v", err)
			}
			return nil
		})
		err = update(func(tx *store.Tx) error {
			_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeUpdate, Text: "more"}, "ed@example.org")
			return err
		})
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Fatalf("update after retraction: %v, want ErrConflict", err)
		}

		// Roles: the last admin keeps the role; every change is logged.
		must(update(func(tx *store.Tx) error {
			if _, err := tx.AddUserBy(ctx, beatdesk.User{Email: "boss@example.org", Role: beatdesk.RoleAdmin, PasswordHash: "h"}, "command line"); err != nil {
				return err
			}
			_, err := tx.AddUser(ctx, beatdesk.User{Email: "ana@example.org", Role: beatdesk.RoleViewer, PasswordHash: "h"})
			return err
		}))
		err = update(func(tx *store.Tx) error {
			_, err := tx.SetRole(ctx, "boss@example.org", beatdesk.RoleEditor, "boss@example.org")
			return err
		})
		if !errors.Is(err, beatdesk.ErrConflict) {
			t.Fatalf("demoting the last admin: %v, want ErrConflict", err)
		}
		err = update(func(tx *store.Tx) error {
			_, err := tx.SetRole(ctx, "ana@example.org", "owner", "boss@example.org")
			return err
		})
		if !errors.Is(err, beatdesk.ErrInvalid) {
			t.Fatalf("unknown role: %v, want ErrInvalid", err)
		}
		must(update(func(tx *store.Tx) error {
			_, err := tx.SetRole(ctx, "Ana@Example.org", beatdesk.RoleEditor, "boss@example.org")
			return err
		}))
		s.View(ctx, func(tx *store.Tx) error {
			u, _ := tx.UserByEmail(ctx, "ana@example.org")
			if u.Role != beatdesk.RoleEditor {
				t.Errorf("role after change: %q", u.Role)
			}
			log, err := tx.DeskLog(ctx, 100)
			must(err)
			var actions []string
			for _, e := range log {
				actions = append(actions, e.Actor+" "+e.Action+" "+e.Subject+" "+e.Note)
			}
			all := strings.Join(actions, "\n")
			for _, want := range []string{
				"boss@example.org role changed ana@example.org viewer → editor",
				"command line user added boss@example.org role admin",
				"ed@example.org edited Port strike in Santos enters day 10",
				"ed@example.org approved",
				"ed@example.org corrected",
				"ed@example.org retracted",
				"system created",
			} {
				if !strings.Contains(all, want) {
					t.Errorf("desk log lacks %q:\n%s", want, all)
				}
			}
			if !strings.HasPrefix(actions[0], "boss@example.org role changed") {
				t.Errorf("desk log not newest first: %q", actions[0])
			}
			return nil
		})
	})
}
