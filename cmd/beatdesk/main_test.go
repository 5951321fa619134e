package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestMain lets a test re-run this binary as beatdesk itself (see
// startBeatdesk), so the crash test needs no separate build.
func TestMain(m *testing.M) {
	if args := os.Getenv("BEATDESK_TEST_MAIN"); args != "" {
		err := Main(context.Background(), strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "beatdesk:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// lineWriter collects a command's output and lets a test wait for a line.
type lineWriter struct {
	mu    sync.Mutex
	buf   strings.Builder
	lines chan string
	part  string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 1024)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.part += string(p)
	for {
		i := strings.IndexByte(w.part, '\n')
		if i < 0 {
			break
		}
		select {
		case w.lines <- w.part[:i]:
		default:
		}
		w.part = w.part[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// waitMatch waits for a line matching re and returns it.
func (w *lineWriter) waitMatch(t *testing.T, re *regexp.Regexp, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case l := <-w.lines:
			if re.MatchString(l) {
				return l
			}
		case <-deadline:
			t.Fatalf("no line matching %s within %s; output:\n%s", re, timeout, w.String())
		}
	}
}

// waitLine returns the first line starting with prefix.
func (w *lineWriter) waitLine(t *testing.T, prefix string, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case l := <-w.lines:
			if strings.HasPrefix(l, prefix) {
				return strings.TrimSpace(strings.TrimPrefix(l, prefix))
			}
		case <-deadline:
			t.Fatalf("no line starting %q within %s; output:\n%s", prefix, timeout, w.String())
		}
	}
}

// TestDemoEndToEnd drives Main's demo on a free port, from the demo
// corpus to a published page, on each engine, and reads the page as an
// anonymous reader.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			ctx, cancel := context.WithCancel(context.Background())
			out, errOut := newLineWriter(), newLineWriter()
			done := make(chan error, 1)
			go func() {
				done <- Main(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--db", dsn}, strings.NewReader(""), out, errOut)
			}()
			t.Cleanup(func() {
				cancel()
				if err := <-done; err != nil {
					t.Errorf("Main returned %v; stderr:\n%s", err, errOut.String())
				}
			})
			site := out.waitLine(t, "site: ", 120*time.Second)

			// Wait for the pipeline to publish, reading the same database.
			s, err := store.Open(context.Background(), dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var d beatdesk.Draft
			deadline := time.Now().Add(150 * time.Second)
			for d.ID == 0 {
				if time.Now().After(deadline) {
					t.Fatalf("nothing published within the time; stderr:\n%s", errOut.String())
				}
				time.Sleep(500 * time.Millisecond)
				s.View(ctx, func(tx *store.Tx) error {
					pub, err := tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished, Limit: 1})
					if err == nil && len(pub) > 0 {
						d = pub[0]
					}
					return err
				})
			}

			page := get(t, http.DefaultClient, site+"article/"+d.Slug, 200)
			for _, want := range []string{
				htmlText(d.Headline), htmlText(d.Dek[:min(40, len(d.Dek))]), "AI generated illustration",
				"How this analysis was produced", "The analysis continues for members",
			} {
				if !strings.Contains(page, want) {
					t.Errorf("article page lacks %q", want)
				}
			}
			if !regexp.MustCompile(`(?i)AI-powered`).MatchString(page) {
				t.Error("article page does not say the correspondent is AI-powered")
			}
			for _, outlet := range d.Outlets() {
				if !strings.Contains(page, htmlText(outlet)) {
					t.Errorf("source list lacks outlet %q", outlet)
				}
			}
			for _, c := range d.Citations {
				if strings.Contains(page, `href="`+htmlText(c.URL)+`"`) {
					t.Errorf("anonymous reader sees the direct link %s", c.URL)
				}
			}
			members := d.MemberSections()
			if len(members) == 0 {
				t.Fatal("published draft has no members-only section")
			}
			for _, sec := range members {
				for _, p := range sec.Paragraphs {
					// The whole paragraph, and its last 40 letters before the
					// citation marker: the end of a quote tells it from others
					// better than the attribution frame it starts with.
					r := []rune(strings.TrimRight(citeMarkers.ReplaceAllString(p, ""), " "))
					tail := string(r[max(0, len(r)-40):])
					if strings.Contains(page, htmlText(p)) || strings.Contains(page, htmlText(tail)) {
						t.Errorf("members-only text served to an anonymous reader: %q", p)
					}
				}
			}

			// The desk asks for a sign-in and lets the demo editor in.
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			signin := get(t, c, site+"desk/", 200)
			if !strings.Contains(signin, "password") {
				t.Fatalf("desk without sign-in did not show the sign-in form")
			}
			resp, err := c.PostForm(site+"desk/signin", url.Values{"email": {demoEditorEmail}, "password": {demoEditorPassword}})
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), "Demo mode") {
				t.Errorf("desk after sign-in: status %d, want the queue with the demo-mode notice", resp.StatusCode)
			}
		})
	}
}

func get(t *testing.T, c *http.Client, u string, want int) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d\n%.500s", u, resp.StatusCode, want, b)
	}
	return string(b)
}

// citeMarkers are a draft's "[n]" citation markers.
var citeMarkers = regexp.MustCompile(`\s*\[\d+\]`)

// htmlText escapes s as html/template does in text.
func htmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}
