package stripetest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestStart checks that the peer answers as Stripe's API does: a known
// resource with a key, and a refusal without one.
func TestStart(t *testing.T) {
	base := Start(t)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base URL %q is not on loopback", base)
	}
	get := func(key string) (int, string) {
		req, _ := http.NewRequest("GET", base+"/v1/customers/cus_123", nil)
		if key != "" {
			req.SetBasicAuth(key, "")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("sk_test_123"); code != 200 || !strings.Contains(body, `"object":"customer"`) {
		t.Errorf("GET customer with a key: %d %.200s", code, body)
	}
	if code, _ := get(""); code != 401 {
		t.Errorf("GET customer without a key: %d, want 401", code)
	}
}

// recordTB notes a skip or failure instead of ending the test.
type recordTB struct {
	testing.TB
	skipped, failed string
}

func (r *recordTB) Helper()                        {}
func (r *recordTB) Skipf(format string, a ...any)  { r.skipped = fmt.Sprintf(format, a...) }
func (r *recordTB) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }

// TestMissingPeer checks the rule for a peer that cannot run: skipped with
// the reason and the fix outside CI, a failure under CI.
func TestMissingPeer(t *testing.T) {
	why := errors.New("no network")
	t.Setenv("CI", "")
	r := &recordTB{TB: t}
	unavailable(r, why)
	if r.failed != "" || !strings.Contains(r.skipped, "no network") || !strings.Contains(r.skipped, "go install github.com/stripe/stripe-mock@"+Version) {
		t.Errorf("outside CI: skipped %q, failed %q", r.skipped, r.failed)
	}
	t.Setenv("CI", "true")
	r = &recordTB{TB: t}
	unavailable(r, why)
	if r.skipped != "" || !strings.Contains(r.failed, "required under CI") {
		t.Errorf("under CI: skipped %q, failed %q", r.skipped, r.failed)
	}
}
