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

// mailSignInLink stores a sign-in token for the reader and writes them
// the email that carries it. A newsletter sign-up (confirm) gets the
// same single-use link, worded as the confirmation it is. The caller
// sends the message after the transaction commits.
func (s *Site) mailSignInLink(ctx context.Context, tx *store.Tx, m beatdesk.Member, confirm bool) (beatdesk.Mail, error) {
	token := newToken()
	if err := tx.AddSignInToken(ctx, m.ID, token, signInTTL); err != nil {
		return beatdesk.Mail{}, err
	}
	link := s.BaseURL + "/signin/" + token
	minutes := int(signInTTL.Minutes())
	if confirm {
		body := fmt.Sprintf(`Hello,

Someone, we hope you, asked to receive the %s newsletter at this address.
Follow this link within %d minutes to confirm. It works once, and it also
signs you in, so you see the direct links to every source we cite.

%s

If it was not you, ignore this message: without the link followed, this
address receives nothing from us.
`, s.SiteName, minutes, link)
		return beatdesk.Mail{To: m.Email, Subject: "Confirm your subscription to " + s.SiteName, Body: body}, nil
	}
	body := fmt.Sprintf(`Hello,

Follow this link within %d minutes to sign in to %s. It works once.

%s

If you did not ask for it, ignore this message: nothing happens unless the
link is followed.
`, minutes, s.SiteName, link)
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
