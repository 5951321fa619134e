package main

import (
	"net/url"
	"strings"

	"beatdesk/internal/config"
	"beatdesk/internal/llm"
	"beatdesk/internal/llm/anthropic"
	"beatdesk/internal/llm/openai"
)

// model returns the language model the configuration names, or nil when
// none is set (the extractive writer then writes every draft).
func model(cfg config.Config) (llm.Model, error) {
	if cfg.LLMURL == "" {
		return nil, nil
	}
	switch provider(cfg) {
	case "anthropic":
		return anthropic.New(anthropic.Options{BaseURL: cfg.LLMURL, APIKey: cfg.LLMAPIKey, Model: cfg.LLMModel})
	default:
		return openai.New(openai.Options{BaseURL: cfg.LLMURL, APIKey: cfg.LLMAPIKey, Model: cfg.LLMModel})
	}
}

// provider is the configured wire format, or the one llm_url implies:
// Anthropic's own API speaks its messages format; everything else is
// taken to be OpenAI-compatible.
func provider(cfg config.Config) string {
	if cfg.LLMProvider != "" {
		return cfg.LLMProvider
	}
	if u, err := url.Parse(cfg.LLMURL); err == nil && strings.HasSuffix(u.Hostname(), "anthropic.com") {
		return "anthropic"
	}
	return "openai"
}
