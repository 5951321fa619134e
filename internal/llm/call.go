package llm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry says how hard Call tries.
type Retry struct {
	// Attempts is the most requests Call sends; 0 means 4.
	Attempts int
	// MaxWait caps one wait between attempts, including a Retry-After the
	// provider asks for; a provider asking for longer fails the call
	// instead of stalling the writer. 0 means 2 minutes.
	MaxWait time.Duration
	// Backoff is the first wait after a failure that gave no Retry-After;
	// it doubles each time, with jitter. 0 means 2 seconds.
	Backoff time.Duration
	// Sleep waits; tests replace it. nil means a timer that stops when ctx
	// is done.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 4
	}
	if r.MaxWait <= 0 {
		r.MaxWait = 2 * time.Minute
	}
	if r.Backoff <= 0 {
		r.Backoff = 2 * time.Second
	}
	if r.Sleep == nil {
		r.Sleep = sleep
	}
	return r
}

// Outcome is what a Call did, for the article's provenance and the desk:
// every attempt's usage counts, and each failed attempt leaves a line.
type Outcome struct {
	Attempts int
	Usage    Usage    // summed over all attempts
	Failures []string // why each failed attempt failed, in order
}

// Call sends req to m until it gets an answer that check accepts, or gives
// up. check may be nil; it sees the answer's text and returns an error
// saying what is wrong with it (Call wraps it in ErrInvalidOutput), and
// the model is then told what was wrong and asked again.
//
// Rate limits, server errors, timeouts, malformed replies and truncated
// answers are retried, waiting as the provider asks (Retry-After, capped
// by r.MaxWait) or with exponential backoff. A refusal, a client error
// (bad key, bad request) and a Retry-After beyond r.MaxWait end the call at
// once. The error returned is the last attempt's.
func Call(ctx context.Context, m Model, req Request, r Retry, check func(text string) error) (Response, Outcome, error) {
	r = r.withDefaults()
	var out Outcome
	backoff := r.Backoff
	for {
		out.Attempts++
		resp, err := m.Complete(ctx, req)
		out.Usage = out.Usage.Add(resp.Usage)
		if err == nil && check != nil {
			if cerr := check(resp.Text); cerr != nil {
				err = fmt.Errorf("%w: %v", ErrInvalidOutput, cerr)
				// Show the model its answer and what was wrong with it;
				// a second try then usually corrects the one mistake.
				req.Messages = append(req.Messages[:len(req.Messages):len(req.Messages)],
					Message{Role: RoleAssistant, Content: resp.Text},
					Message{Role: RoleUser, Content: "That answer cannot be used: " + cerr.Error() +
						". Answer again with the corrected JSON object only."})
			}
		}
		if err == nil {
			resp.Usage = out.Usage
			return resp, out, nil
		}
		out.Failures = append(out.Failures, err.Error())

		wait, retry := retryable(err, backoff)
		if !retry || out.Attempts >= r.Attempts || ctx.Err() != nil {
			return Response{}, out, fmt.Errorf("%s, after %d attempt(s): %w", m.Name(), out.Attempts, err)
		}
		if wait > r.MaxWait {
			return Response{}, out, fmt.Errorf("%s asks to wait %s, longer than the %s allowed: %w",
				m.Name(), wait.Round(time.Second), r.MaxWait, err)
		}
		if err := r.Sleep(ctx, wait); err != nil {
			return Response{}, out, fmt.Errorf("%s: waiting to retry: %w", m.Name(), err)
		}
		backoff *= 2
	}
}

// retryable decides whether err is worth another attempt and how long to
// wait first.
func retryable(err error, backoff time.Duration) (time.Duration, bool) {
	jittered := backoff/2 + rand.N(backoff/2+1)
	var status *StatusError
	var refusal *RefusalError
	switch {
	case errors.As(err, &refusal):
		return 0, false
	case errors.As(err, &status):
		if !status.Temporary() {
			return 0, false
		}
		if status.RetryAfter > 0 {
			return status.RetryAfter, true
		}
		return jittered, true
	case errors.Is(err, ErrInvalidOutput), errors.Is(err, ErrMalformed), errors.Is(err, ErrTruncated):
		return 0, true // the next answer may differ; nothing to wait for
	case errors.Is(err, context.Canceled):
		return 0, false
	}
	// A timeout or a dropped connection.
	return jittered, true
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RetryAfter reads a Retry-After header: a number of seconds or an HTTP
// date. It returns 0 when the header is absent or unreadable.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs > 86400 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
