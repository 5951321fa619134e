package config

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// validateMail checks the SMTP and digest settings: SMTP is all or
// nothing, and the digests go out at an hour and on a day that exist.
func (c *Config) validateMail() error {
	if c.DigestHour < 0 || c.DigestHour > 23 {
		return fmt.Errorf("config: digest_hour %d must be an hour of the day, 0 to 23 (UTC)", c.DigestHour)
	}
	if c.MailRate <= 0 {
		return fmt.Errorf("config: mail_rate %v must be above 0 messages a second (10 suits most providers)", c.MailRate)
	}
	if _, ok := Weekday(c.DigestDay); !ok {
		return fmt.Errorf("config: digest_weekday %q must be a day of the week, monday to sunday", c.DigestDay)
	}
	if c.SMTPHost == "" {
		if c.SMTPUsername != "" || c.SMTPPassword != "" || c.SMTPFrom != "" || c.SMTPPort != 0 {
			return fmt.Errorf("config: SMTP settings are given but smtp_host is not; set BEATDESK_SMTP_HOST to send mail through that server, or remove the other smtp_ settings")
		}
		return nil
	}
	switch {
	case strings.ContainsAny(c.SMTPHost, "/ ") || strings.Count(c.SMTPHost, ":") == 1:
		return fmt.Errorf("config: smtp_host %q must be a host name such as smtp.example.org; the port goes in smtp_port", c.SMTPHost)
	case c.SMTPPort < 0 || c.SMTPPort > 65535:
		return fmt.Errorf("config: smtp_port %d must be between 1 and 65535 (587 for starttls, 465 for tls), or 0 for the usual port", c.SMTPPort)
	case c.SMTPFrom == "":
		return fmt.Errorf("config: smtp_host is set but smtp_from is not; set BEATDESK_SMTP_FROM to the address mail comes from, such as newsletter@news.example.org")
	case c.SMTPPassword != "" && c.SMTPUsername == "":
		return fmt.Errorf("config: smtp_password is set but smtp_username is not; set both, or neither for a server that needs no login")
	}
	if a, err := mail.ParseAddress(c.SMTPFrom); err != nil || a.Address != strings.TrimSpace(c.SMTPFrom) {
		return fmt.Errorf("config: smtp_from %q must be a bare email address such as newsletter@news.example.org", c.SMTPFrom)
	}
	switch c.SMTPTLS {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("config: smtp_tls %q must be starttls, tls or none", c.SMTPTLS)
	}
	return nil
}

// Weekday reads a day's English name, any case ("monday", "Mon").
func Weekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), s) {
			return d, true
		}
	}
	return 0, false
}
