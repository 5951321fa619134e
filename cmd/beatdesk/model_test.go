package main

import (
	"testing"

	"beatdesk/internal/config"
)

func TestModelFromConfig(t *testing.T) {
	for _, c := range []struct {
		url, provider, want string
	}{
		{"", "", ""},
		{"https://api.openai.com/v1", "", "openai:m"},
		{"http://127.0.0.1:11434/v1", "", "openai:m"},
		{"https://api.anthropic.com", "", "anthropic:m"},
		{"https://gateway.example/anthropic", "anthropic", "anthropic:m"},
	} {
		m, err := model(config.Config{LLMURL: c.url, LLMProvider: c.provider, LLMModel: "m"})
		got := ""
		if m != nil {
			got = m.Name()
		}
		if err != nil || got != c.want {
			t.Errorf("model(%q, %q) = %q, %v; want %q", c.url, c.provider, got, err, c.want)
		}
	}
}
