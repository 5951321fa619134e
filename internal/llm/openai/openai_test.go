package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"beatdesk/internal/llm"
	"beatdesk/internal/llm/llmtest"
	"beatdesk/internal/llm/openai"
)

var schema = json.RawMessage(`{"type":"object","properties":{"headline":{"type":"string"}},"required":["headline"],"additionalProperties":false}`)

func request() llm.Request {
	return llm.Request{
		System:     "You write headlines.",
		Messages:   []llm.Message{{Role: llm.RoleUser, Content: "<<source>>The port strike ended.<</source>>"}},
		Schema:     schema,
		SchemaName: "headline",
		MaxTokens:  200,
	}
}

// hasHeadline is the caller's check: the answer must be the JSON asked for.
func hasHeadline(text string) error {
	var v struct {
		Headline string `json:"headline"`
	}
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	if v.Headline == "" {
		return errors.New(`"headline" is missing or empty`)
	}
	return nil
}

// waits records Call's sleeps instead of sleeping.
type waits []time.Duration

func (w *waits) sleep(_ context.Context, d time.Duration) error { *w = append(*w, d); return nil }

func client(t *testing.T, url string, timeout time.Duration) *openai.Client {
	t.Helper()
	c, err := openai.New(openai.Options{BaseURL: url + "/v1", APIKey: "sk-test", Model: "test-model", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRequestShape(t *testing.T) {
	srv := llmtest.Start(t, llmtest.Reply{Body: llmtest.OpenAIChat(`{"headline":"Port strike ends"}`, 120, 9)})
	resp, err := client(t, srv.URL, 0).Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != `{"headline":"Port strike ends"}` || resp.Usage != (llm.Usage{InputTokens: 120, OutputTokens: 9}) || resp.Model != "test-model" {
		t.Errorf("response = %+v", resp)
	}

	got := srv.Requests()[0]
	if got.Path != "/v1/chat/completions" || got.Header.Get("Authorization") != "Bearer sk-test" {
		t.Errorf("request went to %s with Authorization %q", got.Path, got.Header.Get("Authorization"))
	}
	body := got.JSON(t)
	msgs, _ := body["messages"].([]any)
	first, _ := msgs[0].(map[string]any)
	format, _ := body["response_format"].(map[string]any)
	js, _ := format["json_schema"].(map[string]any)
	switch {
	case body["model"] != "test-model" || body["max_tokens"] != 200.0:
		t.Errorf("model %v, max_tokens %v", body["model"], body["max_tokens"])
	case len(msgs) != 2 || first["role"] != "system" || first["content"] != "You write headlines.":
		t.Errorf("messages = %v; want the system prompt first, then the user's", msgs)
	case format["type"] != "json_schema" || js["name"] != "headline" || js["strict"] != true || js["schema"] == nil:
		t.Errorf("response_format = %v", format)
	}
}

func TestErrorsAndRetries(t *testing.T) {
	good := llmtest.Reply{Body: llmtest.OpenAIChat(`{"headline":"Port strike ends"}`, 100, 10)}
	for _, c := range []struct {
		name     string
		script   []llmtest.Reply
		timeout  time.Duration
		attempts int    // requests Call should send
		waited   string // the waits Call should take, as fmt prints them
		wantErr  error  // nil: success expected
		errText  string
	}{
		{name: "rate limited with Retry-After",
			script: []llmtest.Reply{{Status: 429, Header: map[string]string{"Retry-After": "7"},
				Body: `{"error":{"message":"Rate limit reached","type":"requests"}}`}, good},
			attempts: 2, waited: "[7s]"},
		{name: "server error then success",
			script:   []llmtest.Reply{{Status: 500, Body: `{"error":{"message":"internal"}}`}, {Status: 503, Body: "busy"}, good},
			attempts: 3},
		{name: "schema-invalid answer, corrected",
			script:   []llmtest.Reply{{Body: llmtest.OpenAIChat(`{"title":"Port strike ends"}`, 100, 10)}, good},
			attempts: 2, waited: "[0s]"},
		{name: "malformed JSON reply, then a good one",
			script:   []llmtest.Reply{{Body: `{"choices": [ {"message": `}, good},
			attempts: 2, waited: "[0s]"},
		{name: "refusal is final",
			script:   []llmtest.Reply{{Body: llmtest.OpenAIRefusal("I can't help with that.")}},
			attempts: 1, wantErr: &llm.RefusalError{}, errText: "I can't help with that."},
		{name: "bad key is final",
			script:   []llmtest.Reply{{Status: 401, Body: `{"error":{"message":"Incorrect API key provided"}}`}},
			attempts: 1, wantErr: &llm.StatusError{}, errText: "Incorrect API key provided"},
		{name: "Retry-After beyond what we wait",
			script:   []llmtest.Reply{{Status: 429, Header: map[string]string{"Retry-After": "3600"}, Body: `{}`}},
			attempts: 1, wantErr: &llm.StatusError{}, errText: "asks to wait 1h0m0s"},
		{name: "timeout every time",
			script:   []llmtest.Reply{{Hang: true}, {Hang: true}, {Hang: true}, {Hang: true}},
			timeout:  50 * time.Millisecond,
			attempts: 4, wantErr: context.DeadlineExceeded},
		{name: "always invalid",
			script: []llmtest.Reply{{Body: llmtest.OpenAIChat(`not json`, 1, 1)}, {Body: llmtest.OpenAIChat(`{}`, 1, 1)},
				{Body: llmtest.OpenAIChat(`{"headline":""}`, 1, 1)}, {Body: llmtest.OpenAIChat(`[]`, 1, 1)}},
			attempts: 4, wantErr: llm.ErrInvalidOutput, errText: "headline"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := llmtest.Start(t, c.script...)
			var w waits
			resp, out, err := llm.Call(context.Background(), client(t, srv.URL, c.timeout), request(),
				llm.Retry{Sleep: w.sleep}, hasHeadline)
			if out.Attempts != c.attempts || len(srv.Requests()) != c.attempts {
				t.Errorf("attempts %d, requests %d; want %d (failures: %q)", out.Attempts, len(srv.Requests()), c.attempts, out.Failures)
			}
			if c.waited != "" && fmt.Sprint([]time.Duration(w)) != c.waited {
				t.Errorf("waited %v, want %s", []time.Duration(w), c.waited)
			}
			if c.wantErr == nil {
				if err != nil || hasHeadline(resp.Text) != nil {
					t.Fatalf("err = %v, answer %q", err, resp.Text)
				}
				if resp.Usage.OutputTokens < 10 || len(out.Failures) != c.attempts-1 {
					t.Errorf("usage %+v, failures %q: every attempt's tokens should count", resp.Usage, out.Failures)
				}
				return
			}
			if !matches(err, c.wantErr) || !strings.Contains(err.Error(), c.errText) {
				t.Errorf("err = %v; want %T %v containing %q", err, c.wantErr, c.wantErr, c.errText)
			}
		})
	}
}

// TestCorrectionReachesTheModel checks that a rejected answer is shown back
// to the model with the reason, so the next attempt can fix it.
func TestCorrectionReachesTheModel(t *testing.T) {
	srv := llmtest.Start(t,
		llmtest.Reply{Body: llmtest.OpenAIChat(`{"title":"x"}`, 1, 1)},
		llmtest.Reply{Body: llmtest.OpenAIChat(`{"headline":"Port strike ends"}`, 1, 1)})
	if _, _, err := llm.Call(context.Background(), client(t, srv.URL, 0), request(), llm.Retry{}, hasHeadline); err != nil {
		t.Fatal(err)
	}
	msgs, _ := srv.Requests()[1].JSON(t)["messages"].([]any)
	if len(msgs) != 4 {
		t.Fatalf("second request has %d messages, want system, user, the rejected answer and the correction", len(msgs))
	}
	rejected, _ := msgs[2].(map[string]any)
	note, _ := msgs[3].(map[string]any)
	if rejected["role"] != "assistant" || rejected["content"] != `{"title":"x"}` ||
		note["role"] != "user" || !strings.Contains(fmt.Sprint(note["content"]), `"headline" is missing`) {
		t.Errorf("correction messages = %v, %v", rejected, note)
	}
}

func TestNewNeedsURLAndModel(t *testing.T) {
	if _, err := openai.New(openai.Options{Model: "m"}); err == nil || !strings.Contains(err.Error(), "BEATDESK_LLM_URL") {
		t.Errorf("New without a URL: %v", err)
	}
}

// matches reports whether err is, or wraps, an error like want: the same
// sentinel, or the same pointer type.
func matches(err, want error) bool {
	switch want.(type) {
	case *llm.RefusalError:
		var r *llm.RefusalError
		return errors.As(err, &r)
	case *llm.StatusError:
		var s *llm.StatusError
		return errors.As(err, &s)
	}
	return errors.Is(err, want)
}
