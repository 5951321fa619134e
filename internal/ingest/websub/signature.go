package websub

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"strings"
)

// algorithms are the four the specification lets a hub sign with
// (section 7): sha1 for old hubs, and the SHA-2 family.
var algorithms = map[string]func() hash.Hash{
	"sha1":   sha1.New,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// VerifySignature reports whether header, an X-Hub-Signature value
// "method=hex", is the HMAC of body under secret. It is false for an
// empty secret or header, an unknown method, or hex that does not decode;
// the comparison takes the same time however much of the signature is
// right.
func VerifySignature(secret, header string, body []byte) bool {
	method, sig, ok := strings.Cut(strings.TrimSpace(header), "=")
	newHash := algorithms[strings.ToLower(method)]
	if secret == "" || !ok || newHash == nil {
		return false
	}
	want, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(newHash, []byte(secret))
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), want)
}

// Sign returns the X-Hub-Signature a hub sends for body under secret with
// method (sha1, sha256, sha384 or sha512), or "" for another method. Tests
// play the hub with it.
func Sign(method, secret string, body []byte) string {
	newHash := algorithms[method]
	if newHash == nil {
		return ""
	}
	mac := hmac.New(newHash, []byte(secret))
	mac.Write(body)
	return method + "=" + hex.EncodeToString(mac.Sum(nil))
}
