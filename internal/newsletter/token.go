package newsletter

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"beatdesk"
)

// KeyName names the site key (store.SiteKey) that signs the newsletter's
// links.
const KeyName = "newsletter"

// What a signed link lets its holder do.
const (
	ActUnsubscribe = "u" // leave one list
	ActPreferences = "p" // see and change what one receives
)

// A Token is what a signed link carries: a reader, an action, and for an
// unsubscribe link the list it leaves: "daily", or "weekly:" and a
// correspondent's slug. Links do not expire: an unsubscribe link must
// work in an old message.
type Token struct {
	MemberID int64
	Action   string
	List     string
}

var listPattern = regexp.MustCompile(`^(daily|weekly:[a-z0-9]+(-[a-z0-9]+)*)?$`)

// ListOf names the list a digest issue belongs to.
func ListOf(kind, beat string) string {
	if kind == Weekly {
		return "weekly:" + beat
	}
	return "daily"
}

// Sign returns t as a URL-safe string signed with key (HMAC-SHA256).
func Sign(key []byte, t Token) string {
	payload := fmt.Sprintf("%s|%d|%s", t.Action, t.MemberID, t.List)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + mac(key, payload)
}

// Read checks a signed string and returns its token; anything altered,
// truncated or signed with another key is ErrForbidden.
func Read(key []byte, s string) (Token, error) {
	const op = "newsletter.Read"
	bad := beatdesk.Errorf(beatdesk.ErrForbidden, op,
		"this link is damaged or not one of ours; open the link in the newsletter again, or copy all of it into the address bar")
	enc, sig, ok := strings.Cut(s, ".")
	if !ok {
		return Token{}, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(sig), []byte(mac(key, string(raw)))) {
		return Token{}, bad
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || (parts[0] != ActUnsubscribe && parts[0] != ActPreferences) || !listPattern.MatchString(parts[2]) {
		return Token{}, bad
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return Token{}, bad
	}
	return Token{MemberID: id, Action: parts[0], List: parts[2]}, nil
}

func mac(key []byte, payload string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("beatdesk newsletter link v1\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}
