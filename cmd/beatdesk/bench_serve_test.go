package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// loadFromTestBinary has bench serve start its load process as this test
// binary (see TestMain) for the rest of the test.
func loadFromTestBinary(t *testing.T) {
	old := loadCommand
	loadCommand = func(args []string) (*exec.Cmd, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BEATDESK_TEST_MAIN="+strings.Join(append([]string{"bench", "load"}, args...), "\x1f"))
		return cmd, nil
	}
	t.Cleanup(func() { loadCommand = old })
}

// TestBenchServe fills a small store, serves it and loads it from a child
// process (this test binary, see TestMain), and checks that every route
// answered without errors and that the figures are on the last line.
func TestBenchServe(t *testing.T) {
	loadFromTestBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := runBench(ctx, []string{"serve", "--articles", "300", "--duration", "2s", "--concurrency", "4"}, &out, io.Discard); err != nil {
		t.Fatalf("bench serve: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var res map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		t.Fatalf("the last line is not JSON: %v\n%s", err, out.String())
	}
	t.Logf("%s", lines[len(lines)-1])
	for _, route := range []string{"article_cached", "article_uncached", "home", "search"} {
		rps, _ := res[route+"_rps"].(float64)
		errs, _ := res[route+"_errors"].(float64)
		p99, _ := res[route+"_p99_ms"].(float64)
		if rps <= 0 || errs != 0 || p99 <= 0 {
			t.Errorf("%s: %v req/s, %v errors, p99 %v ms; want requests served without errors\n%s", route, rps, errs, p99, out.String())
		}
		if size, _ := res[route+"_bytes"].(float64); size < 1000 {
			t.Errorf("%s: %v bytes an answer; want the whole page read", route, size)
		}
		for _, k := range []string{"_server_cpu_ms", "_load_cpu_ms", "_cores"} {
			if _, ok := res[route+k]; !ok {
				t.Errorf("%s: no %s in the figures", route, route+k)
			}
		}
	}
	if res["articles"] != 300.0 {
		t.Errorf("articles = %v, want 300", res["articles"])
	}
}

func TestSyntheticArticleIsStable(t *testing.T) {
	a, b := syntheticArticle(12345), syntheticArticle(12345)
	if a.Headline != b.Headline || a.Sections[0].Paragraphs[0] != b.Sections[0].Paragraphs[0] {
		t.Error("the same article number gave two articles; the load process could not find them")
	}
	for _, i := range []int{0, 1, 12345, 999999} {
		if h := syntheticHeadline(i); h != syntheticArticle(i).Headline {
			t.Errorf("article %d: syntheticHeadline gives %q, the article has %q; the load process would ask for slugs that are not there", i, h, syntheticArticle(i).Headline)
		}
	}
	if err := a.Validate(); err != nil {
		t.Errorf("synthetic article does not validate: %v", err)
	}
}

// TestBenchServeReusesFilledStore: a --db filled by an earlier run with the
// same --articles is served as it is; one holding other drafts is refused.
func TestBenchServeReusesFilledStore(t *testing.T) {
	loadFromTestBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "bench.db")
	for i, want := range []string{"filled   50 published articles", "reusing  50 published articles"} {
		var out bytes.Buffer
		err := runBench(ctx, []string{"serve", "--articles", "50", "--duration", "400ms", "--concurrency", "2", "--db", db, "--routes", "search"}, &out, io.Discard)
		if err != nil || !strings.Contains(out.String(), want) {
			t.Fatalf("run %d: %v; want %q in\n%s", i+1, err, want, out.String())
		}
	}
	err := runBench(ctx, []string{"serve", "--articles", "60", "--duration", "400ms", "--db", db}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not the 60 bench articles") {
		t.Errorf("a store of 50 articles served as 60: %v", err)
	}
	if err := runBench(ctx, []string{"serve", "--routes", "nosuch"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), `no route "nosuch"`) {
		t.Errorf("--routes nosuch: %v", err)
	}
}

// TestLoadConn: the load process's client reads every kind of answer the
// site gives whole (by length, in chunks, none for 304), keeps its
// connection between them unless told to close it, and reports statuses
// as they are, for errors to be counted.
func TestLoadConn(t *testing.T) {
	page := strings.Repeat("a page of the site. ", 2000)
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", fmt.Sprint(len(page)))
			io.WriteString(w, page)
		case "/chunked":
			for i := 0; i < len(page); i += 7000 {
				io.WriteString(w, page[i:min(i+7000, len(page))])
				w.(http.Flusher).Flush()
			}
		case "/same":
			w.WriteHeader(http.StatusNotModified)
		case "/close":
			w.Header().Set("Connection", "close")
			io.WriteString(w, "bye")
		default:
			http.NotFound(w, r)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	c := &loadConn{host: srv.Listener.Addr().String(), deadline: time.Now().Add(time.Minute)}
	defer c.close()
	for _, want := range []struct {
		path   string
		status int
		size   int64
		conns  int32
	}{
		{"/length", 200, int64(len(page)), 1},
		{"/chunked", 200, int64(len(page)), 1},
		{"/same", 304, 0, 1},
		{"/nosuch", 404, int64(len("404 page not found\n")), 1},
		{"/length?again", 200, int64(len(page)), 1},
		{"/close", 200, 3, 1},
		{"/length", 200, int64(len(page)), 2}, // a new connection after the close
	} {
		status, size, err := c.get(want.path)
		if err != nil || status != want.status || size != want.size || conns.Load() != want.conns {
			t.Errorf("GET %s: %d, %d bytes, %v, %d connections; want %d, %d bytes, %d connections",
				want.path, status, size, err, conns.Load(), want.status, want.size, want.conns)
		}
	}
}

// TestBenchServePostgres fills and serves a PostgreSQL store (skipped
// without BEATDESK_TEST_POSTGRES) and checks the database's CPU share is
// counted.
func TestBenchServePostgres(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	loadFromTestBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := runBench(ctx, []string{"serve", "--articles", "120", "--duration", "2s", "--concurrency", "4", "--db", dsn}, &out, io.Discard)
	if err != nil {
		t.Fatalf("bench serve: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var res map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		t.Fatalf("the last line is not JSON: %v\n%s", err, out.String())
	}
	if res["db"] != "postgres" || res["articles"] != 120.0 {
		t.Errorf("db %v, %v articles; want postgres, 120", res["db"], res["articles"])
	}
	for _, route := range []string{"article_cached", "article_uncached", "home", "search"} {
		if errs, _ := res[route+"_errors"].(float64); errs != 0 || res[route+"_rps"] == 0.0 {
			t.Errorf("%s: %v errors, %v req/s\n%s", route, errs, res[route+"_rps"], out.String())
		}
		if _, ok := res[route+"_db_cpu_ms"]; !ok {
			t.Errorf("%s: no PostgreSQL CPU figure\n%s", route, out.String())
		}
	}
}
