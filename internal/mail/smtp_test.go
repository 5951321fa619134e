package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/mail"
	"beatdesk/internal/mail/mailtest"
)

var _ mail.Sender = (*mail.SMTP)(nil)

// TestSMTPDelivers sends a message with text, HTML and extra headers to
// mailpit and reads all three back.
func TestSMTPDelivers(t *testing.T) {
	srv := mailtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.SMTPHost, Port: srv.SMTPPort, From: "desk@news.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	m := beatdesk.Mail{
		To: "Ann@Example.org", Subject: "Your sign-in link for beatdesk",
		Body: "Follow this link: https://news.example/signin/abc123",
		HTML: "<p>Follow <a href=\"https://news.example/signin/abc123\">this link</a>.</p>",
		Headers: map[string]string{
			"Message-ID":            "<digest-7-42@news.example>",
			"List-Unsubscribe":      "<https://news.example/unsubscribe/tok>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	ms, err := srv.Wait(ctx, "to:ann@example.org", 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := srv.Message(ctx, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != m.Subject || got.From.Address != "desk@news.example" {
		t.Errorf("subject %q from %q", got.Subject, got.From.Address)
	}
	if !strings.Contains(got.Text, "https://news.example/signin/abc123") {
		t.Errorf("text body %q lacks the link", got.Text)
	}
	if !strings.Contains(got.HTML, `<a href="https://news.example/signin/abc123">`) {
		t.Errorf("HTML body %q lacks the link", got.HTML)
	}
	if got.MessageID != "digest-7-42@news.example" {
		t.Errorf("Message-ID %q, want the one given", got.MessageID)
	}
	h, err := srv.Headers(ctx, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Get("List-Unsubscribe") != "<https://news.example/unsubscribe/tok>" || h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("unsubscribe headers %q / %q", h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
	}
}

// TestSMTPRefusesBadMessages: a bad message is ErrInvalid before any
// connection is made (the port is closed, so a connection would fail
// differently).
func TestSMTPRefusesBadMessages(t *testing.T) {
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: "127.0.0.1", Port: 1, From: "desk@news.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]beatdesk.Mail{
		"no recipient":    {Subject: "Hi", Body: "x"},
		"no subject":      {To: "ann@example.org", Body: "x"},
		"header newline":  {To: "ann@example.org", Subject: "Hi", Headers: map[string]string{"X-Test": "a\r\nBcc: eve@example.org"}},
		"bad header name": {To: "ann@example.org", Subject: "Hi", Headers: map[string]string{"X Test:": "a"}},
	} {
		if err := s.Send(context.Background(), m); !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", name, err)
		}
	}
	// A good message to a closed port is the server's problem.
	err = s.Send(context.Background(), beatdesk.Mail{To: "ann@example.org", Subject: "Hi", Body: "x"})
	if !errors.Is(err, beatdesk.ErrUnavailable) {
		t.Errorf("closed port: err %v, want ErrUnavailable", err)
	}
}

func TestNewSMTPExplainsBadSettings(t *testing.T) {
	for _, tc := range []struct {
		c    mail.SMTPConfig
		want string
	}{
		{mail.SMTPConfig{From: "a@example.org"}, "host"},
		{mail.SMTPConfig{Host: "smtp.example.org:587", From: "a@example.org"}, "port goes in the port setting"},
		{mail.SMTPConfig{Host: "smtp.example.org", Port: 70000, From: "a@example.org"}, "between 1 and 65535"},
		{mail.SMTPConfig{Host: "smtp.example.org", From: "not an address"}, "sender address"},
		{mail.SMTPConfig{Host: "smtp.example.org", From: "a@example.org", Password: "p"}, "no username"},
		{mail.SMTPConfig{Host: "smtp.example.org", From: "a@example.org", TLS: "ssl3"}, "starttls"},
	} {
		_, err := mail.NewSMTP(tc.c)
		if !errors.Is(err, beatdesk.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want ErrInvalid mentioning %q", tc.c, err, tc.want)
		}
	}
	if _, err := mail.NewSMTP(mail.SMTPConfig{Host: "smtp.example.org", From: "a@example.org", Username: "u", Password: "p"}); err != nil {
		t.Errorf("good settings: %v", err)
	}
}

// TestSMTPSendWithin: a message whose hand-over never comes is discarded
// by the server; one handed over arrives.
func TestSMTPSendWithin(t *testing.T) {
	srv := mailtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.SMTPHost, Port: srv.SMTPPort, From: "desk@news.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	changedMind := errors.New("the record could not be written")
	err = s.SendWithin(ctx, beatdesk.Mail{To: "abandoned@example.org", Subject: "Never", Body: "x"},
		func(handOver func() error) error { return changedMind })
	if !errors.Is(err, changedMind) {
		t.Fatalf("abandoned send: %v", err)
	}
	handed := false
	err = mail.SendWithin(ctx, s, beatdesk.Mail{To: "kept@example.org", Subject: "Kept", Body: "x"},
		func(handOver func() error) error {
			if err := handOver(); err != nil {
				return err
			}
			handed = true
			return nil
		})
	if err != nil || !handed {
		t.Fatalf("handed-over send: %v (handed %v)", err, handed)
	}
	if _, err := srv.Wait(ctx, "to:kept@example.org", 1); err != nil {
		t.Fatal(err)
	}
	if ms, _ := srv.Search(ctx, "to:abandoned@example.org"); len(ms) != 0 {
		t.Errorf("the abandoned message arrived: %+v", ms)
	}
}
