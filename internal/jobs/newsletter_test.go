package jobs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/mail"
	"beatdesk/internal/mail/mailtest"
	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

const digestSecret = "Only members read that the plaza bosses have split over 1,340 families"

// TestDigests composes the daily and the weekly digests over a real store
// and sends them through a real SMTP server (mailpit): each confirmed
// recipient gets one copy, as their level allows; the unconfirmed get
// none; composing or sending again changes nothing; a reader who leaves
// the list before their turn is skipped.
func TestDigests(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := mailtest.Start(t)
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		defer cancel()
		sender, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.SMTPHost, Port: srv.SMTPPort, From: "news@news.example", TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		cfg := testConfig()
		cfg.Newsletter = NewsletterConfig{Mail: sender, Hour: 6, Weekday: time.Monday, Rate: 1000,
			Site: newsletter.Site{Name: "The Test Desk", BaseURL: "https://news.example"}}
		h := newHarness(t, s, cfg)
		beat := h.p.personas[0]
		at := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) // a Monday

		ids := map[string]int64{}
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		addReader := func(name, level string, confirm bool) {
			update(func(tx *store.Tx) error {
				m, err := tx.AddMember(ctx, name+"@example.org", level)
				if err != nil {
					return err
				}
				ids[name] = m.ID
				if !confirm {
					return nil
				}
				if err := tx.AddSignInToken(ctx, m.ID, "tok-"+name, time.Hour); err != nil {
					return err
				}
				_, err = tx.UseSignInToken(ctx, "tok-"+name)
				return err
			})
		}
		addReader("ann", beatdesk.LevelSubscriber, true)
		addReader("dan", beatdesk.LevelMember, true)
		addReader("cat", beatdesk.LevelSubscriber, false)
		addReader("bob", beatdesk.LevelSubscriber, true)
		update(func(tx *store.Tx) error {
			return tx.SetNewsletterPrefs(ctx, store.NewsletterPrefs{MemberID: ids["bob"], Daily: false, Beats: []string{beat.Slug}})
		})
		publish := func(headline string, when time.Time) {
			update(func(tx *store.Tx) error {
				tx.Now = when
				sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: headline, FirstSeen: when, LastSeen: when, Region: "europe"})
				if err != nil {
					return err
				}
				id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: beat.Slug, Writer: "extractive", Region: "europe",
					Headline: headline, Dek: "A dek [1].",
					Sections: []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"Public fact [1]."}},
						{Title: "What it means", MembersOnly: true, Paragraphs: []string{digestSecret + " [1]."}}},
					Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "P."}}}, store.ActorSystem)
				if err != nil {
					return err
				}
				_, err = tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
				return err
			})
		}
		publish("Ports reopen after the strike", at.Add(-3*time.Hour))

		issues, sends, err := h.p.ComposeDigests(ctx, at, true, true)
		if err != nil {
			t.Fatal(err)
		}
		if issues != 2 || sends != 3 {
			t.Fatalf("composed %d issues with %d sends; want the daily (ann, dan) and %s's weekly (bob)", issues, sends, beat.Slug)
		}
		if again, _, err := h.p.ComposeDigests(ctx, at, true, true); err != nil || again != 0 {
			t.Errorf("composing the same slot again made %d issues (%v)", again, err)
		}
		jobs := h.jobs(SendDigestArgs{}.Kind())
		if len(jobs) != 3 {
			t.Fatalf("%d send jobs, want 3", len(jobs))
		}
		for round := 0; round < 2; round++ { // the second round finds every send done
			for _, j := range jobs {
				if err := h.p.SendDigest(ctx, j.Args["issue_id"], j.Args["member_id"], false); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := srv.Wait(ctx, "to:example.org", 3); err != nil {
			t.Fatal(err)
		}
		body := func(name string, want int) []string {
			t.Helper()
			ms, err := srv.Search(ctx, "to:"+name+"@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != want {
				t.Fatalf("%s got %d messages, want %d", name, len(ms), want)
			}
			var out []string
			for _, m := range ms {
				full, err := srv.Message(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, m.Subject+"\n"+full.Text+"\n"+full.HTML)
			}
			return out
		}
		ann, dan, bob := body("ann", 1)[0], body("dan", 1)[0], body("bob", 1)[0]
		body("cat", 0)
		if strings.Contains(ann, "plaza bosses") || !strings.Contains(ann, "Public fact") || !strings.Contains(ann, "https://o.example/a") {
			t.Errorf("ann's (subscriber) digest must have the public part and links, not the members' part:\n%s", ann)
		}
		if !strings.Contains(dan, "plaza bosses") {
			t.Errorf("dan's (member) digest lacks the members-only continuation:\n%s", dan)
		}
		if !strings.HasPrefix(ann, "The Test Desk daily, 23 November 2026: Ports reopen") || !strings.Contains(bob, beat.Name+"'s week") {
			t.Errorf("subjects: ann %q, bob %q", firstLine(ann), firstLine(bob))
		}

		// Next day: eve joins, and turns the daily off before her send.
		publish("Talks resume", at.Add(20*time.Hour))
		addReader("eve", beatdesk.LevelSubscriber, true)
		if issues, sends, err = h.p.ComposeDigests(ctx, at.Add(24*time.Hour), true, false); err != nil || issues != 1 || sends != 3 {
			t.Fatalf("next daily: %d issues, %d sends, %v; want 1 issue for ann, dan, eve", issues, sends, err)
		}
		update(func(tx *store.Tx) error {
			return tx.SetNewsletterPrefs(ctx, store.NewsletterPrefs{MemberID: ids["eve"], Daily: false})
		})
		var issue store.DigestIssue
		update(func(tx *store.Tx) (err error) {
			issue, err = tx.LastDigestIssue(ctx, store.DigestDaily, "")
			return err
		})
		if !issue.PeriodStart.Equal(at) || len(issue.DraftIDs) != 1 {
			t.Errorf("second daily %+v: want it to start where the first ended, with the one new article", issue)
		}
		if err := h.p.SendDigest(ctx, issue.ID, ids["eve"], false); err != nil {
			t.Fatal(err)
		}
		var send store.DigestSend
		update(func(tx *store.Tx) (err error) { send, err = tx.DigestSend(ctx, issue.ID, ids["eve"]); return err })
		if send.State != store.SendSkipped {
			t.Errorf("eve's send is %q, want skipped", send.State)
		}
		body("eve", 0)
	})
}

func firstLine(s string) string { first, _, _ := strings.Cut(s, "\n"); return first }

// TestDigestSendFailsForGood: a server that refuses the recipient for
// good (here: a closed port counts as for now, so the last attempt)
// leaves the send failed with the reason, not pending for ever.
func TestDigestSendFailsForGood(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := t.Context()
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: "127.0.0.1", Port: 1, From: "news@news.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Newsletter = NewsletterConfig{Mail: sender, Rate: 1000, Site: newsletter.Site{Name: "T", BaseURL: "https://news.example"}}
	h := newHarness(t, s, cfg)
	at := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	var memberID int64
	err = s.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.AddMember(ctx, "ann@example.org", beatdesk.LevelSubscriber)
		if err != nil {
			return err
		}
		memberID = m.ID
		if err := tx.AddSignInToken(ctx, m.ID, "t", time.Hour); err != nil {
			return err
		}
		if _, err := tx.UseSignInToken(ctx, "t"); err != nil {
			return err
		}
		tx.Now = at.Add(-time.Hour)
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "S", FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
		if err != nil {
			return err
		}
		id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: "p", Writer: "extractive", Headline: "H", Dek: "D [1].",
			Region: "europe", Sections: []beatdesk.Section{{Title: "T", Paragraphs: []string{"P [1]."}}},
			Citations: []beatdesk.Citation{{N: 1, Outlet: "O", URL: "https://o.example/a", Passage: "P."}}}, store.ActorSystem)
		if err != nil {
			return err
		}
		_, err = tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.p.ComposeDigests(ctx, at, true, false); err != nil {
		t.Fatal(err)
	}
	var issue store.DigestIssue
	s.View(ctx, func(tx *store.Tx) (err error) {
		issue, err = tx.LastDigestIssue(ctx, store.DigestDaily, "")
		return err
	})
	if err := h.p.SendDigest(ctx, issue.ID, memberID, false); err == nil {
		t.Fatal("a send to a closed port succeeded")
	}
	var send store.DigestSend
	s.View(ctx, func(tx *store.Tx) (err error) { send, err = tx.DigestSend(ctx, issue.ID, memberID); return err })
	if send.State != store.SendPending || send.Attempts != 1 {
		t.Fatalf("after a failed attempt: %+v, want pending with one attempt", send)
	}
	if err := h.p.SendDigest(ctx, issue.ID, memberID, true); err != nil {
		t.Fatal(err)
	}
	s.View(ctx, func(tx *store.Tx) (err error) { send, err = tx.DigestSend(ctx, issue.ID, memberID); return err })
	if send.State != store.SendFailed || !strings.Contains(send.Error, "mail server") {
		t.Errorf("after the last attempt: %+v, want failed with the reason", send)
	}
}

// TestDailyAt checks the schedule: the next slot is at the hour, today
// or tomorrow.
func TestDailyAt(t *testing.T) {
	h := dailyAt(6)
	for _, c := range []struct{ now, last, next string }{
		{"2026-11-23T05:59:00Z", "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z"},
		{"2026-11-23T06:00:00Z", "2026-11-23T06:00:00Z", "2026-11-24T06:00:00Z"},
		{"2026-11-23T23:00:00Z", "2026-11-23T06:00:00Z", "2026-11-24T06:00:00Z"},
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		if got := fmt.Sprint(h.last(now).Format(time.RFC3339), " ", h.Next(now).Format(time.RFC3339)); got != c.last+" "+c.next {
			t.Errorf("at %s: last and next %s, want %s %s", c.now, got, c.last, c.next)
		}
	}
}
