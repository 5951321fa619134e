package config

import (
	"strings"
	"testing"
	"time"
)

// TestMailSettings checks that the SMTP password comes only from the
// environment (or file), that half an SMTP configuration is refused with
// a message saying what is missing, and the digest schedule's bounds.
func TestMailSettings(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	cfg, _, err := Load("serve", []string{"--smtp-host", "smtp.example.org", "--smtp-username", "desk", "--digest-weekday", "Fri"},
		env("BEATDESK_SMTP_PASSWORD", "s3cret", "BEATDESK_SMTP_FROM", "news@example.org"))
	if err != nil || cfg.SMTPHost != "smtp.example.org" || cfg.SMTPPassword != "s3cret" || cfg.SMTPTLS != "starttls" || cfg.DigestHour != 6 {
		t.Fatalf("Load: %+v, %v", cfg, err)
	}
	if d, ok := Weekday(cfg.DigestDay); !ok || d != time.Friday {
		t.Errorf("digest weekday %q read as %v %v", cfg.DigestDay, d, ok)
	}
	if _, _, err := Load("serve", []string{"--smtp-password", "x"}, env()); err == nil {
		t.Error("the SMTP password was accepted as a flag")
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"BEATDESK_SMTP_FROM", "news@example.org"}, "smtp_host is not"},
		{[]string{"BEATDESK_SMTP_HOST", "smtp.example.org"}, "smtp_from is not"},
		{[]string{"BEATDESK_SMTP_HOST", "smtp.example.org:587", "BEATDESK_SMTP_FROM", "a@example.org"}, "smtp_port"},
		{[]string{"BEATDESK_SMTP_HOST", "smtp.example.org", "BEATDESK_SMTP_FROM", "News <a@example.org>"}, "bare email"},
		{[]string{"BEATDESK_SMTP_HOST", "smtp.example.org", "BEATDESK_SMTP_FROM", "a@example.org", "BEATDESK_SMTP_PASSWORD", "p"}, "smtp_username is not"},
		{[]string{"BEATDESK_SMTP_HOST", "smtp.example.org", "BEATDESK_SMTP_FROM", "a@example.org", "BEATDESK_SMTP_TLS", "ssl"}, "smtp_tls"},
		{[]string{"BEATDESK_DIGEST_HOUR", "24"}, "digest_hour"},
		{[]string{"BEATDESK_DIGEST_WEEKDAY", "someday"}, "digest_weekday"},
	} {
		if _, _, err := Load("serve", nil, env(c.env...)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error mentioning %q", c.env, err, c.want)
		}
	}
}
