package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/mail/mailtest"
	"beatdesk/internal/store"
)

// crashSecret is the members-only sentence of the article the digest
// carries: it must reach every member and no subscriber.
const crashSecret = "Only members read that the harbour pilots have voted to strike on 2 December"

// TestNewsletterCrash sends a daily digest to 48 confirmed readers
// through a real SMTP server (mailpit), killing beatdesk (SIGKILL) twice
// while the copies go out, and restarting it each time. Every reader must
// end with exactly one copy; a subscriber's copy carries no members-only
// text and a member's carries it; every copy has the one-click
// unsubscribe headers.
func TestNewsletterCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	srv := mailtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "beatdesk.db")
	const readers = 48
	addrs := seedNewsletter(t, db, readers)

	flags := []string{"--db", db, "--smtp-host", srv.SMTPHost, "--smtp-port", strconv.Itoa(srv.SMTPPort),
		"--smtp-from", "news@news.example", "--smtp-tls", "none", "--mail-rate", "25"}
	out := newLineWriter()
	if err := startBeatdesk(t, append([]string{"run", "digest"}, flags...), out).Wait(); err != nil {
		t.Fatalf("run digest: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("queued %d sends", readers)) {
		t.Fatalf("run digest did not queue %d sends:\n%s", readers, out.String())
	}

	serve := append([]string{"serve", "--addr", freeAddr(t)}, flags...)
	for i, killAt := range []int{8, 24} {
		out := newLineWriter()
		cmd := startBeatdesk(t, serve, out)
		arrived, err := srv.Wait(ctx, "to:example.org", killAt)
		if err != nil {
			t.Fatalf("before kill %d: %v\n%s", i+1, err, out.String())
		}
		// At once, or a little later, so kills land in every phase of a
		// send: composing, connecting, handing over, recording.
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", i+1, err)
		}
		cmd.Wait()
		time.Sleep(300 * time.Millisecond) // let mailpit store what it accepted
		ms, _ := srv.Search(ctx, "to:example.org")
		t.Logf("kill %d: %d copies had arrived when the kill was sent, %d after", i+1, len(arrived), len(ms))
		if len(ms) >= readers {
			t.Fatalf("kill %d came after every copy had gone; the test proves nothing (slow the sending)", i+1)
		}
	}

	out = newLineWriter()
	cmd := startBeatdesk(t, serve, out)
	if _, err := srv.Wait(ctx, "to:example.org", readers); err != nil {
		t.Fatalf("after the restart: %v\n%s", err, out.String())
	}
	waitAllSent(t, db, readers, 60*time.Second)
	time.Sleep(time.Second) // a duplicate, were one on its way, would arrive now
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	for i, a := range addrs {
		ms, err := srv.Search(ctx, "to:"+a)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 {
			t.Errorf("%s received %d copies, want exactly 1", a, len(ms))
			continue
		}
		if i > 1 && i < readers-2 {
			continue // read the bodies of a few only
		}
		m, err := srv.Message(ctx, ms[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		member := i%2 == 1
		for name, body := range map[string]string{"text": m.Text, "HTML": m.HTML} {
			if got := strings.Contains(body, crashSecret); got != member {
				t.Errorf("%s (member %v), %s body: members-only sentence present %v", a, member, name, got)
			}
			if !strings.Contains(body, "Pilots warn of a harbour strike") {
				t.Errorf("%s, %s body lacks the article", a, name)
			}
		}
		h, err := srv.Headers(ctx, ms[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.Contains(h.Get("List-Unsubscribe"), "/newsletter/unsubscribe/") {
			t.Errorf("%s: unsubscribe headers %q, %q", a, h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
		}
		if want := fmt.Sprintf("digest-1-%d@", i+1); !strings.HasPrefix(m.MessageID, want) {
			t.Errorf("%s: Message-ID %q, want it to start %q", a, m.MessageID, want)
		}
	}
}

// seedNewsletter fills a new database with readers who confirmed their
// address, alternately subscribers and members, one published article,
// and one unreachable source (so serve does not seed the default list).
func seedNewsletter(t *testing.T, db string, n int) []string {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var addrs []string
	err = s.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.AddSource(ctx, beatdesk.Source{Name: "Nowhere", FeedURL: "http://127.0.0.1:1/feed.xml", Lang: "en"}); err != nil {
			return err
		}
		for i := range n {
			level := beatdesk.LevelSubscriber
			if i%2 == 1 {
				level = beatdesk.LevelMember
			}
			m, err := tx.AddMember(ctx, fmt.Sprintf("reader%02d@example.org", i), level)
			if err != nil {
				return err
			}
			tok := fmt.Sprintf("confirm-%d", i)
			if err := tx.AddSignInToken(ctx, m.ID, tok, time.Hour); err != nil {
				return err
			}
			if _, err := tx.UseSignInToken(ctx, tok); err != nil {
				return err
			}
			addrs = append(addrs, m.Email)
		}
		tx.Now = tx.Now.Add(-time.Hour)
		sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: "Harbour strike", FirstSeen: tx.Now, LastSeen: tx.Now, Region: "europe"})
		if err != nil {
			return err
		}
		id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: persona.Default()[0].Slug, Writer: "extractive", Region: "europe",
			Headline: "Pilots warn of a harbour strike", Dek: "The pilots' union set a date [1].",
			Sections: []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"The union met on 24 November [1]."}},
				{Title: "What it means", MembersOnly: true, Paragraphs: []string{crashSecret + " [1]."}}},
			Citations: []beatdesk.Citation{{N: 1, Outlet: "Port News", URL: "https://port.example/strike", Passage: "The union met."}}}, store.ActorSystem)
		if err != nil {
			return err
		}
		_, err = tx.MoveDraft(ctx, id, beatdesk.DraftPublished, store.ActorSystem, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return addrs
}

// waitAllSent waits until the store records every send as sent.
func waitAllSent(t *testing.T, db string, n int, timeout time.Duration) {
	t.Helper()
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var sent int
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if s.DB().QueryRow(`SELECT count(*) FROM digest_sends WHERE state = 'sent'`).Scan(&sent); sent == n {
			return
		}
	}
	t.Fatalf("%d of %d sends recorded as sent within %s", sent, n, timeout)
}
