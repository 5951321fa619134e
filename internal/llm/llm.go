// Package llm is what the newsroom asks of a language model, whichever
// provider answers: one request (a system prompt, the conversation, and
// optionally a JSON schema the answer must follow), one response (its text
// and the tokens it cost), and the errors a provider can give, sorted into
// those worth retrying and those not.
//
// The providers live beside it, each a thin net/http client that imports
// only this package: llm/openai speaks the OpenAI-compatible chat format
// (OpenAI, Ollama, vLLM, llama.cpp's server, most gateways) and
// llm/anthropic speaks Anthropic's messages format. Call wraps any of them
// with what every caller needs: retries on rate limits (honouring
// Retry-After), server errors and timeouts, a second chance when the answer
// does not parse or fails the caller's check, and the usage of every
// attempt added up, so an article's cost counts its failures too.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// A Model answers requests. Implementations are safe for concurrent use.
type Model interface {
	// Complete sends one request and returns the model's answer. Its
	// errors are a *StatusError for an HTTP failure, ErrMalformed for a
	// reply that does not follow the wire format, a *RefusalError when the
	// model declines, ErrTruncated when it ran out of tokens, or the
	// transport's error (a timeout, a refused connection).
	Complete(ctx context.Context, req Request) (Response, error)
	// Name says which provider and model answer, e.g. "openai:gpt-4o-mini";
	// it goes into every article's provenance.
	Name() string
}

// Message is one turn of a conversation.
type Message struct {
	Role    string // RoleUser or RoleAssistant
	Content string
}

// The roles of a Message.
const (
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Request is one question to a model.
type Request struct {
	System   string // instructions; source text never goes here
	Messages []Message

	// Schema, when set, is a JSON Schema the answer must follow; the
	// answer's Text is then one JSON object. SchemaName names it for the
	// provider (letters, digits, _ and - only).
	Schema     json.RawMessage
	SchemaName string

	MaxTokens   int     // upper bound on the answer's tokens; 0 means 4096
	Temperature float64 // 0 is the most repeatable
}

// DefaultMaxTokens is the answer's token budget when a Request gives none.
const DefaultMaxTokens = 4096

// Tokens returns the request's answer budget.
func (r Request) Tokens() int {
	if r.MaxTokens > 0 {
		return r.MaxTokens
	}
	return DefaultMaxTokens
}

// Response is a model's answer.
type Response struct {
	Text  string // the answer; a JSON object when the Request had a Schema
	Model string // the model that answered, as the provider names it
	Usage Usage
}

// Usage counts tokens.
type Usage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
}

// Add returns the sum of two usages.
func (u Usage) Add(v Usage) Usage {
	return Usage{InputTokens: u.InputTokens + v.InputTokens, OutputTokens: u.OutputTokens + v.OutputTokens}
}

// Price is what a model costs, in US dollars per million tokens.
type Price struct {
	InputPerMillion  float64 `json:"input_per_million"`
	OutputPerMillion float64 `json:"output_per_million"`
}

// Cost returns what the usage cost at price p, in US dollars.
func (u Usage) Cost(p Price) float64 {
	return (float64(u.InputTokens)*p.InputPerMillion + float64(u.OutputTokens)*p.OutputPerMillion) / 1e6
}

var (
	// ErrMalformed means the provider's reply did not follow its wire
	// format: not JSON, or missing the answer.
	ErrMalformed = errors.New("malformed reply")
	// ErrTruncated means the model stopped at its token budget, so the
	// answer is incomplete.
	ErrTruncated = errors.New("answer cut off at the token budget")
	// ErrInvalidOutput means the answer parsed but failed the caller's
	// check (Call's check function): not the JSON asked for, or breaking
	// a rule the schema cannot express.
	ErrInvalidOutput = errors.New("answer failed the check")
)

// StatusError is an HTTP failure from a provider.
type StatusError struct {
	Provider   string
	Status     int
	Message    string        // the provider's own explanation, if it gave one
	RetryAfter time.Duration // from the Retry-After header; 0 when absent
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d", e.Provider, e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Temporary reports whether trying again later may succeed: rate limits,
// timeouts, and server errors (including Anthropic's 529, overloaded).
func (e *StatusError) Temporary() bool {
	return e.Status == 408 || e.Status == 409 || e.Status == 429 || e.Status >= 500
}

// RefusalError means the model declined to answer. Retrying the same
// request is pointless.
type RefusalError struct {
	Provider string
	Reason   string
}

func (e *RefusalError) Error() string {
	if e.Reason == "" {
		return e.Provider + ": the model refused"
	}
	return e.Provider + ": the model refused: " + e.Reason
}

// Endpoint is where a provider's model answers and how to reach it; each
// provider's Options is an Endpoint.
type Endpoint struct {
	// BaseURL is the API root, e.g. https://api.openai.com/v1,
	// http://127.0.0.1:11434/v1 (Ollama) or https://api.anthropic.com.
	BaseURL string
	APIKey  string // sent as the provider expects; may be empty for local servers
	Model   string
	// Timeout bounds one request, reading the whole answer included; 0
	// means 3 minutes (a long article from a slow local model).
	Timeout time.Duration
	// HTTPClient, when set, sends the requests (tests, proxies).
	HTTPClient *http.Client
}

// Settle checks that e names a URL and a model, saying which setting is
// missing, and fills in the defaults.
func (e Endpoint) Settle(provider string) (Endpoint, error) {
	if e.BaseURL == "" || e.Model == "" {
		return e, fmt.Errorf("%s: the API's URL and a model name are both needed (BEATDESK_LLM_URL, BEATDESK_LLM_MODEL)", provider)
	}
	e.BaseURL = strings.TrimRight(e.BaseURL, "/")
	if e.Timeout <= 0 {
		e.Timeout = 3 * time.Minute
	}
	if e.HTTPClient == nil {
		e.HTTPClient = &http.Client{}
	}
	return e, nil
}
