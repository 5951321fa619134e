// Package llmtest runs a local server that answers like a model provider,
// from a script: each request gets the next scripted reply (a status, its
// headers and body, or no answer at all), and every request is kept for
// the test to inspect. The bodies are real wire format (OpenAIChat,
// AnthropicText and AnthropicTool build them), so the clients are tested
// against the bytes a provider sends, errors included.
package llmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Reply is one scripted answer.
type Reply struct {
	Status int               // 0 means 200
	Header map[string]string // e.g. Retry-After
	Body   string
	// Hang holds the request without answering until the client gives
	// up (its timeout) or the test ends.
	Hang bool
}

// Request is one request the server received.
type Request struct {
	Path   string
	Header http.Header
	Body   []byte
}

// JSON decodes the request's body into a generic map, failing the test
// when it is not a JSON object.
func (r Request) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("request to %s is not a JSON object: %v\n%s", r.Path, err, r.Body)
	}
	return m
}

// Server is a scripted provider.
type Server struct {
	URL string

	t        testing.TB
	mu       sync.Mutex
	script   []Reply
	requests []Request
	done     chan struct{}
}

// Start serves the script on a loopback port until the test ends. A
// request beyond the script fails the test.
func Start(t testing.TB, script ...Reply) *Server {
	t.Helper()
	s := &Server{t: t, script: script, done: make(chan struct{})}
	hs := httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = hs.URL
	t.Cleanup(func() {
		close(s.done) // release hanging requests first, or Close waits for them
		hs.Close()
	})
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	n := len(s.requests)
	s.mu.Unlock()
	if n > len(s.script) {
		s.t.Errorf("llmtest: request %d to %s, but the script has only %d replies", n, r.URL.Path, len(s.script))
		http.Error(w, `{"error":{"message":"script exhausted"}}`, http.StatusInternalServerError)
		return
	}
	reply := s.script[n-1]
	if reply.Hang {
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return
	}
	for k, v := range reply.Header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	if reply.Status == 0 {
		reply.Status = http.StatusOK
	}
	w.WriteHeader(reply.Status)
	io.WriteString(w, reply.Body)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// OpenAIChat is a chat completions reply whose answer is content.
func OpenAIChat(content string, inputTokens, outputTokens int) string {
	return mustJSON(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": content, "refusal": nil},
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": inputTokens, "completion_tokens": outputTokens,
			"total_tokens": inputTokens + outputTokens},
	})
}

// OpenAIRefusal is a chat completions reply in which the model declines.
func OpenAIRefusal(reason string) string {
	return mustJSON(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": nil, "refusal": reason},
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 5},
	})
}

// AnthropicText is a messages reply of plain text.
func AnthropicText(text, stopReason string, inputTokens, outputTokens int) string {
	return anthropic([]any{map[string]any{"type": "text", "text": text}}, stopReason, inputTokens, outputTokens)
}

// AnthropicTool is a messages reply that calls the tool name with input,
// which must be a JSON object.
func AnthropicTool(name, input string, inputTokens, outputTokens int) string {
	return anthropic([]any{map[string]any{"type": "tool_use", "id": "toolu_test", "name": name,
		"input": json.RawMessage(input)}}, "tool_use", inputTokens, outputTokens)
}

func anthropic(content []any, stopReason string, inputTokens, outputTokens int) string {
	return mustJSON(map[string]any{
		"id": "msg_test", "type": "message", "role": "assistant", "model": "test-model",
		"content": content, "stop_reason": stopReason,
		"usage": map[string]any{"input_tokens": inputTokens, "output_tokens": outputTokens},
	})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only ever called with literal maps
	}
	return string(b)
}
