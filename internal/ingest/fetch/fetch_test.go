package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testClient may reach loopback servers and is not rate limited in practice.
func testClient(o Options) *Client {
	o.AllowLoopback = true
	if o.HostRate == 0 {
		o.HostRate = 1000
		o.HostBurst = 1000
	}
	if o.UserAgent == "" {
		o.UserAgent = "beatdesk-test (+https://example.org/contact)"
	}
	return New(o)
}

func TestGetSendsHeadersAndReturnsBody(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()

	resp, err := testClient(Options{}).Get(context.Background(), Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<rss/>" || resp.Status != 200 || resp.NotModified {
		t.Errorf("resp = %+v", resp)
	}
	if resp.ETag != `"v1"` || resp.LastModified != "Mon, 02 Jan 2006 15:04:05 GMT" || !strings.HasPrefix(resp.ContentType, "application/rss+xml") {
		t.Errorf("validators/content type not kept: %+v", resp)
	}
	if resp.URL != srv.URL+"/feed" || resp.FetchedAt.IsZero() {
		t.Errorf("URL %q FetchedAt %v", resp.URL, resp.FetchedAt)
	}
	if ua := got.Get("User-Agent"); !strings.Contains(ua, "beatdesk") {
		t.Errorf("User-Agent %q", ua)
	}
	if ae := got.Get("Accept-Encoding"); ae != "gzip, deflate" {
		t.Errorf("Accept-Encoding %q", ae)
	}
	if got.Get("If-None-Match") != "" || got.Get("If-Modified-Since") != "" {
		t.Errorf("conditional headers sent without validators: %v", got)
	}
}

func TestConditionalGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Mon, 02 Jan 2006 15:04:05 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "changed")
	}))
	defer srv.Close()
	c := testClient(Options{})
	resp, err := c.Get(context.Background(), Request{URL: srv.URL, ETag: `"v1"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT"})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified || resp.Status != 304 || resp.Body != nil {
		t.Errorf("want NotModified, got %+v", resp)
	}
	if resp.ETag != `"v1"` {
		t.Errorf("304 without validators should keep the old ones, got ETag %q", resp.ETag)
	}
	resp, err = c.Get(context.Background(), Request{URL: srv.URL, ETag: `"v0"`})
	if err != nil || resp.NotModified || string(resp.Body) != "changed" {
		t.Errorf("stale ETag: resp %+v err %v", resp, err)
	}
}

func TestStatusError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := testClient(Options{})

	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/gone"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 {
		t.Fatalf("err = %v, want *StatusError 404", err)
	}
	if want := "HTTP 404 Not Found from " + srv.URL + "/gone"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/busy"})
	if !errors.As(err, &se) || se.Code != 429 || se.RetryAfter != 2*time.Minute {
		t.Fatalf("err = %v, want 429 with RetryAfter 2m", err)
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	if d := retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now); d != 90*time.Second {
		t.Errorf("date form: %v", d)
	}
	for _, v := range []string{"", "soon", "-5", now.Add(-time.Hour).Format(http.TimeFormat)} {
		if d := retryAfter(v, now); d != 0 {
			t.Errorf("retryAfter(%q) = %v, want 0", v, d)
		}
	}
}

func TestDecompression(t *testing.T) {
	want := strings.Repeat("<item>news</item>", 1000)
	encoders := map[string]func(*bytes.Buffer) io.WriteCloser{
		"gzip":    func(b *bytes.Buffer) io.WriteCloser { return gzip.NewWriter(b) },
		"deflate": func(b *bytes.Buffer) io.WriteCloser { return zlib.NewWriter(b) },
		"raw-deflate": func(b *bytes.Buffer) io.WriteCloser {
			w, _ := flate.NewWriter(b, flate.DefaultCompression)
			return w
		},
	}
	for name, enc := range encoders {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			w := enc(&buf)
			w.Write([]byte(want))
			w.Close()
			header := strings.TrimPrefix(name, "raw-")
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", header)
				w.Write(buf.Bytes())
			}))
			defer srv.Close()
			resp, err := testClient(Options{}).Get(context.Background(), Request{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != want {
				t.Errorf("body: got %d bytes, want %d", len(resp.Body), len(want))
			}
		})
	}
}

func TestUnknownEncodingRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte("xx"))
	}))
	defer srv.Close()
	_, err := testClient(Options{}).Get(context.Background(), Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), `Content-Encoding "br"`) {
		t.Errorf("err = %v", err)
	}
}

func TestGzipBombStopsAtCap(t *testing.T) {
	// 64 MiB of zeros compresses to about 64 KiB.
	body := bomb(t, "gzip", 64<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(body)
	}))
	defer srv.Close()
	c := testClient(Options{})

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: PageMax})
	runtime.ReadMemStats(&after)

	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "page larger than 5 MiB after decompression") || !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("message %q", err)
	}
	// Reading stops at the cap: io.ReadAll's doubling buffer costs about
	// twice the cap (more under -race), far below the 64 MiB the bomb
	// expands to, and less than half of it.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("allocated %d MiB for a %d MiB cap", alloc>>20, PageMax>>20)
	}
}

func TestPlainBodyOverCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 2048))
	}))
	defer srv.Close()
	c := testClient(Options{MaxBytes: 1024})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1 KiB") {
		t.Errorf("err = %v", err)
	}
	if resp, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: 2048}); err != nil || len(resp.Body) != 2048 {
		t.Errorf("exactly at the cap should pass: %v", err)
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	start := time.Now()
	_, err := testClient(Options{Timeout: 300 * time.Millisecond}).Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "reading the body") {
		t.Fatalf("err = %v, want ErrTimeout while reading the body", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v for a 300ms timeout", d)
	}
}

func TestRedirects(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/final":
			fmt.Fprint(w, "here")
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			var n int
			fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
			if n == 0 {
				http.Redirect(w, r, "/final", http.StatusFound)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
		case r.URL.Path == "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case r.URL.Path == "/to-reserved":
			// 0.0.0.0 is "this network": refused even with AllowLoopback.
			http.Redirect(w, r, "http://0.0.0.0:"+srv.URL[strings.LastIndex(srv.URL, ":")+1:]+"/final", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := testClient(Options{})

	resp, err := c.Get(context.Background(), Request{URL: srv.URL + "/hop/4"}) // 5 redirects
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != srv.URL+"/final" || string(resp.Body) != "here" {
		t.Errorf("final URL %q body %q", resp.URL, resp.Body)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/hop/5"}); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("6 redirects: err = %v", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/to-file"}); !errors.Is(err, ErrRefused) {
		t.Errorf("redirect to file: err = %v", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/to-reserved"}); !errors.Is(err, ErrRefused) {
		t.Errorf("redirect to 0.0.0.0: err = %v", err)
	}
}

func TestLoopbackRefusedByDefault(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = true }))
	defer srv.Close()
	_, err := New(Options{}).Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("err = %v, want ErrRefused naming the address", err)
	}
	if hit {
		t.Error("the server was reached")
	}
}

// TestGuard checks the dial-time rule on addresses directly: it runs before
// connect(2), so nothing is sent anywhere.
func TestGuard(t *testing.T) {
	refused := []string{
		"127.0.0.1:80", "[::1]:443", "10.1.2.3:80", "172.16.0.1:443", "192.168.1.1:80",
		"169.254.169.254:80", "100.64.0.1:80", "0.0.0.0:80", "[fe80::1]:80", "[fc00::1]:443",
		"[64:ff9b::a00:1]:80", "[2002:a00:1::]:80", "[::ffff:10.0.0.1]:80", "[::ffff:127.0.0.1]:80",
		"224.0.0.1:80", "255.255.255.255:80", "198.18.0.1:80", "93.184.216.34:22",
	}
	strict := guard(false)
	for _, a := range refused {
		if err := strict("tcp4", a, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("guard(%s) = %v, want refused", a, err)
		}
	}
	for _, a := range []string{"93.184.216.34:80", "93.184.216.34:443", "[2606:2800:220:1::1]:443", "8.8.8.8:8080"} {
		if err := strict("tcp4", a, nil); err != nil {
			t.Errorf("guard(%s) = %v, want allowed", a, err)
		}
	}

	loose := guard(true)
	for _, a := range []string{"127.0.0.1:34567", "127.8.9.10:80", "[::1]:8081"} {
		if err := loose("tcp4", a, nil); err != nil {
			t.Errorf("AllowLoopback guard(%s) = %v, want allowed", a, err)
		}
	}
	for _, a := range []string{"10.1.2.3:80", "192.168.1.1:80", "169.254.169.254:80", "0.0.0.0:80"} {
		if err := loose("tcp4", a, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("AllowLoopback guard(%s) = %v, want refused", a, err)
		}
	}
}

func TestBadURL(t *testing.T) {
	c := testClient(Options{})
	for _, u := range []string{"", "ftp://example.com/", "example.com/feed", "http:///x"} {
		if _, err := c.Get(context.Background(), Request{URL: u}); err == nil || !strings.Contains(err.Error(), "not an http(s) URL") {
			t.Errorf("Get(%q) err = %v", u, err)
		}
	}
}

func TestPerHostRate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := testClient(Options{HostRate: 20, HostBurst: 2})
	start := time.Now()
	for range 6 { // 2 at once, then 4 at 50 ms intervals
		if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 180*time.Millisecond {
		t.Errorf("6 requests at 20/s burst 2 took %v, want >= 200ms", d)
	}
}

func TestCallerDeadlineWhileWaitingForHost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := testClient(Options{HostRate: 0.01, HostBurst: 1})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("err = %v, want a rate-limit wait error", err)
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
