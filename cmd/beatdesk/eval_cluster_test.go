package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
)

// lastJSON decodes the last line of an eval's output.
func lastJSON(t *testing.T, out string) evalClusterResult {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var r evalClusterResult
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("last line %q: %v", lines[len(lines)-1], err)
	}
	return r
}

// TestEvalClusterECB runs the ECB+ evaluation on the first 200 articles of
// each order and checks the figures hang together and beat one cluster
// per topic's BCubed F1 (0.683 on the whole set).
func TestEvalClusterECB(t *testing.T) {
	dir := "../../../shared/data/ecbplus-events"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("ECB+ absent (%v); see /work/shared/data/README.md", err)
	}
	var out bytes.Buffer
	if err := runEvalCluster([]string{"--data", dir, "--limit", "200"}, &out, io.Discard); err != nil {
		t.Fatalf("eval cluster: %v", err)
	}
	r := lastJSON(t, out.String())
	if r.Set != "ecbplus-events" || r.Docs != 600 {
		t.Errorf("set %q, %d docs; want ecbplus-events, 600 (3 orders of 200)", r.Set, r.Docs)
	}
	if r.BCubedF1 < 0.70 || r.BCubedF1 > 1 || r.BCubedP > 1 || r.BCubedR > 1 {
		t.Errorf("BCubed P %.3f R %.3f F1 %.3f: out of range or below 0.70", r.BCubedP, r.BCubedR, r.BCubedF1)
	}
	if r.Clusters < 2 || r.GoldClusters < 2 || r.DocsPerSec <= 0 {
		t.Errorf("clusters %d, gold %d, %.0f docs/s", r.Clusters, r.GoldClusters, r.DocsPerSec)
	}
}

// TestEvalClusterReference runs the ECB+ evaluation with the reference
// system (offline average link, its cut tuned on the set) beside it. The
// issue's tuned TF-IDF average link scores 0.871 and one cluster per topic
// 0.683; the Clusterer, online and in arrival order, is to do better than
// the reference with every advantage.
func TestEvalClusterReference(t *testing.T) {
	dir := "../../../shared/data/ecbplus-events"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("ECB+ absent (%v); see /work/shared/data/README.md", err)
	}
	var out bytes.Buffer
	if err := runEvalCluster([]string{"--data", dir, "--reference"}, &out, io.Discard); err != nil {
		t.Fatalf("eval cluster --reference: %v", err)
	}
	if !strings.Contains(out.String(), "reference (average link") {
		t.Errorf("no reference line in:\n%s", out.String())
	}
	r := lastJSON(t, out.String())
	if r.RefBCubedF1 <= 0.683 || r.RefBCubedF1 > 1 || r.RefCut <= 0 || r.RefCut > 0.6 {
		t.Errorf("reference BCubed F1 %.3f at cut %.2f: want above one cluster per topic (0.683), a cut in (0, 0.6]", r.RefBCubedF1, r.RefCut)
	}
	if r.RefBCubedF1 >= r.BCubedF1 {
		t.Errorf("reference BCubed F1 %.4f, the Clusterer's %.4f: the online Clusterer should beat the offline reference", r.RefBCubedF1, r.BCubedF1)
	}
}

// TestEvalClusterUCI runs the UCI evaluation on its first day.
func TestEvalClusterUCI(t *testing.T) {
	dir := "../../../shared/data/uci-news-aggregator"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("UCI News Aggregator absent (%v); see /work/shared/data/README.md", err)
	}
	var out bytes.Buffer
	if err := runEvalCluster([]string{"--data", dir, "--limit", "1"}, &out, io.Discard); err != nil {
		t.Fatalf("eval cluster: %v", err)
	}
	r := lastJSON(t, out.String())
	if r.Set != "uci-news-aggregator" || r.Docs < 100 {
		t.Errorf("set %q, %d docs; want uci-news-aggregator and the first day's headlines", r.Set, r.Docs)
	}
	// One cluster per category scores 0.200.
	if r.BCubedF1 <= 0.2 || r.BCubedF1 > 1 {
		t.Errorf("BCubed F1 %.3f, want above 0.200", r.BCubedF1)
	}
}

func TestEvalClusterBadArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no data set given"},
		{[]string{"--data", "."}, "neither ecbplus.dev.jsonl"},
		{[]string{"--data", ".", "--limit", "-1"}, "negative"},
	} {
		err := runEvalCluster(tc.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestEvalClusterRun runs `beatdesk eval cluster` with the arguments in
// BEATDESK_EVAL_CLUSTER (e.g. "--data ../../../shared/data/uci-news-aggregator"),
// printing its report: a whole evaluation, for when the command is not
// built. Skipped unless set.
func TestEvalClusterRun(t *testing.T) {
	args := os.Getenv("BEATDESK_EVAL_CLUSTER")
	if args == "" {
		t.Skip("set BEATDESK_EVAL_CLUSTER to the eval's arguments to run it")
	}
	if err := runEvalCluster(strings.Fields(args), os.Stdout, os.Stderr); err != nil {
		t.Fatal(err)
	}
}
