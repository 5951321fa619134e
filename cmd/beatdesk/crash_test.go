package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"beatdesk/internal/jobs"
	"beatdesk/internal/store"
)

// TestCrashRecovery kills beatdesk (SIGKILL) in the middle of the pipeline
// five times, restarting it on the same SQLite file and the same demo
// world each time, then lets it finish. Every item must end up handled
// exactly once, no story or draft duplicated, nothing acknowledged lost.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	db := filepath.Join(t.TempDir(), "beatdesk.db")
	feeds := freeAddr(t)
	args := []string{"demo", "--smoke", "--drain", "--db", db, "--feeds-addr", feeds, "--timeout", "300s",
		"--host-rate", "8"} // slow fetching a little so the kills land mid-pipeline

	kills := 0
	for kills < 5 {
		out := newLineWriter()
		cmd := startBeatdesk(t, args, out)
		// Kill at a random moment, a little later each time, so the kills
		// land in polling, fetching, clustering and writing alike.
		if kills < 4 {
			out.waitLine(t, "", 60*time.Second)
			time.Sleep(time.Duration(kills)*time.Second + time.Duration(500+rand.IntN(1500))*time.Millisecond)
		} else {
			// The last kill lands in writing: as soon as the first draft
			// is stored, while the others are still being written.
			waitForDraft(t, db, 90*time.Second)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v (did beatdesk finish before it could be killed?)\n%s", kills+1, err, out.String())
		}
		cmd.Wait()
		kills++
		t.Logf("kill %d: the database held %s", kills, dbStats(t, db))
	}

	out := newLineWriter()
	cmd := startBeatdesk(t, args, out)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("run after %d kills failed: %v\n%s", kills, err, out.String())
	}
	t.Logf("final run: %s", lastLine(out.String()))

	ctx := context.Background()
	s, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type check struct {
		what  string
		query string
	}
	for _, c := range []check{
		{"items never handled", `SELECT count(*) FROM items WHERE state = 'new'`},
		{"fetched items without exactly one article", `SELECT count(*) FROM items i WHERE i.state = 'fetched' AND (SELECT count(*) FROM articles a WHERE a.item_id = i.id) <> 1`},
		{"articles of items not fetched", `SELECT count(*) FROM articles a JOIN items i ON i.id = a.item_id WHERE i.state <> 'fetched'`},
		{"original articles in no story", `SELECT count(*) FROM articles WHERE duplicate_of = 0 AND partial = FALSE AND story_id = 0`},
		{"articles in a story that does not exist", `SELECT count(*) FROM articles a WHERE a.story_id <> 0 AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id)`},
		{"stories with no article", `SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)`},
		{"story counts out of step with their articles", `SELECT count(*) FROM stories s WHERE s.articles <> (SELECT count(*) FROM articles a WHERE a.story_id = s.id AND a.duplicate_of = 0)`},
		{"stories with more than one draft", `SELECT count(*) FROM (SELECT story_id FROM drafts GROUP BY story_id HAVING count(*) > 1) x`},
		{"published drafts without a publication event", `SELECT count(*) FROM drafts d WHERE d.state = 'published' AND (SELECT count(*) FROM draft_events e WHERE e.draft_id = d.id AND e.action = 'published') <> 1`},
		{"jobs given up on", `SELECT count(*) FROM river_job WHERE state = 'discarded'`},
	} {
		var n int
		if err := s.DB().QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if n != 0 {
			t.Errorf("%s: %d", c.what, n)
		}
	}
	var items, published int
	s.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM drafts WHERE state = 'published')`).Scan(&items, &published)
	if items < 60 || published < 5 {
		t.Errorf("after the kills: %d items, %d published; want the whole corpus and at least 5 published", items, published)
	}
	counts, _ := jobs.JobCounts(ctx, s)
	t.Logf("%d items, %d published; jobs by state %v", items, published, counts)
}

// dbStats describes what the database holds.
func dbStats(t *testing.T, db string) string {
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var st store.Stats
	s.View(context.Background(), func(tx *store.Tx) (err error) { st, err = tx.Stats(context.Background()); return err })
	return fmt.Sprintf("%d items, %d articles, %d stories, %d drafts (%d published)", st.Items, st.Articles, st.Stories, st.Drafts, st.Published)
}

// waitForDraft polls the database until it holds a draft.
func waitForDraft(t *testing.T, db string, timeout time.Duration) {
	t.Helper()
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		if s.DB().QueryRow(`SELECT count(*) FROM drafts`).Scan(&n); n > 0 {
			return
		}
	}
	t.Fatalf("no draft within %s", timeout)
}

// startBeatdesk runs this test binary as beatdesk with args (see TestMain).
func startBeatdesk(t *testing.T, args []string, out *lineWriter) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BEATDESK_TEST_MAIN="+strings.Join(args, "\x1f"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
