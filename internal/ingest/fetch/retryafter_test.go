package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// TestRetryAfterOn429And503 reads Retry-After from real answers, in both of
// its forms, into StatusError.RetryAfter.
func TestRetryAfterOn429And503(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code, _ := strconv.Atoi(q.Get("code"))
		switch v := q.Get("after"); {
		case q.Has("in"): // an HTTP date this far ahead of the server's clock
			d, _ := time.ParseDuration(q.Get("in"))
			w.Header().Set("Retry-After", time.Now().Add(d).UTC().Format(http.TimeFormat))
		case v != "":
			w.Header().Set("Retry-After", v)
		}
		w.WriteHeader(code)
	}))
	defer srv.Close()
	for _, tc := range []struct {
		query    string
		min, max time.Duration
	}{
		{"code=429&after=120", 2 * time.Minute, 2 * time.Minute},
		{"code=503&after=3600", time.Hour, time.Hour},
		{"code=503&after=0", 0, 0},
		// HTTP dates have whole seconds, so the wait can be a second short.
		{"code=429&in=90s", 88 * time.Second, 90 * time.Second},
		{"code=503&in=2h", 2*time.Hour - 2*time.Second, 2 * time.Hour},
		{"code=503", 0, 0},
		{"code=429&after=soon", 0, 0},
		{"code=503&after=-30", 0, 0},
		{"code=429&after=99999999999999999999", MaxRetryAfter, MaxRetryAfter},
		{"code=503&in=87600h", MaxRetryAfter, MaxRetryAfter}, // ten years
	} {
		// A new client for each answer: a Retry-After holds off the host.
		_, err := testClient(Options{}).Get(context.Background(), Request{URL: srv.URL + "/?" + tc.query})
		var se *StatusError
		if !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want *StatusError", tc.query, err)
			continue
		}
		if se.RetryAfter < tc.min || se.RetryAfter > tc.max {
			t.Errorf("%s: RetryAfter %v, want %v..%v", tc.query, se.RetryAfter, tc.min, tc.max)
		}
	}
}

// TestRetryAfterNeverNegative: delay-seconds past what a Duration holds
// used to overflow into a negative wait, which a scheduler would read as
// "ask again now".
func TestRetryAfterNeverNegative(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"9223372037":                    MaxRetryAfter,
		"9999999999":                    MaxRetryAfter,
		"604800":                        MaxRetryAfter,
		"604801":                        MaxRetryAfter,
		"604799":                        MaxRetryAfter - time.Second,
		" 30 ":                          30 * time.Second,
		"+30":                           0, // not delay-seconds
		"3.5":                           0,
		"0x10":                          0,
		"Fri, 31 Dec 9999 23:59:59 GMT": MaxRetryAfter,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}
