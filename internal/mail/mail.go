// Package mail sends the newsroom's messages: sign-in links now, newsletters
// later. A Sender delivers one message. Outbox, the default, delivers
// nothing: it writes the message to the log and records it in the desk's
// outbox, so a demo or a new installation works without an SMTP server and
// an editor can still follow every link that was "sent".
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"beatdesk"
)

// A Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m beatdesk.Mail) error
}

// Outbox is the Sender used when no SMTP server is configured. Record
// stores the message in the outbox the desk shows (the store's AddMail,
// wired by the caller so this package stays free of the store).
type Outbox struct {
	Log    *slog.Logger
	Record func(ctx context.Context, m beatdesk.Mail) error
}

// Send checks m, logs it and records it. It returns ErrInvalid for a
// message without a valid recipient or subject.
func (o Outbox) Send(ctx context.Context, m beatdesk.Mail) error {
	const op = "mail.Outbox.Send"
	to, err := beatdesk.NormaliseEmail(m.To)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "the message to %s has no subject", to)
	}
	m.To = to
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "mail written to the outbox", "to", m.To, "subject", m.Subject, "body", m.Body)
	if o.Record == nil {
		return nil
	}
	if err := o.Record(ctx, m); err != nil {
		return fmt.Errorf("%s: recording the message: %w", op, err)
	}
	return nil
}
