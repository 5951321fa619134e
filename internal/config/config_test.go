package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "beatdesk.yaml")
	os.WriteFile(file, []byte("db: from-file.db\naddr: 127.0.0.1:9000\npoll_min: 5m\nworkers: 3\n"), 0o644)
	env := map[string]string{"BEATDESK_ADDR": "127.0.0.1:9001", "BEATDESK_WORKERS": "7"}
	cfg, rest, err := Load("serve", []string{"--config", file, "--workers", "9", "extra"}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "from-file.db" || cfg.Addr != "127.0.0.1:9001" || cfg.Workers != 9 || cfg.PollMin != 5*time.Minute {
		t.Errorf("precedence wrong: %+v", cfg)
	}
	if cfg.BaseURL != "http://127.0.0.1:9001" || len(rest) != 1 || rest[0] != "extra" {
		t.Errorf("base URL %q, rest %v", cfg.BaseURL, rest)
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	none := func(string) string { return "" }
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("dbb: x\n"), 0o644)
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--role", "boss"}, nil, "must be all, web or worker"},
		{[]string{"--addr", "8080"}, nil, "must be host:port"},
		{[]string{"--poll-min", "1ms"}, nil, "too short"},
		{[]string{"--poll-min", "2h", "--poll-max", "1h"}, nil, "shorter than poll_min"},
		{nil, map[string]string{"BEATDESK_WORKERS": "many"}, "BEATDESK_WORKERS"},
		{[]string{"--config", bad}, nil, "dbb"},
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, nil, "cannot read"},
		{[]string{"--base-url", "news.example.org"}, nil, "absolute http(s) URL"},
		{[]string{"--websub"}, nil, "not reachable from the internet"},
		{[]string{"--websub", "--base-url", "http://192.168.1.20:8080"}, nil, "not reachable from the internet"},
		{[]string{"--llm-url", "http://127.0.0.1:11434/v1"}, nil, "llm_model is not"},
		{[]string{"--llm-url", "localhost:11434", "--llm-model", "m"}, nil, "absolute http(s) URL"},
		{[]string{"--llm-url", "http://x.example/v1", "--llm-model", "m", "--llm-provider", "gemini"}, nil, "openai (any OpenAI-compatible server) or anthropic"},
		{[]string{"--llm-api-key", "sk-1"}, nil, "flag provided but not defined"},
	} {
		getenv := none
		if tc.env != nil {
			getenv = func(k string) string { return tc.env[k] }
		}
		_, _, err := Load("serve", tc.args, getenv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v): %v, want an error mentioning %q", tc.args, err, tc.want)
		}
	}
}

func TestWebSubNeedsAPublicBaseURL(t *testing.T) {
	none := func(string) string { return "" }
	cfg, _, err := Load("serve", []string{"--websub", "--base-url", "https://news.example.org"}, none)
	if err != nil || !cfg.WebSub {
		t.Errorf("websub with a public base URL: %v (WebSub %v)", err, cfg.WebSub)
	}
	if cfg, _, err := Load("serve", nil, none); err != nil || cfg.WebSub {
		t.Errorf("websub must be off unless asked for: %v, %v", cfg.WebSub, err)
	}
}

// TestLLMKeyFromEnvironment: the key comes from the environment (or the
// file), never a flag, and Usage names its variable.
func TestLLMKeyFromEnvironment(t *testing.T) {
	env := map[string]string{"BEATDESK_LLM_URL": "https://api.anthropic.com", "BEATDESK_LLM_MODEL": "claude-x",
		"BEATDESK_LLM_API_KEY": "key-1", "BEATDESK_LLM_PRICE_IN": "3"}
	cfg, _, err := Load("serve", nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LLMAPIKey != "key-1" || cfg.LLMModel != "claude-x" || cfg.LLMPriceIn != 3 {
		t.Errorf("LLM settings = %q %q %v", cfg.LLMAPIKey, cfg.LLMModel, cfg.LLMPriceIn)
	}
	if u := Usage("serve"); !strings.Contains(u, "no flag (BEATDESK_LLM_API_KEY, llm_api_key)") {
		t.Errorf("Usage does not explain the key:\n%s", u)
	}
}
