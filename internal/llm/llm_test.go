package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"30":                            30 * time.Second,
		"1.5":                           1500 * time.Millisecond,
		"-4":                            0,
		"soon":                          0,
		"Wed, 25 Nov 2026 12:01:30 GMT": 90 * time.Second,
		"Wed, 25 Nov 2026 11:00:00 GMT": 0, // in the past
	} {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := RetryAfter(h, now); got != want {
			t.Errorf("Retry-After %q = %s, want %s", v, got, want)
		}
	}
}

func TestCost(t *testing.T) {
	u := Usage{InputTokens: 12000, OutputTokens: 1500}.Add(Usage{InputTokens: 3000, OutputTokens: 500})
	if got := u.Cost(Price{InputPerMillion: 3, OutputPerMillion: 15}); got < 0.0749 || got > 0.0751 {
		t.Errorf("cost of %+v = %f, want 0.075", u, got)
	}
}

func TestErrorMessageIsShort(t *testing.T) {
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'x'
	}
	if got := errorMessage(long); len([]rune(got)) != 301 {
		t.Errorf("an error body of 5000 bytes became a message of %d runes", len([]rune(got)))
	}
	if got := errorMessage([]byte(`{"error":"model 'x' not found"}`)); got != "model 'x' not found" {
		t.Errorf("Ollama-style error = %q", got)
	}
}
