package site

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// signInTTL is how long an emailed sign-in link works.
const signInTTL = 30 * time.Minute

// newToken returns 32 random bytes as base64url: the secret in a sign-in
// link. The store keeps only its hash.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never returns an error; see crypto/rand
	return base64.RawURLEncoding.EncodeToString(b)
}

// mailSignInLink stores a sign-in token for the reader and emails them the
// link. The caller sends the message after the transaction commits.
func (s *Site) mailSignInLink(ctx context.Context, tx *store.Tx, m beatdesk.Member) (beatdesk.Mail, error) {
	token := newToken()
	if err := tx.AddSignInToken(ctx, m.ID, token, signInTTL); err != nil {
		return beatdesk.Mail{}, err
	}
	body := fmt.Sprintf(`Hello,

Follow this link within %d minutes to sign in to %s. It works once.

%s/signin/%s

If you did not ask for it, ignore this message: nothing happens unless the
link is followed.
`, int(signInTTL.Minutes()), s.SiteName, s.BaseURL, token)
	return beatdesk.Mail{To: m.Email, Subject: "Your sign-in link for " + s.SiteName, Body: body}, nil
}

// send hands a message to the mail sender; a failure is the reader's
// problem only in that they must try again.
func (s *Site) send(ctx context.Context, msg beatdesk.Mail) error {
	if err := s.Mail.Send(ctx, msg); err != nil {
		return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: "site.send",
			Msg: "we could not send the email just now; please try again in a few minutes", Err: err}
	}
	return nil
}

// tooMany renders the page that says a form was sent too often.
func (s *Site) tooMany(w http.ResponseWriter, r *http.Request) error {
	return s.Render(w, r, http.StatusTooManyRequests, "site/message", "Please wait", message{
		Heading: "Please wait a little",
		Text:    "We have sent several emails from here or to this address in the last few minutes. Wait a quarter of an hour and try again.",
	})
}

// A message is a page that says one thing.
type message struct {
	Heading, Text string
}
