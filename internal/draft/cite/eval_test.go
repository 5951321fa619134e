package cite

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"beatdesk"
)

// dataDir is the shared evaluation data, outside the project.
var dataDir = filepath.Join("..", "..", "..", "..", "shared", "data")

type labelledClaim struct {
	Source string `json:"source"`
	Claim  string `json:"claim"`
	Label  int    `json:"label"`
	Origin string `json:"origin"`
}

func readClaims(t *testing.T, name string) []labelledClaim {
	t.Helper()
	path := filepath.Join(dataDir, name, "claims.dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("evaluation data %s not available (%v); it lives in ../shared/data", name, err)
	}
	defer f.Close()
	var out []labelledClaim
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var c labelledClaim
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// verdict checks a claim against its article as `beatdesk verify` does,
// with minSupport as the threshold.
func verdict(c labelledClaim, minSupport float64) bool {
	ch := NewChecker([]beatdesk.Citation{{N: 1, Lang: "en", Passage: c.Source}})
	ch.minSupport = minSupport
	return ch.VerifyClaim(c.Claim).Supported
}

// balancedAccuracy is the mean of the recalls of "supported" and "not
// supported".
func balancedAccuracy(claims []labelledClaim, minSupport float64) (ba float64, perItem time.Duration) {
	var tp, fn, tn, fp int
	start := time.Now()
	for _, c := range claims {
		ok := verdict(c, minSupport)
		switch {
		case c.Label == 1 && ok:
			tp++
		case c.Label == 1:
			fn++
		case !ok:
			tn++
		default:
			fp++
		}
	}
	perItem = time.Since(start) / time.Duration(len(claims))
	return (float64(tp)/float64(tp+fn) + float64(tn)/float64(tn+fp)) / 2, perItem
}

// TestClaimBenchmarks measures the verifier on the dev parts of SummEdits
// (news) and QAGS, as `beatdesk eval verify` reports them, and holds it to
// floors a little under its measured level (0.78 and 0.80; QAGS's CNN/DM
// part 0.85) so that a regression shows. QAGS's XSum part is logged on its
// own: the verifier is weak there (about 0.54), and a floor would only
// hide that.
func TestClaimBenchmarks(t *testing.T) {
	if testing.Short() {
		t.Skip("benchmark data run; skipped with -short")
	}
	sets := map[string][]labelledClaim{}
	sets["summedits-news"] = readClaims(t, "summedits-news")
	sets["qags-sentences"] = readClaims(t, "qags-sentences")
	for _, c := range sets["qags-sentences"] {
		key := "qags-" + strings.TrimPrefix(c.Origin, "qags/")
		sets[key] = append(sets[key], c)
	}
	floors := map[string]float64{"summedits-news": 0.76, "qags-sentences": 0.79, "qags-cnndm": 0.83}
	for _, name := range []string{"summedits-news", "qags-sentences", "qags-cnndm", "qags-xsum"} {
		ba, per := balancedAccuracy(sets[name], MinSupport)
		t.Logf("%s: %d claims, balanced accuracy %.3f at MinSupport %.2f, %v per claim", name, len(sets[name]), ba, MinSupport, per)
		if os.Getenv("CITE_SWEEP") != "" {
			for _, th := range []float64{0.7, 0.74, 0.76, 0.78, 0.8, 0.82, 0.84, 0.86, 0.9} {
				b, _ := balancedAccuracy(sets[name], th)
				t.Logf("  threshold %.2f: %.3f", th, b)
			}
		}
		if f, ok := floors[name]; ok && ba < f {
			t.Errorf("%s balanced accuracy %.3f is below the floor %.2f", name, ba, f)
		}
	}
}
