package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// bomb returns size bytes of zeros (a whole number of MiB, at least 3)
// compressed with enc; 64 MiB become about 64 KiB. Compressing 64 MiB takes
// seconds under -race, so only 3 MiB are compressed: once the window is
// all zeros, the deflate output for each further MiB is the same bytes, so
// that chunk is repeated (the test checks it is) and the gzip and zlib
// frames are written by hand around the stream.
func bomb(t *testing.T, enc string, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	zero := make([]byte, 1<<20)
	next := func() []byte { // one more MiB, flushed to a byte boundary
		buf.Reset()
		w.Write(zero)
		w.Flush()
		return bytes.Clone(buf.Bytes())
	}
	head, chunk := next(), next()
	if again := next(); !bytes.Equal(chunk, again) {
		t.Fatal("deflate output for a MiB of zeros is not periodic; build the bomb another way")
	}
	buf.Reset()
	w.Close()
	stream := slices.Concat(head, bytes.Repeat(chunk, size>>20-1), buf.Bytes())

	switch enc {
	case "gzip": // RFC 1952: header, deflate, CRC-32 and size of the content
		crc := crc32.NewIEEE()
		for range size >> 20 {
			crc.Write(zero)
		}
		out := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff}, stream...)
		out = binary.LittleEndian.AppendUint32(out, crc.Sum32())
		return binary.LittleEndian.AppendUint32(out, uint32(size))
	case "deflate": // RFC 1950: header, deflate, Adler-32 of the content
		// For n zeros Adler-32's sums are a = 1 and b = n mod 65521.
		out := append([]byte{0x78, 0xda}, stream...)
		return binary.BigEndian.AppendUint32(out, uint32(size%65521)<<16|1)
	}
	return stream // raw deflate, which some servers send as "deflate"
}

// TestBombIsValid checks the hand-built bombs against the standard readers.
func TestBombIsValid(t *testing.T) {
	const size = 4 << 20
	readers := map[string]func(io.Reader) (io.Reader, error){
		"gzip":        func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		"deflate":     func(r io.Reader) (io.Reader, error) { return zlib.NewReader(r) },
		"raw-deflate": func(r io.Reader) (io.Reader, error) { return flate.NewReader(r), nil },
	}
	for enc, open := range readers {
		r, err := open(bytes.NewReader(bomb(t, enc, size)))
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		n, err := io.Copy(io.Discard, r) // checks CRC-32 and Adler-32 at the end
		if err != nil || n != size {
			t.Errorf("%s: %d bytes, err %v; want %d", enc, n, err, size)
		}
	}
}

// TestBombsStopAtCap sends gzip, zlib and raw deflate bombs that expand to
// 64 MiB and measures what the client allocates reading them: bounded by a
// few times the 5 MiB cap, not by what the bomb expands to. (Measured: 10.6
// MiB, about twice the cap, from io.ReadAll's doubling buffer; 21 MiB
// under -race.)
func TestBombsStopAtCap(t *testing.T) {
	const expands = 64 << 20
	for _, enc := range []string{"gzip", "deflate", "raw-deflate"} {
		t.Run(enc, func(t *testing.T) {
			body := bomb(t, enc, expands)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", strings.TrimPrefix(enc, "raw-"))
				w.Write(body)
			}))
			defer srv.Close()
			c := testClient(Options{})

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: PageMax})
			runtime.ReadMemStats(&after)

			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 5 MiB after decompression") {
				t.Fatalf("err = %v, want ErrTooLarge at 5 MiB", err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %d KiB on the wire, %d MiB expanded, %.1f MiB allocated", enc, len(body)>>10, expands>>20, float64(alloc)/(1<<20))
			if alloc > 5*PageMax {
				t.Errorf("allocated %.1f MiB for a %d MiB cap", float64(alloc)/(1<<20), PageMax>>20)
			}
		})
	}
}

// TestTruncate: with Request.Truncate a body over the cap is cut, not
// refused; a body at the cap is whole.
func TestTruncate(t *testing.T) {
	body := bomb(t, "gzip", 8<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/small" {
			w.Write(bytes.Repeat([]byte("a"), 1000))
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(body)
	}))
	defer srv.Close()
	c := testClient(Options{})
	resp, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: 500 << 10, Truncate: true})
	if err != nil || !resp.Truncated || len(resp.Body) != 500<<10 {
		t.Fatalf("resp %+v err %v, want the first 500 KiB, Truncated", resp, err)
	}
	resp, err = c.Get(context.Background(), Request{URL: srv.URL + "/small", MaxBytes: 1000, Truncate: true})
	if err != nil || resp.Truncated || len(resp.Body) != 1000 {
		t.Errorf("at the cap: Truncated %v, %d bytes, err %v", resp.Truncated, len(resp.Body), err)
	}
}

// TestEndlessAnswersStopAtTheTimeout: a server that never sends headers,
// one that sends headers and then nothing, and one that sends forever
// faster than the cap are all cut off, by the total timeout or the cap.
func TestEndlessAnswersStopAtTheTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/no-headers":
			<-r.Context().Done()
		case "/silent-body":
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case "/firehose":
			chunk := bytes.Repeat([]byte("<item/>"), 4096)
			for {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	}))
	defer srv.Close()
	c := testClient(Options{Timeout: 300 * time.Millisecond, MaxBytes: 1 << 20})
	for path, want := range map[string]string{
		"/no-headers":  "waiting for the answer",
		"/silent-body": "reading the body",
	} {
		start := time.Now()
		_, err := c.Get(context.Background(), Request{URL: srv.URL + path})
		if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want ErrTimeout while %s", path, err, want)
		}
		if d := time.Since(start); d < 250*time.Millisecond || d > 3*time.Second {
			t.Errorf("%s: gave up after %v with a 300ms timeout", path, d)
		}
	}
	// Two timeouts running cool the host down, so the last question goes
	// through a new client.
	c = testClient(Options{Timeout: 300 * time.Millisecond, MaxBytes: 1 << 20})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/firehose"}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("/firehose: err = %v, want ErrTooLarge", err)
	}
}
