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

	"beatdesk/internal/demo/synth"
	"beatdesk/internal/store"
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
	// Push is on by default: the newsroom finds hubs as it polls,
	// subscribes, and the hubs' signed deliveries bring entries. A calm
	// world's hubs sign every delivery right.
	if !res.WebSub || res.HubFeeds == 0 || res.SubscribedFeeds == 0 || res.Deliveries == 0 || res.PushedShare <= 0 {
		t.Errorf("websub %v: %d hub feeds, %d subscribed, %d deliveries, pushed share %.2f; want push at work\n%s",
			res.WebSub, res.HubFeeds, res.SubscribedFeeds, res.Deliveries, res.PushedShare, out.String())
	}
	if res.DeliveriesRejected != 0 {
		t.Errorf("%d deliveries rejected from a calm world's hubs; want 0", res.DeliveriesRejected)
	}
}

// measurePush splits the window's searchable entries by how they came.
func TestMeasurePush(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	t1 := t0.Add(5 * time.Minute)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	published := []synth.Published{{GUID: "p1", At: at(10), Reachable: true, Hub: true}, {GUID: "p2", At: at(20), Reachable: true, Hub: true},
		{GUID: "q", At: at(30), Reachable: true}, {GUID: "r", At: at(40), Reachable: true}, {GUID: "before", At: t0.Add(-time.Minute), Hub: true}}
	ingested := []store.Ingested{
		{GUID: "p1", IndexedAt: at(14)},
		{GUID: "p2", IndexedAt: at(23)},
		{GUID: "q", IndexedAt: at(120)},
		{GUID: "before", IndexedAt: at(5)}, // published before the window: not counted
	}
	pushed := map[string]bool{"p1": true, "p2": true, "before": true}
	pf := measurePush(published, ingested, pushed, t0, t1)
	if pf.pushedShare != round(2.0/3, 4) || pf.pushedP95 != 4 || pf.polledP95 != 90 || pf.hubShare != 0.5 {
		t.Errorf("%+v; want pushed share 2/3, pushed p95 4, polled p95 90, hub share 1/2", pf)
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

// measure judges the 60-second target on the entries published at least
// 60 s before the window's end, counting those never made searchable.
func TestMeasureWithin60s(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	t1 := t0.Add(5 * time.Minute)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	published := []synth.Published{
		{GUID: "fast", At: at(10), Reachable: true},    // searchable after 20 s
		{GUID: "slow", At: at(20), Reachable: true},    // after 90 s
		{GUID: "never", At: at(30), Reachable: true},   // not by the end
		{GUID: "late", At: at(280), Reachable: true},   // too late to judge
		{GUID: "broken", At: at(40), Reachable: false}, // not counted
		{GUID: "before", At: t0.Add(-time.Minute), Reachable: true},
	}
	ingested := []store.Ingested{
		{GUID: "fast", SeenAt: at(15), IndexedAt: at(30)},
		{GUID: "slow", SeenAt: at(100), IndexedAt: at(110)},
		{GUID: "late", SeenAt: at(285), IndexedAt: at(290)},
		{GUID: "before", SeenAt: at(1), IndexedAt: at(2)},
	}
	res := measure(published, ingested, t0, t1)
	if res.Within60sShare != round(1.0/3, 4) {
		t.Errorf("within_60s_share %v; want 1/3 (fast of fast, slow, never)", res.Within60sShare)
	}
	if res.Published != 4 || res.ArticlesPerS != round(4.0/300, 2) {
		t.Errorf("published %d, articles/s %v; want 4 and 4 over 300 s", res.Published, res.ArticlesPerS)
	}

	// The bound: of fast, slow and never (judged), a hub feed's entry
	// counts whole when push is on, the others 60 s / poll-min each.
	published[0].Hub = true
	for _, c := range []struct {
		pollMin time.Duration
		push    bool
		want    float64
	}{
		{2 * time.Minute, true, (1 + 0.5 + 0.5) / 3},
		{2 * time.Minute, false, 0.5},
		{4 * time.Minute, true, (1 + 0.25 + 0.25) / 3},
		{30 * time.Second, false, 1},
	} {
		if got := pollingBound(published, t0, t1, c.pollMin, c.push); got != round(c.want, 4) {
			t.Errorf("pollingBound(poll-min %s, push %v) = %v; want %v", c.pollMin, c.push, got, round(c.want, 4))
		}
	}
}
