package anthropic_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"beatdesk/internal/llm"
	"beatdesk/internal/llm/anthropic"
	"beatdesk/internal/llm/llmtest"
)

var schema = json.RawMessage(`{"type":"object","properties":{"headline":{"type":"string"}},"required":["headline"]}`)

func request() llm.Request {
	return llm.Request{
		System:     "You write headlines.",
		Messages:   []llm.Message{{Role: llm.RoleUser, Content: "<<source>>The port strike ended.<</source>>"}},
		Schema:     schema,
		SchemaName: "headline",
	}
}

func hasHeadline(text string) error {
	var v struct {
		Headline string `json:"headline"`
	}
	if err := json.Unmarshal([]byte(text), &v); err != nil || v.Headline == "" {
		return errors.New(`"headline" is missing or empty`)
	}
	return nil
}

func client(t *testing.T, url string, timeout time.Duration) *anthropic.Client {
	t.Helper()
	c, err := anthropic.New(anthropic.Options{BaseURL: url, APIKey: "key-test", Model: "test-model", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRequestShape(t *testing.T) {
	srv := llmtest.Start(t, llmtest.Reply{Body: llmtest.AnthropicTool("headline", `{"headline":"Port strike ends"}`, 80, 12)})
	resp, err := client(t, srv.URL, 0).Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != `{"headline":"Port strike ends"}` || resp.Usage != (llm.Usage{InputTokens: 80, OutputTokens: 12}) {
		t.Errorf("response = %+v", resp)
	}
	got := srv.Requests()[0]
	if got.Path != "/v1/messages" || got.Header.Get("x-api-key") != "key-test" || got.Header.Get("anthropic-version") != anthropic.Version {
		t.Errorf("request to %s, headers %v", got.Path, got.Header)
	}
	body := got.JSON(t)
	tools, _ := body["tools"].([]any)
	tool, _ := tools[0].(map[string]any)
	choice, _ := body["tool_choice"].(map[string]any)
	msgs, _ := body["messages"].([]any)
	switch {
	case body["system"] != "You write headlines." || len(msgs) != 1:
		t.Errorf("system %v, messages %v: the system prompt goes in its own field", body["system"], msgs)
	case body["max_tokens"] != float64(llm.DefaultMaxTokens):
		t.Errorf("max_tokens = %v; the messages API requires it", body["max_tokens"])
	case len(tools) != 1 || tool["name"] != "headline" || tool["input_schema"] == nil:
		t.Errorf("tools = %v", tools)
	case choice["type"] != "tool" || choice["name"] != "headline":
		t.Errorf("tool_choice = %v; the model must be made to answer through the tool", choice)
	}
}

func TestPlainText(t *testing.T) {
	srv := llmtest.Start(t, llmtest.Reply{Body: llmtest.AnthropicText("La huelga terminó.", "end_turn", 5, 5)})
	req := request()
	req.Schema, req.SchemaName = nil, ""
	resp, err := client(t, srv.URL, 0).Complete(context.Background(), req)
	if err != nil || resp.Text != "La huelga terminó." {
		t.Fatalf("Complete = %q, %v", resp.Text, err)
	}
	if body := srv.Requests()[0].JSON(t); body["tools"] != nil || body["tool_choice"] != nil {
		t.Errorf("a request without a schema sent tools: %v", body)
	}
}

func TestErrorsAndRetries(t *testing.T) {
	good := llmtest.Reply{Body: llmtest.AnthropicTool("headline", `{"headline":"Port strike ends"}`, 50, 10)}
	for _, c := range []struct {
		name     string
		script   []llmtest.Reply
		timeout  time.Duration
		attempts int
		paid     bool // the failed attempts were answered, so their tokens count
		waited   string
		wantErr  error
		errText  string
	}{
		{name: "rate limited with Retry-After",
			script: []llmtest.Reply{{Status: 429, Header: map[string]string{"Retry-After": "12"},
				Body: `{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}`}, good},
			attempts: 2, waited: "[12s]"},
		{name: "overloaded (529) then success",
			script:   []llmtest.Reply{{Status: 529, Body: `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`}, good},
			attempts: 2},
		{name: "answer in text instead of the tool, then through it",
			script:   []llmtest.Reply{{Body: llmtest.AnthropicText(`{"headline":"x"}`, "end_turn", 5, 5)}, good},
			attempts: 2, paid: true},
		{name: "schema-invalid tool input, corrected",
			script:   []llmtest.Reply{{Body: llmtest.AnthropicTool("headline", `{"title":"x"}`, 5, 5)}, good},
			attempts: 2, paid: true},
		{name: "malformed JSON reply, then a good one",
			script:   []llmtest.Reply{{Body: `{"content": [`}, good},
			attempts: 2},
		{name: "cut off at max_tokens, then complete",
			script:   []llmtest.Reply{{Body: llmtest.AnthropicText("The port", "max_tokens", 5, 4096)}, good},
			attempts: 2, paid: true},
		{name: "refusal is final",
			script:   []llmtest.Reply{{Body: llmtest.AnthropicText("I won't write that.", "refusal", 5, 5)}},
			attempts: 1, wantErr: &llm.RefusalError{}, errText: "I won't write that."},
		{name: "bad request is final",
			script:   []llmtest.Reply{{Status: 400, Body: `{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}`}},
			attempts: 1, wantErr: &llm.StatusError{}, errText: "max_tokens: Field required"},
		{name: "timeout every time",
			script:   []llmtest.Reply{{Hang: true}, {Hang: true}},
			timeout:  50 * time.Millisecond,
			attempts: 2, wantErr: context.DeadlineExceeded},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := llmtest.Start(t, c.script...)
			var waited []time.Duration
			retry := llm.Retry{Attempts: len(c.script), Sleep: func(_ context.Context, d time.Duration) error {
				waited = append(waited, d)
				return nil
			}}
			resp, out, err := llm.Call(context.Background(), client(t, srv.URL, c.timeout), request(), retry, hasHeadline)
			if out.Attempts != c.attempts || len(srv.Requests()) != c.attempts {
				t.Errorf("attempts %d, requests %d; want %d (failures %q)", out.Attempts, len(srv.Requests()), c.attempts, out.Failures)
			}
			if c.waited != "" && fmt.Sprint(waited) != c.waited {
				t.Errorf("waited %v, want %s", waited, c.waited)
			}
			if c.wantErr == nil {
				if err != nil || hasHeadline(resp.Text) != nil {
					t.Fatalf("err = %v, answer %q", err, resp.Text)
				}
				if c.paid && resp.Usage.InputTokens <= 50 || !c.paid && resp.Usage.InputTokens != 50 {
					t.Errorf("usage %+v: the failed attempt's tokens should count", resp.Usage)
				}
				return
			}
			var refusal *llm.RefusalError
			var status *llm.StatusError
			ok := errors.Is(err, c.wantErr)
			switch c.wantErr.(type) {
			case *llm.RefusalError:
				ok = errors.As(err, &refusal)
			case *llm.StatusError:
				ok = errors.As(err, &status)
			}
			if !ok || !strings.Contains(err.Error(), c.errText) {
				t.Errorf("err = %v; want %T containing %q", err, c.wantErr, c.errText)
			}
		})
	}
}
