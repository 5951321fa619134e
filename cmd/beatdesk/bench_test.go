package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestBenchIngest runs a short benchmark end to end: the world in a child
// process (this test binary, see TestMain), the real pipeline on SQLite,
// and the figures on the last line. It starts warm (feeds the newsroom has
// already seen, 5 seconds of warm-up) so that articles flow within a short
// window. The world is calm (no failing or hostile hosts): the test checks
// that the pipeline makes articles searchable and stays polite with
// ordinary hosts.
func TestBenchIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("bench ingest: skipped with -short (it runs for about 20 seconds)")
	}
	old := worldCommand
	worldCommand = func(args []string) (*exec.Cmd, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BEATDESK_TEST_MAIN="+strings.Join(append([]string{"bench", "world"}, args...), "\x1f"))
		return cmd, nil
	}
	t.Cleanup(func() { worldCommand = old })

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := runBench(ctx, []string{"ingest", "--feeds", "200", "--duration", "10s", "--rate", "40",
		"--poll-min", "5s", "--poll-max", "30s", "--warmup", "5s", "--calm"}, &out, io.Discard)
	if err != nil {
		t.Fatalf("bench ingest: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var res BenchResult
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		t.Fatalf("the last line is not the JSON result: %v\n%s", err, out.String())
	}
	t.Logf("%s", lines[len(lines)-1])
	if res.Feeds != 200 || res.DurationS < 9 {
		t.Errorf("result says %d feeds over %.1fs; want 200 over about 10s", res.Feeds, res.DurationS)
	}
	if res.ArticlesPerS <= 0 || res.PollsPerS <= 0 {
		t.Errorf("articles_per_s %.2f, polls_per_s %.2f; want both above 0\n%s", res.ArticlesPerS, res.PollsPerS, out.String())
	}
	if res.PolitenessViolations != 0 {
		t.Errorf("%d politeness violations on a calm world; want 0\n%s", res.PolitenessViolations, out.String())
	}
	if res.CPUCores <= 0 || res.PeakRSSMB <= 0 {
		t.Errorf("cpu_cores %.3f, peak_rss_mb %.1f; the process's own usage should be measured", res.CPUCores, res.PeakRSSMB)
	}
}

func TestBenchUsage(t *testing.T) {
	var out bytes.Buffer
	if err := runBench(context.Background(), nil, &out, &out); err == nil || !strings.Contains(err.Error(), "bench ingest") {
		t.Errorf("bench without a benchmark: got %v; want an error naming `bench ingest`", err)
	}
	if err := runBench(context.Background(), []string{"ingest", "--duration", "0s"}, &out, &out); err == nil {
		t.Error("bench ingest --duration 0s: want an error")
	}
}
