package websub

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A Verification is a hub's GET on our callback: a verification of intent
// (subscribe or unsubscribe) or a denial.
type Verification struct {
	Mode      string
	Topic     string
	Challenge string        // to echo; "" for a denial
	Lease     time.Duration // granted (subscribe); 0 when not given
	Reason    string        // a denial's hub.reason, untrusted text, at most 200 characters
}

// ParseVerification reads a verification's query. It fails, saying what
// is wrong, when the mode is unknown, the topic is missing, or a
// challenge is missing or longer than MaxChallenge. A lease that is not a
// positive number is taken as not given; a longer one than MaxLease as
// MaxLease.
func ParseVerification(q url.Values) (Verification, error) {
	const op = "websub.ParseVerification"
	v := Verification{Mode: q.Get("hub.mode"), Topic: q.Get("hub.topic")}
	switch v.Mode {
	case ModeSubscribe, ModeUnsubscribe:
	case ModeDenied:
		v.Reason = clip(q.Get("hub.reason"), 200)
		if v.Topic == "" {
			return v, fmt.Errorf("%s: a denial without hub.topic", op)
		}
		return v, nil
	default:
		return v, fmt.Errorf("%s: hub.mode must be subscribe, unsubscribe or denied", op)
	}
	if v.Topic == "" {
		return v, fmt.Errorf("%s: hub.topic is missing", op)
	}
	v.Challenge = q.Get("hub.challenge")
	if v.Challenge == "" || len(v.Challenge) > MaxChallenge {
		return v, fmt.Errorf("%s: hub.challenge must be 1 to %d bytes", op, MaxChallenge)
	}
	// Too many digits to parse is longer than MaxLease too.
	secs, err := strconv.ParseUint(strings.TrimSpace(q.Get("hub.lease_seconds")), 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange), err == nil && secs >= uint64(MaxLease/time.Second):
		v.Lease = MaxLease
	case err == nil && secs > 0:
		v.Lease = time.Duration(secs) * time.Second
	}
	return v, nil
}

func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// LooksLikeFeed reports whether a delivery's Content-Type could hold a
// feed: any XML or JSON type (RSS, Atom, JSON Feed and their generic
// forms), or none. Hubs label feeds loosely, so this refuses only what
// is plainly something else (HTML, forms, images).
func LooksLikeFeed(contentType string) bool {
	ct := strings.ToLower(strings.TrimSpace(contentType))
	if ct == "" {
		return true
	}
	ct, _, _ = strings.Cut(ct, ";")
	return strings.Contains(ct, "xml") || strings.Contains(ct, "json") || strings.Contains(ct, "rss") || strings.Contains(ct, "atom")
}
