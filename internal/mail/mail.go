// Package mail sends the newsroom's messages: sign-in links and the
// newsletter's digests. A Sender delivers one message. SMTP delivers it
// through a mail server (go-mail). Outbox, the default, delivers nothing:
// it writes the message to the log and records it in the desk's outbox,
// so a demo or a new installation works without an SMTP server and an
// editor can still follow every link that was "sent".
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

// A WithinSender can leave the moment it hands a message over to its
// caller, so the caller can record the delivery in that same instant
// (see SMTP.SendWithin).
type WithinSender interface {
	SendWithin(ctx context.Context, m beatdesk.Mail, within func(handOver func() error) error) error
}

// SendWithin delivers m with snd, calling within with handOver, the step
// that hands the message over. A sender that cannot split its delivery
// does it all in handOver.
func SendWithin(ctx context.Context, snd Sender, m beatdesk.Mail, within func(handOver func() error) error) error {
	if ws, ok := snd.(WithinSender); ok {
		return ws.SendWithin(ctx, m, within)
	}
	return within(func() error { return snd.Send(ctx, m) })
}

// SendWithin logs m inside within and records it in the outbox after
// within returns: Record writes to the store, and within may hold the
// store's only writer.
func (o Outbox) SendWithin(ctx context.Context, m beatdesk.Mail, within func(handOver func() error) error) error {
	rec := o.Record
	o.Record = nil
	sent := false
	err := within(func() error {
		err := o.Send(ctx, m)
		sent = err == nil
		return err
	})
	if err != nil || !sent || rec == nil {
		return err
	}
	m.To, _ = beatdesk.NormaliseEmail(m.To)
	if err := rec(ctx, m); err != nil {
		return fmt.Errorf("mail.Outbox.SendWithin: recording the message: %w", err)
	}
	return nil
}
