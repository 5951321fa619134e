// Package password hashes and checks desk users' passwords with argon2id,
// stored in the PHC string format so the parameters travel with each hash
// and can be raised later without breaking old ones.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"beatdesk"
)

// MinLength is the shortest password Hash accepts, in characters.
const MinLength = 10

// maxLength bounds the work one request can ask of the server.
const maxLength = 1024

// The parameters for new hashes: the RFC 9106 / OWASP second choice
// (19 MiB, two passes), which costs about 30 ms on one core here.
const (
	memoryKiB = 19 * 1024
	passes    = 2
	lanes     = 1
	saltLen   = 16
	keyLen    = 32
)

var b64 = base64.RawStdEncoding

// Hash returns an argon2id hash of pw with a fresh random salt, as
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>". A password shorter than
// MinLength characters (or absurdly long) is ErrInvalid.
func Hash(pw string) (string, error) {
	const op = "password.Hash"
	if n := utf8.RuneCountInString(pw); n < MinLength {
		return "", beatdesk.Errorf(beatdesk.ErrInvalid, op, "the password has %d characters; use at least %d", n, MinLength)
	}
	if len(pw) > maxLength {
		return "", beatdesk.Errorf(beatdesk.ErrInvalid, op, "the password is longer than %d bytes; use a shorter one", maxLength)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("%s: reading random salt: %w", op, err)
	}
	key := argon2.IDKey([]byte(pw), salt, passes, memoryKiB, lanes, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memoryKiB, passes, lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Check reports whether pw matches hash. A malformed hash, or one whose
// parameters are out of any sane range, never matches. The comparison of
// the derived keys takes constant time.
func Check(hash, pw string) bool {
	p, ok := parse(hash)
	if !ok || len(pw) > maxLength {
		return false
	}
	key := argon2.IDKey([]byte(pw), p.salt, p.t, p.m, p.p, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

type params struct {
	m, t      uint32
	p         uint8
	salt, key []byte
}

func parse(hash string) (params, bool) {
	var p params
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.m, &p.t, &p.p); err != nil {
		return p, false
	}
	// A hash from our own database should never ask for more than this;
	// refusing it keeps a tampered row from tying up the server.
	if p.m < 8 || p.m > 1<<20 || p.t < 1 || p.t > 16 || p.p < 1 || p.p > 16 {
		return p, false
	}
	var err1, err2 error
	p.salt, err1 = b64.DecodeString(parts[4])
	p.key, err2 = b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(p.salt) < 8 || len(p.key) < 16 || len(p.key) > 64 {
		return p, false
	}
	return p, true
}
