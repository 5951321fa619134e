package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"beatdesk/internal/draft/cite"
)

// Targets from issue 6 for the verifier without any model.
const (
	targetVerifySummEdits = 0.76
	targetVerifyQAGS      = 0.80
	targetVerifyMSPerItem = 20.0
)

const evalVerifyUsage = `usage: beatdesk eval verify --data DIR [--limit N]

Runs the citation verifier (the desk's own check, internal/draft/cite) over a
labelled claim set in DIR (the folder holding claims.dev.jsonl, e.g.
../shared/data/summedits-news or ../shared/data/qags-sentences) and prints
balanced accuracy (the mean of the recalls on supported and on unsupported
claims) overall, per origin and per error type, at the verifier's fixed
threshold (cite.MinSupport); the last line is one JSON object.

`

// labelledClaim is one row of a claim set (see the sets' READMEs).
type labelledClaim struct {
	ID        string   `json:"id"`
	Source    string   `json:"source"`
	Claim     string   `json:"claim"`
	Label     int      `json:"label"`
	Origin    string   `json:"origin"`
	DocID     string   `json:"doc_id"`
	EditTypes []string `json:"edit_types"`
}

// evalVerifyResult is the last line of `beatdesk eval verify`.
type evalVerifyResult struct {
	BalancedAccuracy float64 `json:"balanced_accuracy"`
	Claims           int     `json:"claims"`
	MSPerClaim       float64 `json:"ms_per_claim"`
}

// verifyConfusion counts verdicts against labels.
type verifyConfusion struct{ tp, fn, tn, fp int }

func (c *verifyConfusion) add(label int, supported bool) {
	switch {
	case label == 1 && supported:
		c.tp++
	case label == 1:
		c.fn++
	case !supported:
		c.tn++
	default:
		c.fp++
	}
}

// balanced is the mean of the two recalls; a class with no rows counts
// as its other recall alone.
func (c verifyConfusion) balanced() float64 {
	pos, neg := c.tp+c.fn, c.tn+c.fp
	switch {
	case pos == 0 && neg == 0:
		return 0
	case pos == 0:
		return float64(c.tn) / float64(neg)
	case neg == 0:
		return float64(c.tp) / float64(pos)
	}
	return (float64(c.tp)/float64(pos) + float64(c.tn)/float64(neg)) / 2
}

// runEvalVerify runs `beatdesk eval verify --data DIR`.
func runEvalVerify(args []string, stdout, stderr io.Writer) error {
	ef := newEvalFlags("verify", evalVerifyUsage,
		"the claim set's folder (holding claims.dev.jsonl)",
		"verify only this many claims, spread evenly over the set (0: all)",
		"../shared/data/summedits-news", "claims", stderr)
	if help, err := ef.parse(args); help || err != nil {
		return err
	}
	dir, limit := ef.dir, ef.limit
	claims, err := readLabelledClaims(filepath.Join(*dir, "claims.dev.jsonl"))
	if err != nil {
		return fmt.Errorf("eval verify: %w", err)
	}
	claims = spreadClaims(claims, *limit)

	var all verifyConfusion
	byOrigin := map[string]*verifyConfusion{}
	byType := map[string]*verifyConfusion{}
	count := func(m map[string]*verifyConfusion, k string, label int, ok bool) {
		if m[k] == nil {
			m[k] = &verifyConfusion{}
		}
		m[k].add(label, ok)
	}
	var supportedAll verifyConfusion // label-1 rows, shared by every error type
	checkers := newCheckerCache()
	var outcomes []claimOutcome
	typed := false
	start := time.Now()
	for _, c := range claims {
		v := checkers.get(c.Source, "en").VerifyClaim(c.Claim)
		typed = typed || len(c.EditTypes) > 0
		outcomes = append(outcomes, claimOutcome{article: c.Source, label: c.Label, supported: v.Supported})
		all.add(c.Label, v.Supported)
		count(byOrigin, c.Origin, c.Label, v.Supported)
		if c.Label == 1 {
			supportedAll.add(1, v.Supported)
			continue
		}
		types := c.EditTypes
		if len(types) == 0 {
			types = []string{"(none given)"}
		}
		for _, t := range types {
			count(byType, t, 0, v.Supported)
		}
	}
	elapsed := time.Since(start)
	ms := float64(elapsed) / float64(time.Millisecond) / float64(max(1, len(claims)))

	fmt.Fprintf(stdout, "claim set %s: %d claims (%d supported, %d unsupported), threshold cite.MinSupport = %.2f\n",
		*dir, len(claims), all.tp+all.fn, all.tn+all.fp, cite.MinSupport)
	fmt.Fprintf(stdout, "overall: balanced accuracy %.4f (recall supported %.4f, recall unsupported %.4f; %d flagged, of which %d rightly)\n",
		all.balanced(), verifyRecall(all.tp, all.fn), verifyRecall(all.tn, all.fp), all.tn+all.fn, all.tn)
	for _, k := range verifyKeys(byOrigin) {
		c := byOrigin[k]
		fmt.Fprintf(stdout, "  origin %-16s %4d claims: balanced accuracy %.4f (recall supported %.4f, unsupported %.4f)\n",
			k, c.tp+c.fn+c.tn+c.fp, c.balanced(), verifyRecall(c.tp, c.fn), verifyRecall(c.tn, c.fp))
	}
	lo, hi, articles := bootstrapByArticle(outcomes, 1000)
	fmt.Fprintf(stdout, "  90%% interval over %d articles resampled (1000 draws): %.4f to %.4f\n", articles, lo, hi)
	if typed {
		fmt.Fprintln(stdout, "per error type (its unsupported claims against all supported ones; a claim may have several types):")
		for _, k := range verifyKeys(byType) {
			c := *byType[k]
			c.tp, c.fn = supportedAll.tp, supportedAll.fn
			fmt.Fprintf(stdout, "  %-28s %3d claims: caught %.4f, balanced accuracy %.4f\n", k, c.tn+c.fp, verifyRecall(c.tn, c.fp), c.balanced())
		}
	}
	target := targetVerifyQAGS
	if strings.Contains(strings.ToLower(filepath.Base(filepath.Clean(*dir))), "summedits") {
		target = targetVerifySummEdits
	}
	fmt.Fprintf(stdout, "time per claim %.2f ms; targets: balanced accuracy >= %.2f %s, <= %.0f ms/claim %s\n",
		ms, target, verifyMark(all.balanced() >= target), targetVerifyMSPerItem, verifyMark(ms <= targetVerifyMSPerItem))
	res := evalVerifyResult{BalancedAccuracy: verifyRound(all.balanced()), Claims: len(claims), MSPerClaim: math.Round(ms*100) / 100}
	b, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("eval verify: %w", err)
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

// A claimOutcome is one verdict, kept for the bootstrap.
type claimOutcome struct {
	article   string
	label     int
	supported bool
}

// bootstrapByArticle resamples articles (all claims about one article go
// together, as the sets' READMEs ask) and returns the 5th and 95th
// percentile of balanced accuracy, and the number of articles. The draws
// are seeded: the same verdicts give the same interval.
func bootstrapByArticle(outcomes []claimOutcome, draws int) (lo, hi float64, articles int) {
	index := map[string]int{}
	var groups [][]claimOutcome
	for _, o := range outcomes {
		i, ok := index[o.article]
		if !ok {
			i = len(groups)
			index[o.article] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], o)
	}
	rnd := rand.New(rand.NewPCG(6, 1))
	bas := make([]float64, 0, draws)
	for range draws {
		var c verifyConfusion
		for range groups {
			for _, o := range groups[rnd.IntN(len(groups))] {
				c.add(o.label, o.supported)
			}
		}
		bas = append(bas, c.balanced())
	}
	sort.Float64s(bas)
	return bas[draws*5/100], bas[draws*95/100-1], len(groups)
}

// readLabelledClaims reads a claim set's JSON lines.
func readLabelledClaims(path string) ([]labelledClaim, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w; the folder given with --data must hold claims.dev.jsonl", err)
	}
	defer f.Close()
	var out []labelledClaim
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxVerifyLine)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c labelledClaim
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", path, line, err)
		}
		if c.Label != 0 && c.Label != 1 {
			return nil, fmt.Errorf("%s line %d: label %d, want 0 or 1", path, line, c.Label)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s line %d: %w", path, line+1, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no claims", path)
	}
	return out, nil
}

// spreadClaims keeps n items spread evenly over xs (all when n is 0 or too big).
func spreadClaims(xs []labelledClaim, n int) []labelledClaim {
	if n <= 0 || n >= len(xs) {
		return xs
	}
	out := make([]labelledClaim, 0, n)
	for i := range n {
		out = append(out, xs[i*len(xs)/n])
	}
	return out
}

func verifyRecall(hit, miss int) float64 {
	if hit+miss == 0 {
		return 0
	}
	return float64(hit) / float64(hit+miss)
}

func verifyRound(x float64) float64 { return math.Round(x*10000) / 10000 }

func verifyMark(ok bool) string {
	if ok {
		return "(met)"
	}
	return "(MISSED)"
}

func verifyKeys(m map[string]*verifyConfusion) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
