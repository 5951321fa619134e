package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBenchServe fills a small store, serves it and loads it from a child
// process (this test binary, see TestMain), and checks that every route
// answered without errors and that the figures are on the last line.
func TestBenchServe(t *testing.T) {
	old := loadCommand
	loadCommand = func(args []string) (*exec.Cmd, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BEATDESK_TEST_MAIN="+strings.Join(append([]string{"bench", "load"}, args...), "\x1f"))
		return cmd, nil
	}
	t.Cleanup(func() { loadCommand = old })

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
	if err := a.Validate(); err != nil {
		t.Errorf("synthetic article does not validate: %v", err)
	}
}

// TestBenchServeReusesFilledStore: a --db filled by an earlier run with the
// same --articles is served as it is; one holding other drafts is refused.
func TestBenchServeReusesFilledStore(t *testing.T) {
	old := loadCommand
	loadCommand = func(args []string) (*exec.Cmd, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BEATDESK_TEST_MAIN="+strings.Join(append([]string{"bench", "load"}, args...), "\x1f"))
		return cmd, nil
	}
	t.Cleanup(func() { loadCommand = old })

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
