package mail

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"beatdesk"
)

func TestOutboxLogsAndRecords(t *testing.T) {
	var logged bytes.Buffer
	var recorded []beatdesk.Mail
	o := Outbox{
		Log: slog.New(slog.NewTextHandler(&logged, nil)),
		Record: func(_ context.Context, m beatdesk.Mail) error {
			recorded = append(recorded, m)
			return nil
		},
	}
	var s Sender = o
	err := s.Send(context.Background(), beatdesk.Mail{To: " Reader@Example.org ", Subject: "Your sign-in link", Body: "https://x.example/signin/abc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recorded) != 1 || recorded[0].To != "reader@example.org" || recorded[0].Body != "https://x.example/signin/abc" {
		t.Fatalf("recorded %+v", recorded)
	}
	if !strings.Contains(logged.String(), "Your sign-in link") {
		t.Errorf("log %q lacks the subject", logged.String())
	}
}

func TestOutboxRefusesBadMessages(t *testing.T) {
	var o Outbox
	o.Log = slog.New(slog.DiscardHandler)
	for _, m := range []beatdesk.Mail{
		{To: "not an address", Subject: "x"},
		{To: "a@example.org", Subject: "  "},
	} {
		if err := o.Send(context.Background(), m); !errors.Is(err, beatdesk.ErrInvalid) {
			t.Errorf("Send(%+v) = %v, want ErrInvalid", m, err)
		}
	}
	failing := Outbox{Log: o.Log, Record: func(context.Context, beatdesk.Mail) error { return errors.New("disk full") }}
	if err := failing.Send(context.Background(), beatdesk.Mail{To: "a@example.org", Subject: "x"}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("a failing Record must surface: got %v", err)
	}
}
