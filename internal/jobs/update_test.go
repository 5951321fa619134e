package jobs

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/draft/extractive"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// publishedStory writes the demo's stories until one is published by
// the system (AutoPublish on), and returns its story and article.
func publishedStory(t *testing.T, h *harness) (int64, beatdesk.Draft) {
	t.Helper()
	newsroom(t, h, newWorld(t), nil)
	h.p.cfg.AutoPublish = true
	for _, storyID := range h.jobArgs("write", "story_id") {
		if err := h.p.Write(h.ctx, storyID); err != nil {
			t.Fatalf("Write(%d): %v", storyID, err)
		}
		if d, _ := h.draftOf(storyID); d.State == beatdesk.DraftPublished {
			return storyID, d
		}
	}
	t.Fatal("no demo story was published")
	return 0, beatdesk.Draft{}
}

// newReport stores a new original article in the story, by the outlet of
// its first article in the article's language, dated now (after the
// article went live): a copy of that article, as outlets republish a
// report with a paragraph more, with extra as its new last paragraph.
// It clusters it, and returns its id.
func (h *harness) newReport(storyID int64, slug, extra string) int64 {
	h.t.Helper()
	var id int64
	err := h.s.Update(h.ctx, func(tx *store.Tx) error {
		arts, err := tx.StoryArticles(h.ctx, storyID)
		if err != nil {
			return err
		}
		a := arts[0]
		for _, b := range arts {
			if b.Lang == "en" {
				a = b
				break
			}
		}
		url := a.URL + "?" + slug
		itemID, _, err := tx.AddItem(h.ctx, beatdesk.Item{SourceID: a.SourceID, GUID: slug, URL: url, Title: a.Title})
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		a.ID, a.ItemID, a.URL, a.StoryID, a.DuplicateOf = 0, itemID, url, 0, 0
		a.Published, a.FetchedAt, a.ContentHash, a.SimHash = now, now, slug, uint64(len(slug))
		a.Text += "\n\n" + extra
		id, _, err = tx.AddArticle(h.ctx, a)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.p.Cluster(h.ctx, id); err != nil {
		h.t.Fatal(err)
	}
	if got := h.article(id).StoryID; got != storyID {
		h.t.Fatalf("the new report joined story %d, want %d", got, storyID)
	}
	return id
}

// proposals lists the article's proposed updates, oldest first.
func (h *harness) proposals(draftID int64) []store.ProposedUpdate {
	h.t.Helper()
	var out []store.ProposedUpdate
	for _, id := range h.ids(`SELECT id FROM proposed_updates WHERE draft_id = $1`, draftID) {
		err := h.s.View(h.ctx, func(tx *store.Tx) error {
			u, err := tx.ProposedUpdate(h.ctx, id)
			out = append(out, u)
			return err
		})
		if err != nil {
			h.t.Fatal(err)
		}
	}
	return out
}

const (
	newFacts  = "The regional emergency office said on 26 November that 4,875 residents had registered at 37 temporary shelters."
	moreFacts = "Engineers reopened 9 of the 14 bridges closed by the fighting on Thursday, the transport ministry said."
)

// TestUpdateProposed: a published story that gains new reports with new
// dated facts gets exactly one proposed update, however many reports come
// in a burst (one job, one proposal); its every claim is verified and
// cites the new reports. Approving it puts a dated update on the article
// page under the same address, with the new sources in its list.
func TestUpdateProposed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		storyID, d := publishedStory(t, h)
		h.p.cfg.AutoPublish = false
		h.p.personas = slices.Clone(h.p.personas)
		for i := range h.p.personas {
			h.p.personas[i].AutoPublish = false
		}

		first := h.newReport(storyID, "update-1", newFacts)
		second := h.newReport(storyID, "update-2", moreFacts)
		jobs := h.jobs(UpdateArgs{}.Kind())
		if len(jobs) != 1 || jobs[0].Args["draft_id"] != d.ID || jobs[0].State != "scheduled" {
			t.Fatalf("update jobs after a burst of two reports: %+v; want one, for draft %d, scheduled after the delay", jobs, d.ID)
		}
		for range 2 { // a retried job proposes nothing twice
			if err := h.p.ProposeUpdate(h.ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}
		ps := h.proposals(d.ID)
		if len(ps) != 1 || ps[0].State != store.UpdatePending {
			t.Fatalf("proposals %+v, want one waiting", ps)
		}
		u := ps[0]
		t.Logf("proposed: %s", u.Text)
		if !slices.Equal(u.Articles, []int64{first, second}) {
			t.Errorf("the proposal was written from %v, want the new reports %v", u.Articles, []int64{first, second})
		}
		if len(u.Findings) == 0 || u.Unsupported() != 0 {
			t.Errorf("findings %+v; want every claim supported", u.Findings)
		}
		for _, c := range u.Citations {
			if c.ArticleID != first && c.ArticleID != second || c.N <= len(d.Citations) {
				t.Errorf("the proposal cites %+v, want only the new reports, numbered after the article's %d sources", c, len(d.Citations))
			}
		}
		if !strings.Contains(u.Text, "4,875") || !strings.Contains(u.Text, "9 of the 14 bridges") {
			t.Errorf("the proposal %q lacks the new facts", u.Text)
		}
		if h.draft(d.ID).State != beatdesk.DraftPublished {
			t.Errorf("without the policy the article changed before an editor acted")
		}

		// An editor approves it: a dated update, the new sources listed.
		err := s.Update(h.ctx, func(tx *store.Tx) error {
			_, err := tx.ApplyUpdate(h.ctx, u.ID, "editor@example.org", "approved")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		after := h.draft(d.ID)
		if after.State != beatdesk.DraftUpdated || after.Slug != d.Slug || len(after.Citations) != len(d.Citations)+len(u.Citations) {
			t.Fatalf("after approval: %s, slug %q, %d sources; want updated under %q with %d sources",
				after.State, after.Slug, len(after.Citations), d.Slug, len(d.Citations)+len(u.Citations))
		}
		srv := httptest.NewServer(web.New(s, web.Options{Personas: h.p.personas, Logger: slog.New(slog.DiscardHandler)}))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/article/" + d.Slug)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the article's address answers %d", resp.StatusCode)
		}
		newest := u.Citations[len(u.Citations)-1]
		for _, want := range []string{"<strong>Update, <time datetime=", "4,875", `id="source-` + strconv.Itoa(newest.N) + `"`,
			`href="#source-` + strconv.Itoa(newest.N) + `"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the article page lacks %q", want)
			}
		}

		// Nothing new since the update: no further proposal.
		if err := h.p.ProposeUpdate(h.ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(h.proposals(d.ID)); n != 1 {
			t.Errorf("%d proposals after the update with nothing new, want 1", n)
		}
	})
}

// TestUpdateNothingNew: reports that only repeat what the article's
// sources said, or that came before it went live, give no proposal.
func TestUpdateNothingNew(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		storyID, d := publishedStory(t, h)
		h.newReport(storyID, "repeat", "")
		if err := h.p.ProposeUpdate(h.ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if ps := h.proposals(d.ID); len(ps) != 0 {
			t.Errorf("a report repeating the article's sources gave proposals %+v", ps)
		}
		if after := h.draft(d.ID); after.State != beatdesk.DraftPublished || len(after.Citations) != len(d.Citations) {
			t.Errorf("the article became %s with %d sources", after.State, len(after.Citations))
		}
	})
}

// TestUpdateAutoPublish: under the auto-publish policy a proposal whose
// every claim is verified is applied at once by the system, and logged as
// such; one with an unsupported claim waits for an editor.
func TestUpdateAutoPublish(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig()) // AutoPublish on
		storyID, d := publishedStory(t, h)

		// A proposal whose figure was changed after writing: unsupported.
		report := h.newReport(storyID, "update-1", newFacts)
		u, err := extractive.WriteUpdate(extractive.UpdateInput{Article: d, New: []beatdesk.Article{h.article(report)}, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		u.Text = strings.Replace(u.Text, "4,875", "5,875", 1)
		if err := h.p.keepUpdate(h.ctx, d, beatdesk.Persona{}, "en", u, []int64{report}); err != nil {
			t.Fatal(err)
		}
		ps := h.proposals(d.ID)
		if len(ps) != 1 || ps[0].State != store.UpdatePending || ps[0].Unsupported() == 0 {
			t.Fatalf("an unsupported proposal under the policy: %+v; want it waiting, flagged", ps)
		}
		if after := h.draft(d.ID); after.State != beatdesk.DraftPublished {
			t.Fatalf("an unsupported proposal was applied: the article is %s", after.State)
		}

		// A further report: the job writes the update again from both,
		// verified, in its place, and the system applies it.
		h.newReport(storyID, "update-2", moreFacts)
		if err := h.p.ProposeUpdate(h.ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		ps = h.proposals(d.ID)
		if len(ps) != 2 || ps[0].State != store.UpdateSuperseded || ps[1].State != store.UpdateApplied || ps[1].DecidedBy != store.ActorSystem {
			t.Fatalf("proposals %+v; want the flagged one replaced and the verified one applied by the system", ps)
		}
		after, events := h.draftOf(storyID)
		if after.State != beatdesk.DraftUpdated || len(after.Citations) != len(d.Citations)+len(ps[1].Citations) {
			t.Errorf("the article is %s with %d sources; want updated with the new ones", after.State, len(after.Citations))
		}
		if !slices.ContainsFunc(events, func(e store.DraftEvent) bool {
			return e.Actor == store.ActorSystem && e.Action == "update approved" && strings.Contains(e.Note, "applied automatically; all")
		}) {
			t.Errorf("the desk log %+v does not say the system applied the update under the policy", events)
		}
	})
}

func (h *harness) draft(id int64) beatdesk.Draft {
	h.t.Helper()
	var d beatdesk.Draft
	if err := h.s.View(h.ctx, func(tx *store.Tx) (err error) { d, err = tx.Draft(h.ctx, id); return err }); err != nil {
		h.t.Fatal(err)
	}
	return d
}
