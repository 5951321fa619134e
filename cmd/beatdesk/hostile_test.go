package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/password"
	"beatdesk/internal/store"
)

// TestHostileSources points the newsroom at a world that misbehaves in
// every way the issue lists. Each failure must be recorded with a clear
// reason on the source or item it belongs to, the good entry must still
// come through, and a <script> in a feed title must come out escaped.
func TestHostileSources(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile sources: skipped with -short")
	}
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write(make([]byte, 64<<20)) // 64 MiB of zeros in about 64 KB
	zw.Close()

	mux := http.NewServeMux()
	var world *httptest.Server
	mux.HandleFunc("/notxml/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "this is not a feed, just words")
	})
	mux.HandleFunc("/good/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile Wire</title><link>%[1]s/</link>
<item><title>Port strike enters its fifth day</title><link>%[1]s/pages/ok.html</link><guid>ok</guid></item>
<item><title>&lt;script&gt;alert('owned')&lt;/script&gt; Missing page</title><link>%[1]s/pages/gone.html</link><guid>gone</guid></item>
<item><title>Huge page</title><link>%[1]s/pages/huge.html</link><guid>huge</guid></item>
<item><title>Gzip bomb</title><link>%[1]s/pages/bomb.html</link><guid>bomb</guid></item>
<item><title>Slow page</title><link>%[1]s/pages/slow.html</link><guid>slow</guid></item>
</channel></rss>`, world.URL)
	})
	mux.HandleFunc("/pages/ok.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html lang="en"><head><title>Port strike enters its fifth day</title></head><body><article><h1>Port strike enters its fifth day</h1>`)
		for i := 0; i < 6; i++ {
			fmt.Fprintf(w, "<p>Dockworkers at the port of Mombasa stayed away for a fifth day on 14 November, union leader number %d said, leaving 41 ships waiting offshore and 3,200 containers stacked on the quay as exporters counted their losses.</p>", i+1)
		}
		fmt.Fprint(w, `</article></body></html>`)
	})
	mux.HandleFunc("/pages/huge.html", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<p>filler</p>"), 1<<16)
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the fetcher hung up, as it should
			}
		}
	})
	mux.HandleFunc("/pages/bomb.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/pages/slow.html", func(w http.ResponseWriter, r *http.Request) {
		for {
			if _, err := io.WriteString(w, "<p>"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	})
	world = httptest.NewServer(mux) // unknown paths, such as /missing/feed, are 404
	defer world.Close()

	cfg := config.Default()
	cfg.DB = filepath.Join(t.TempDir(), "beatdesk.db")
	cfg.Addr = "127.0.0.1:0"
	cfg.AllowLoopback = true
	cfg.FetchTimeout = 6 * time.Second // short, yet long enough for 5 MiB on a busy machine
	cfg.HostRate = 50
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openApp(ctx, cfg, io.Discard, slog.LevelWarn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	hash, _ := password.Hash("a long enough password")
	err = a.store.Update(ctx, func(tx *store.Tx) error {
		for _, name := range []string{"notxml", "missing", "good"} {
			if _, err := tx.AddSource(ctx, beatdesk.Source{Name: name, FeedURL: world.URL + "/" + name + "/feed"}); err != nil {
				return err
			}
		}
		_, err := tx.AddUser(ctx, beatdesk.User{Email: "ed@example.org", Role: beatdesk.RoleEditor, PasswordHash: hash})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	siteURL := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, io.Discard, func(u string) { siteURL <- u }) }()
	site := <-siteURL

	// Wait until every source and item carries its outcome.
	want := map[string]string{ // source or item → what its error must say
		"notxml": "not a feed", "missing": "404",
		"gone": "404", "huge": "5 MiB", "bomb": "5 MiB", "slow": "",
	}
	got := map[string]string{}
	deadline := time.Now().Add(90 * time.Second)
	for {
		a.store.View(ctx, func(tx *store.Tx) error {
			srcs, _ := tx.Sources(ctx)
			for _, s := range srcs {
				got[s.Name] = s.LastError
			}
			rows, err := a.store.DB().QueryContext(ctx, `SELECT guid, state, error FROM items`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var guid, state, e string
				rows.Scan(&guid, &state, &e)
				got[guid] = e
				got[guid+".state"] = state
			}
			return nil
		})
		ready := got["ok.state"] == beatdesk.ItemFetched
		for k := range want {
			ready = ready && got[k] != ""
		}
		if ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not every failure was recorded in time: %v", got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for k, w := range want {
		if !strings.Contains(got[k], w) {
			t.Errorf("%s: recorded error %q, want it to mention %q", k, got[k], w)
		}
	}
	if !strings.Contains(got["slow"], "timed out") && !strings.Contains(got["slow"], "timeout") {
		t.Errorf("slow page: recorded %q, want a timeout", got["slow"])
	}
	if got["good"] != "" {
		t.Errorf("the good feed has an error: %q", got["good"])
	}

	// The desk shows the failures, with the hostile title escaped.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(site+"/desk/signin", url.Values{"email": {"ed@example.org"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	page := get(t, c, site+"/desk/sources", 200)
	if strings.Contains(page, "<script>alert") {
		t.Error("the desk's sources page carries the feed's <script> unescaped")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;") {
		t.Error("the desk's sources page does not show the hostile title, escaped")
	}
	for _, w := range []string{"not a feed", "404"} {
		if !strings.Contains(page, w) {
			t.Errorf("the desk's sources page does not show %q", w)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}
