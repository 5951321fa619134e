package main

import (
	"context"
	"log/slog"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/jobs"
	"beatdesk/internal/mail"
	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
)

// mailSender is the SMTP server when one is configured, else the outbox:
// the log and the desk's outbox page.
func mailSender(cfg config.Config, s *store.Store, log *slog.Logger) (mail.Sender, error) {
	if cfg.SMTPHost == "" {
		return mail.Outbox{Log: log, Record: func(ctx context.Context, m beatdesk.Mail) error {
			return s.Update(ctx, func(tx *store.Tx) error { return tx.AddMail(ctx, m) })
		}}, nil
	}
	return mail.NewSMTP(mail.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUsername,
		Password: cfg.SMTPPassword, From: cfg.SMTPFrom, TLS: cfg.SMTPTLS})
}

// newsletterConfig is when and how the workers send the digests.
func newsletterConfig(cfg config.Config, sender mail.Sender, personas []beatdesk.Persona) jobs.NewsletterConfig {
	day, _ := config.Weekday(cfg.DigestDay) // checked by Validate
	return jobs.NewsletterConfig{Mail: sender, Hour: cfg.DigestHour, Weekday: day, Rate: cfg.MailRate,
		Site: newsletter.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL, Personas: personas}}
}
