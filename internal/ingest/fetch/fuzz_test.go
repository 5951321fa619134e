package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"strconv"
	"testing"
	"time"
)

// Run each for a minute with, for example:
//
//	go test ./internal/ingest/fetch -run '^$' -fuzz '^FuzzRetryAfter$' -fuzztime 60s

// FuzzRetryAfter: whatever a server puts in Retry-After, the wait is
// between 0 and MaxRetryAfter, and plain seconds are read exactly.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{"", "0", "120", "-5", "+5", "1.5", "99999999999999999999", "9223372037",
		"Wed, 21 Oct 2026 07:28:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
		"Fri, 31 Dec 9999 23:59:59 GMT", " 30 ", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d := retryAfter(v, now)
		if d < 0 || d > MaxRetryAfter {
			t.Fatalf("retryAfter(%q) = %v, outside 0..%v", v, d, MaxRetryAfter)
		}
		if s, err := strconv.ParseUint(v, 10, 32); err == nil && s <= uint64(MaxRetryAfter/time.Second) && d != time.Duration(s)*time.Second {
			t.Fatalf("retryAfter(%q) = %v, want %ds", v, d, s)
		}
	})
}

// FuzzMaxAge: any Cache-Control gives a non-negative age of at most a week.
func FuzzMaxAge(f *testing.F) {
	for _, s := range []string{"max-age=300", "public, max-age=600, s-maxage=60", `max-age="120"`,
		"max-age=-1", "max-age=99999999999999999999", "s-maxage", "=,=,", "MAX-AGE=5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if d := maxAge([]string{v}); d < 0 || d > 7*24*time.Hour {
			t.Fatalf("maxAge(%q) = %v", v, d)
		}
	})
}

// FuzzReadBody feeds any bytes under any Content-Encoding to the decoder:
// it must not panic, never return more than the cap, and with Truncate
// never fail for size.
func FuzzReadBody(f *testing.F) {
	text := []byte("<rss><channel><title>news</title></channel></rss>")
	var gz, zl, raw bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(text)
	gw.Close()
	zw := zlib.NewWriter(&zl)
	zw.Write(text)
	zw.Close()
	fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
	fw.Write(text)
	fw.Close()
	for _, seed := range []struct {
		enc  string
		body []byte
	}{{"", text}, {"gzip", gz.Bytes()}, {"x-gzip", gz.Bytes()}, {"deflate", zl.Bytes()},
		{"deflate", raw.Bytes()}, {"gzip", gz.Bytes()[:10]}, {"deflate", []byte{0x78, 0x9c}}, {"br", text}} {
		f.Add(seed.enc, seed.body, uint16(20), false)
		f.Add(seed.enc, seed.body, uint16(4096), true)
	}
	f.Fuzz(func(t *testing.T, enc string, body []byte, max uint16, truncate bool) {
		limit := int64(max) + 1
		out, cut, err := readBody(enc, bytes.NewReader(body), limit, truncate)
		if int64(len(out)) > limit {
			t.Fatalf("%d bytes returned over a cap of %d", len(out), limit)
		}
		if err != nil && out != nil {
			t.Fatalf("error %v with %d bytes", err, len(out))
		}
		if truncate && errors.Is(err, ErrTooLarge) {
			t.Fatalf("ErrTooLarge with Truncate")
		}
		if cut && int64(len(out)) != limit {
			t.Fatalf("Truncated with %d bytes, cap %d", len(out), limit)
		}
		if (enc == "" || enc == "identity") && err == nil && !bytes.Equal(out, body[:len(out)]) {
			t.Fatalf("identity body changed")
		}
	})
}
