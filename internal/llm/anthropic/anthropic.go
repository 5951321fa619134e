// Package anthropic is a thin client for Anthropic's messages format.
// Structured output is asked for the way that format supports everywhere:
// one tool whose input schema is the answer's schema, and a tool_choice
// that makes the model call it; the tool call's input is the answer.
package anthropic

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"beatdesk/internal/llm"
)

// Version is the messages API version this client speaks.
const Version = "2023-06-01"

// Options configure a Client. BaseURL is the API root, e.g.
// https://api.anthropic.com; /v1/messages is added (or /messages when
// BaseURL already ends in /v1).
type Options = llm.Endpoint

// Client speaks the messages format. It is safe for concurrent use.
type Client struct {
	url string
	e   llm.Endpoint
}

// New returns a client, or an error saying which option is missing.
func New(o Options) (*Client, error) {
	e, err := o.Settle("anthropic")
	if err != nil {
		return nil, err
	}
	base := e.BaseURL
	if !strings.HasSuffix(base, "/v1") {
		base += "/v1"
	}
	return &Client{url: base + "/messages", e: e}, nil
}

// Name implements llm.Model.
func (c *Client) Name() string { return "anthropic:" + c.e.Model }

// The wire format, as far as we use it.
type (
	message struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}
	tool struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		InputSchema json.RawMessage `json:"input_schema"`
	}
	toolChoice struct {
		Type string `json:"type"`
		Name string `json:"name"`
	}
	request struct {
		Model       string      `json:"model"`
		MaxTokens   int         `json:"max_tokens"`
		System      string      `json:"system,omitempty"`
		Messages    []message   `json:"messages"`
		Temperature float64     `json:"temperature"`
		Tools       []tool      `json:"tools,omitempty"`
		ToolChoice  *toolChoice `json:"tool_choice,omitempty"`
	}
	reply struct {
		Model   string `json:"model"`
		Content []struct {
			Type  string          `json:"type"`
			Text  string          `json:"text"`
			Name  string          `json:"name"`
			Input json.RawMessage `json:"input"`
		} `json:"content"`
		StopReason string `json:"stop_reason"`
		Usage      struct {
			InputTokens  int `json:"input_tokens"`
			OutputTokens int `json:"output_tokens"`
		} `json:"usage"`
	}
)

// Complete implements llm.Model.
func (c *Client) Complete(ctx context.Context, req llm.Request) (llm.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.e.Timeout)
	defer cancel()

	body := request{Model: c.e.Model, MaxTokens: req.Tokens(), System: req.System, Temperature: req.Temperature}
	for _, m := range req.Messages {
		body.Messages = append(body.Messages, message{Role: m.Role, Content: m.Content})
	}
	name := req.SchemaName
	if len(req.Schema) > 0 {
		if name == "" {
			name = "answer"
		}
		body.Tools = []tool{{Name: name, Description: "Give the answer in this form.", InputSchema: req.Schema}}
		body.ToolChoice = &toolChoice{Type: "tool", Name: name}
	}
	header := http.Header{}
	header.Set("anthropic-version", Version)
	if c.e.APIKey != "" {
		header.Set("x-api-key", c.e.APIKey)
	}

	data, err := llm.Post(ctx, c.e.HTTPClient, c.Name(), c.url, header, body)
	if err != nil {
		return llm.Response{}, err
	}
	var r reply
	if err := llm.Decode(c.Name(), data, &r); err != nil {
		return llm.Response{}, err
	}
	out := llm.Response{Model: r.Model, Usage: llm.Usage{InputTokens: r.Usage.InputTokens, OutputTokens: r.Usage.OutputTokens}}
	switch r.StopReason {
	case "refusal":
		return out, &llm.RefusalError{Provider: c.Name(), Reason: textOf(r)}
	case "max_tokens":
		return out, fmt.Errorf("%s: %w (%d tokens)", c.Name(), llm.ErrTruncated, req.Tokens())
	}
	if len(req.Schema) > 0 {
		for _, block := range r.Content {
			if block.Type == "tool_use" && block.Name == name && len(block.Input) > 0 {
				out.Text = string(block.Input)
				return out, nil
			}
		}
		return out, fmt.Errorf("%s: %w: no %s tool call in the reply", c.Name(), llm.ErrMalformed, name)
	}
	if len(r.Content) == 0 {
		return out, fmt.Errorf("%s: %w: the reply has no content", c.Name(), llm.ErrMalformed)
	}
	out.Text = textOf(r)
	return out, nil
}

// textOf joins the reply's text blocks.
func textOf(r reply) string {
	var b strings.Builder
	for _, block := range r.Content {
		if block.Type == "text" {
			b.WriteString(block.Text)
		}
	}
	return b.String()
}
