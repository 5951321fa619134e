package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// MaxReply caps how much of a provider's reply is read. A whole article
// as JSON is a few tens of kilobytes; a reply larger than this is broken.
const MaxReply = 8 << 20

// Post sends body as JSON to url with the given headers and returns the
// reply's body when the status is 2xx. Otherwise it returns a *StatusError
// carrying the provider's own message (both OpenAI and Anthropic put it at
// error.message) and any Retry-After. It is the one place the providers
// touch HTTP, so they all read replies the same careful way.
func Post(ctx context.Context, client *http.Client, provider, url string, header http.Header, body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the request: %w", provider, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", provider, err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")

	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", provider, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxReply+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading the reply: %w", provider, err)
	}
	if len(data) > MaxReply {
		return nil, fmt.Errorf("%s: %w: the reply is over %d MiB", provider, ErrMalformed, MaxReply>>20)
	}
	if resp.StatusCode/100 != 2 {
		return nil, &StatusError{
			Provider:   provider,
			Status:     resp.StatusCode,
			Message:    errorMessage(data),
			RetryAfter: RetryAfter(resp.Header, time.Now()),
		}
	}
	return data, nil
}

// errorMessage pulls a provider's explanation out of an error reply,
// shortened so a hostile or broken server cannot flood the log.
func errorMessage(data []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	msg := ""
	if json.Unmarshal(data, &e) == nil && len(e.Error) > 0 {
		var obj struct {
			Message string `json:"message"`
		}
		var s string
		switch {
		case json.Unmarshal(e.Error, &obj) == nil && obj.Message != "":
			msg = obj.Message
		case json.Unmarshal(e.Error, &s) == nil: // Ollama's {"error": "..."}
			msg = s
		}
	}
	if msg == "" {
		msg = string(bytes.TrimSpace(data))
	}
	if r := []rune(msg); len(r) > 300 {
		msg = string(r[:300]) + "…"
	}
	return msg
}

// Decode unmarshals a provider's reply, wrapping any failure in
// ErrMalformed.
func Decode(provider string, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w: %v", provider, ErrMalformed, err)
	}
	return nil
}
