package password

import (
	"errors"
	"strings"
	"testing"

	"beatdesk"
)

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not in the PHC argon2id format", h)
	}
	if !Check(h, "correct horse battery") {
		t.Error("the right password was refused")
	}
	for _, wrong := range []string{"correct horse batterY", "", "correct horse battery "} {
		if Check(h, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	// A fresh salt each time: the same password never hashes the same.
	h2, _ := Hash("correct horse battery")
	if h2 == h {
		t.Error("two hashes of one password are equal; the salt is not random")
	}
}

func TestShortPasswordRefused(t *testing.T) {
	_, err := Hash("ñandú1234") // 9 characters, 11 bytes
	if !errors.Is(err, beatdesk.ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
	if msg := beatdesk.Message(err); !strings.Contains(msg, "at least 10") {
		t.Errorf("message %q does not say how long a password must be", msg)
	}
	if _, err := Hash("ñandú12345"); err != nil {
		t.Errorf("10 characters refused: %v", err)
	}
}

func TestMalformedHashNeverMatches(t *testing.T) {
	good, _ := Hash("correct horse battery")
	parts := strings.Split(good, "$")
	for _, h := range []string{
		"",
		"plaintext",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "m=19456", "m=99999999", 1), // absurd memory
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Join(parts[:5], "$"),
		strings.Join(append(parts[:5:5], "!!notbase64"), "$"),
	} {
		if Check(h, "correct horse battery") {
			t.Errorf("malformed hash %q matched", h)
		}
	}
}
