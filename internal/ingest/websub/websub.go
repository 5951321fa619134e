// Package websub is the subscriber's side of WebSub (W3C Recommendation,
// 23 January 2018) in the parts that need neither network nor database:
// discovering a feed's hub and topic, building the subscription request,
// reading the hub's verification of intent, and checking the signature of
// a delivery. The jobs package sends the requests and stores the
// subscriptions; package web/push answers the hub at /websub/{token}.
//
// The protocol, as beatdesk follows it:
//
//  1. Discovery: a polled feed names its hub and its own canonical URL (the
//     topic) in Link headers or in its own links; see Discover.
//  2. Subscription: beatdesk POSTs hub.mode=subscribe with the topic, a
//     callback URL holding an unguessable token, the lease it wants and a
//     secret of its own (Request).
//  3. Verification of intent: the hub GETs the callback with the mode,
//     the topic, a challenge and the lease granted. The challenge is echoed
//     only when that callback has a subscription for that topic in the
//     state the mode expects (ParseVerification reads the query). A hub
//     may instead, or later, send hub.mode=denied.
//  4. Delivery: the hub POSTs the feed's new content with X-Hub-Signature,
//     an HMAC of the body under our secret (VerifySignature).
//  5. Renewal: before the lease ends beatdesk subscribes again.
//
// beatdesk always sends a secret and always requires the signature: a
// delivery with none, a wrong one or one made with an algorithm outside
// the specification's four is ignored (answered 2xx, as the specification
// allows, so a forger learns nothing, and not processed).
package websub

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Modes of a subscription request and of a verification.
const (
	ModeSubscribe   = "subscribe"
	ModeUnsubscribe = "unsubscribe"
	ModeDenied      = "denied" // the hub refuses or ends a subscription
)

// Limits.
const (
	// MaxBody caps a delivery's body, as fetch caps a polled feed.
	MaxBody = 4 << 20
	// Lease is the lease beatdesk asks for; hubs grant what they like.
	Lease = 7 * 24 * time.Hour
	// MaxLease is the longest granted lease believed; a longer one (or an
	// absurd number) is read as this, so a renewal still happens.
	MaxLease = 365 * 24 * time.Hour
	// MaxChallenge is the longest challenge echoed. Hubs send a few dozen
	// characters; a longer one is refused rather than reflected.
	MaxChallenge = 1024
	// maxSecret: the specification requires hub.secret under 200 bytes.
	maxSecret = 199
)

// A Request is a subscription or unsubscription request to a hub.
type Request struct {
	Mode     string // ModeSubscribe or ModeUnsubscribe
	Hub      string // where the request is sent
	Topic    string // the feed's self URL
	Callback string // our /websub/{token} URL
	Lease    time.Duration
	Secret   string // subscribe only; deliveries are signed with it
}

// Form returns the request's body as the hub expects it. It fails with a
// message saying which field is wrong when the request cannot be sent.
func (r Request) Form() (url.Values, error) {
	const op = "websub.Request"
	if r.Mode != ModeSubscribe && r.Mode != ModeUnsubscribe {
		return nil, fmt.Errorf("%s: mode %q must be subscribe or unsubscribe", op, r.Mode)
	}
	for _, f := range []struct{ name, v string }{{"hub", r.Hub}, {"topic", r.Topic}, {"callback", r.Callback}} {
		if !absoluteHTTP(f.v) {
			return nil, fmt.Errorf("%s: the %s %q must be an absolute http(s) URL", op, f.name, f.v)
		}
	}
	form := url.Values{"hub.mode": {r.Mode}, "hub.topic": {r.Topic}, "hub.callback": {r.Callback}}
	if r.Mode == ModeSubscribe {
		if r.Secret == "" || len(r.Secret) > maxSecret {
			return nil, fmt.Errorf("%s: the secret must be 1 to %d bytes long (it has %d); make one with NewSecret", op, maxSecret, len(r.Secret))
		}
		form.Set("hub.secret", r.Secret)
		if r.Lease > 0 {
			form.Set("hub.lease_seconds", strconv.FormatInt(int64(r.Lease/time.Second), 10))
		}
	}
	return form, nil
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// NewToken returns a callback token: 128 random bits in base32, safe in a
// URL path and impossible to guess.
func NewToken() string { return rand.Text() }

// NewSecret returns a subscription's HMAC secret: 256 random bits, 52
// characters, well under the specification's 200-byte limit.
func NewSecret() string { return rand.Text() + rand.Text() }
