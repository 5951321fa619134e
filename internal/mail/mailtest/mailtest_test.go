package mailtest

import (
	"context"
	"fmt"
	"net/smtp"
	"strings"
	"testing"
	"time"
)

// TestStart sends a message over SMTP and reads it back through the API,
// headers included.
func TestStart(t *testing.T) {
	s := Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	body := "From: desk@news.example\r\nTo: ann@example.org\r\nSubject: Hello from the test\r\n" +
		"List-Unsubscribe: <https://news.example/u/x>\r\n\r\nFirst line of the body.\r\n"
	addr := fmt.Sprintf("%s:%d", s.SMTPHost, s.SMTPPort)
	if err := smtp.SendMail(addr, nil, "desk@news.example", []string{"ann@example.org"}, []byte(body)); err != nil {
		t.Fatalf("sending to mailpit: %v", err)
	}
	ms, err := s.Wait(ctx, "to:ann@example.org", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Subject != "Hello from the test" {
		t.Fatalf("messages for ann: %+v", ms)
	}
	m, err := s.Message(ctx, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, "First line of the body.") {
		t.Errorf("text body %q lacks the line sent", m.Text)
	}
	h, err := s.Headers(ctx, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := h["List-Unsubscribe"]; len(got) != 1 || got[0] != "<https://news.example/u/x>" {
		t.Errorf("List-Unsubscribe header: %q", got)
	}
	if others, err := s.Search(ctx, "to:bob@example.org"); err != nil || len(others) != 0 {
		t.Errorf("messages for bob: %v, %v; want none", others, err)
	}
}
