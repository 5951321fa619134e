// Package openai is a thin client for the OpenAI-compatible chat
// completions format, which OpenAI, Ollama, vLLM, llama.cpp's server and
// most gateways speak. Structured output uses response_format with a
// json_schema; servers that ignore it still answer, and the caller's check
// (llm.Call) catches an answer that is not the JSON asked for.
package openai

import (
	"context"
	"fmt"
	"net/http"

	"beatdesk/internal/llm"
)

// Options configure a Client. BaseURL is the API root, e.g.
// https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama);
// /chat/completions is added. The key goes as a bearer token when set.
type Options = llm.Endpoint

// Client speaks the chat completions format. It is safe for concurrent use.
type Client struct {
	url string
	e   llm.Endpoint
}

// New returns a client, or an error saying which option is missing.
func New(o Options) (*Client, error) {
	e, err := o.Settle("openai")
	if err != nil {
		return nil, err
	}
	return &Client{url: e.BaseURL + "/chat/completions", e: e}, nil
}

// Name implements llm.Model.
func (c *Client) Name() string { return "openai:" + c.e.Model }

// The wire format, as far as we use it.
type (
	message struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}
	jsonSchema struct {
		Name   string `json:"name"`
		Schema any    `json:"schema"`
		Strict bool   `json:"strict"`
	}
	responseFormat struct {
		Type       string      `json:"type"`
		JSONSchema *jsonSchema `json:"json_schema,omitempty"`
	}
	request struct {
		Model          string          `json:"model"`
		Messages       []message       `json:"messages"`
		MaxTokens      int             `json:"max_tokens"`
		Temperature    float64         `json:"temperature"`
		ResponseFormat *responseFormat `json:"response_format,omitempty"`
	}
	reply struct {
		Model   string `json:"model"`
		Choices []struct {
			Message struct {
				Content *string `json:"content"`
				Refusal *string `json:"refusal"`
			} `json:"message"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
		Usage struct {
			PromptTokens     int `json:"prompt_tokens"`
			CompletionTokens int `json:"completion_tokens"`
		} `json:"usage"`
	}
)

// Complete implements llm.Model.
func (c *Client) Complete(ctx context.Context, req llm.Request) (llm.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.e.Timeout)
	defer cancel()

	body := request{Model: c.e.Model, MaxTokens: req.Tokens(), Temperature: req.Temperature}
	if req.System != "" {
		body.Messages = append(body.Messages, message{Role: "system", Content: req.System})
	}
	for _, m := range req.Messages {
		body.Messages = append(body.Messages, message{Role: m.Role, Content: m.Content})
	}
	if len(req.Schema) > 0 {
		body.ResponseFormat = &responseFormat{Type: "json_schema",
			JSONSchema: &jsonSchema{Name: req.SchemaName, Schema: req.Schema, Strict: true}}
	}
	header := http.Header{}
	if c.e.APIKey != "" {
		header.Set("Authorization", "Bearer "+c.e.APIKey)
	}

	data, err := llm.Post(ctx, c.e.HTTPClient, c.Name(), c.url, header, body)
	if err != nil {
		return llm.Response{}, err
	}
	var r reply
	if err := llm.Decode(c.Name(), data, &r); err != nil {
		return llm.Response{}, err
	}
	out := llm.Response{Model: r.Model, Usage: llm.Usage{InputTokens: r.Usage.PromptTokens, OutputTokens: r.Usage.CompletionTokens}}
	if len(r.Choices) == 0 {
		return out, fmt.Errorf("%s: %w: no choices in the reply", c.Name(), llm.ErrMalformed)
	}
	choice := r.Choices[0]
	switch {
	case choice.Message.Refusal != nil && *choice.Message.Refusal != "":
		return out, &llm.RefusalError{Provider: c.Name(), Reason: *choice.Message.Refusal}
	case choice.FinishReason == "content_filter":
		return out, &llm.RefusalError{Provider: c.Name(), Reason: "stopped by the provider's content filter"}
	case choice.FinishReason == "length":
		return out, fmt.Errorf("%s: %w (%d tokens)", c.Name(), llm.ErrTruncated, req.Tokens())
	case choice.Message.Content == nil:
		return out, fmt.Errorf("%s: %w: the answer has no content", c.Name(), llm.ErrMalformed)
	}
	out.Text = *choice.Message.Content
	return out, nil
}
