package site

import (
	"bytes"
	"errors"
	"testing"
)

// TestRenderedArticleEncoding: a kept page reads back as it was written,
// and a damaged one is refused rather than served in pieces.
func TestRenderedArticleEncoding(t *testing.T) {
	a := renderedArticle{headline: "Port strike", region: "europe", persona: "p",
		head: []byte("<meta>"), main: []byte("<p>x\x00gate\x00</p>"), members: []byte("members only"),
		gateSignedIn: []byte("join"), gateSignedOut: []byte("join or sign in"), sourcesLinks: []byte("<a>"), sourcesNames: nil}
	b := a.encode()
	got, err := decodeArticle(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.headline != a.headline || got.region != a.region || got.persona != a.persona {
		t.Errorf("strings: got %q %q %q", got.headline, got.region, got.persona)
	}
	want, have := a.fields(), got.fields()
	for i := range want {
		if !bytes.Equal(*want[i], *have[i]) {
			t.Errorf("part %d: got %q, want %q", i, *have[i], *want[i])
		}
	}
	for _, bad := range [][]byte{b[:len(b)-1], append(b[:len(b):len(b)], 0), {0xff}} {
		if _, err := decodeArticle(bad); !errors.Is(err, errParts) {
			t.Errorf("damaged parts (%d bytes): %v, want errParts", len(bad), err)
		}
	}
}

// TestFill: holes are filled in order and the text between them kept.
func TestFill(t *testing.T) {
	var b bytes.Buffer
	var holes []string
	Fill(&b, []byte("a\x00one\x00b\x00two\x00c"), func(name string, b *bytes.Buffer) {
		holes = append(holes, name)
		b.WriteString("[" + name + "]")
	})
	if b.String() != "a[one]b[two]c" || len(holes) != 2 {
		t.Errorf("Fill wrote %q, holes %q", b.String(), holes)
	}
}
