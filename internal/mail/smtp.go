package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"beatdesk"
)

// SMTPConfig says how to reach an SMTP server.
type SMTPConfig struct {
	Host               string
	Port               int // 0: 587 for starttls, 465 for tls, 25 for none
	Username, Password string
	From               string // the sender's address, e.g. newsletter@news.example.org
	TLS                string // "starttls" (the default), "tls" (implicit, port 465) or "none"
}

// SMTP sends messages through an SMTP server, one connection per message.
// It is safe for concurrent use.
type SMTP struct {
	client *gomail.Client
	from   string
}

// smtpTimeout bounds a connection: dialling, and each command after it.
const smtpTimeout = 30 * time.Second

// NewSMTP checks c and returns a sender for it. It does not connect; the
// first Send does. Bad settings are ErrInvalid with what to change.
func NewSMTP(c SMTPConfig) (*SMTP, error) {
	const op = "mail.NewSMTP"
	host := strings.TrimSpace(c.Host)
	if host == "" || strings.ContainsAny(host, " /:") && net.ParseIP(host) == nil {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "SMTP host %q must be a host name or IP address such as smtp.example.org (the port goes in the port setting)", c.Host)
	}
	if c.Port < 0 || c.Port > 65535 {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "SMTP port %d must be between 1 and 65535 (587 for STARTTLS, 465 for TLS)", c.Port)
	}
	from, err := beatdesk.NormaliseEmail(c.From)
	if err != nil {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "the SMTP sender address %q is not an email address; set it to the address messages come from, such as newsletter@news.example.org", c.From)
	}
	if c.Password != "" && c.Username == "" {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "an SMTP password is set but no username; set the username too, or remove the password")
	}
	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout)}
	port := c.Port
	switch strings.ToLower(strings.TrimSpace(c.TLS)) {
	case "", "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		if port == 0 {
			port = 587
		}
	case "tls":
		opts = append(opts, gomail.WithSSL())
		if port == 0 {
			port = 465
		}
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		if port == 0 {
			port = 25
		}
	default:
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "SMTP tls %q must be starttls (port 587), tls (port 465) or none (only for a server on this machine or a trusted network)", c.TLS)
	}
	opts = append(opts, gomail.WithPort(port))
	if c.Username != "" {
		// The strongest mechanism the server offers; go-mail refuses to
		// send a password in the clear except to localhost.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	client, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "SMTP settings: %v", err)
	}
	return &SMTP{client: client, from: from}, nil
}

// Send delivers m: its text body, its HTML alternative when it has one,
// and its extra headers. A message without a valid recipient or subject,
// or with a header that cannot be sent, is ErrInvalid, as is a message
// the server refuses for good (a 5xx reply); a server that cannot be
// reached or refuses for now is ErrUnavailable.
func (s *SMTP) Send(ctx context.Context, m beatdesk.Mail) error {
	return s.SendWithin(ctx, m, func(handOver func() error) error { return handOver() })
}

// SendWithin delivers m like Send, leaving the moment of hand-over to
// within. Once the whole message has been written, SendWithin calls
// within with handOver, which sends the end-of-data mark: once it is in
// the kernel's send buffer the server gets it, and accepts the message,
// even if this process dies the next instant. A caller recording the
// delivery writes its record, calls handOver, and commits at once; only
// then does SendWithin read the server's verdict. If the server refuses
// the message at that point (rare: a content filter), SendWithin returns
// an error wrapping ErrRefusedAfterHandOver, and the caller undoes its
// record. If within returns without calling handOver the message is
// abandoned: the connection is dropped mid-message and the server
// discards it. See internal/jobs/newsletter.go for why.
func (s *SMTP) SendWithin(ctx context.Context, m beatdesk.Mail, within func(handOver func() error) error) error {
	const op = "mail.SMTP.Send"
	msg, err := s.message(m)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	// The envelope's addresses, in the angle brackets MAIL and RCPT want.
	from, err := msg.GetSender(false)
	if err != nil {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "sender %q: %v", s.from, err)
	}
	rcpts, err := msg.GetRecipients()
	if err != nil || len(rcpts) != 1 {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "recipient %q: %v", m.To, err)
	}
	to := rcpts[0]
	c, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "the mail server cannot be reached", Err: err}
	}
	handed := false
	defer func() {
		if handed {
			s.client.CloseWithSMTPClient(c) // QUIT; the message is already accepted or refused
		} else {
			c.Close() // mid-message: drop the connection so the server discards it
		}
	}()
	if err := c.Mail(from); err != nil {
		return refused(op, to, err)
	}
	if err := c.Rcpt(to); err != nil {
		return refused(op, to, err)
	}
	w, err := c.Data()
	if err != nil {
		return refused(op, to, err)
	}
	data, ok := w.(*smtp.DataCloser)
	if !ok {
		return fmt.Errorf("%s: go-mail's DATA writer is a %T, not the *smtp.DataCloser this code was written against", op, w)
	}
	if _, err := msg.WriteTo(data); err != nil {
		return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "the connection to the mail server broke", Err: err}
	}
	err = within(func() error {
		if handed {
			return beatdesk.Errorf(beatdesk.ErrConflict, op, "the message to %s was already handed over", to)
		}
		handed = true
		// The end-of-data mark, flushed to the connection; the verdict is
		// read after within returns (DataCloser.Close would wait for it).
		if err := data.WriteCloser.Close(); err != nil {
			return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "the connection to the mail server broke", Err: err}
		}
		return nil
	})
	if err != nil || !handed {
		return err
	}
	if _, _, err := c.Text.ReadResponse(250); err != nil {
		return fmt.Errorf("%w: %w", ErrRefusedAfterHandOver, refused(op, to, err))
	}
	return nil
}

// ErrRefusedAfterHandOver wraps the server's refusal of a message that
// SendWithin had already handed over (see there).
var ErrRefusedAfterHandOver = errors.New("the mail server refused the message after it was handed over")

// refused classifies the server's refusal of the message to addr: a 5xx
// reply is for good (ErrInvalid), anything else may pass later
// (ErrUnavailable).
func refused(op, addr string, err error) error {
	var reply *textproto.Error
	if errors.As(err, &reply) && reply.Code >= 500 {
		return &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: fmt.Sprintf("the mail server refused the message to %s for good (%d)", addr, reply.Code), Err: err}
	}
	return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "the mail server did not accept the message to " + addr + " for now", Err: err}
}

// message builds the go-mail message for m.
func (s *SMTP) message(m beatdesk.Mail) (*gomail.Msg, error) {
	const op = "mail.SMTP.message"
	to, err := beatdesk.NormaliseEmail(m.To)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Subject) == "" {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "the message to %s has no subject", to)
	}
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "sender %q: %v", s.from, err)
	}
	if err := msg.To(to); err != nil {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "recipient %q: %v", to, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for name, value := range m.Headers {
		if !validHeaderName(name) {
			return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "header name %q must be letters, digits and hyphens", name)
		}
		if strings.ContainsAny(value, "\r\n") || !isASCII(value) {
			return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "header %s must be ASCII on one line", name)
		}
		if strings.EqualFold(name, "Message-ID") {
			msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(value, "<"), ">"))
			continue
		}
		// Preformatted: the value goes out as given (the angle brackets of
		// List-Unsubscribe included), not MIME-encoded.
		msg.SetGenHeaderPreformatted(gomail.Header(name), value)
	}
	if msg.GetMessageID() == "" {
		msg.SetMessageID()
	}
	return msg, nil
}

func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
