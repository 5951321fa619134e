// Package fetch downloads feeds and pages from strangers' servers, politely
// and safely.
//
// Safety: every connection's address is checked when it is made (including
// after each redirect and after every DNS answer, so DNS rebinding does not
// help), and loopback, private, link-local, CGNAT, NAT64, 6to4 and other
// special-purpose addresses are refused; only ports 80, 443, 8080 and 8443
// are dialled. Bodies are decompressed here, not by net/http, so the size
// cap applies to the decompressed bytes: a gzip bomb stops at the cap.
// Every request has a total deadline, so a server that trickles bytes
// forever is cut off.
//
// Politeness: a User-Agent that names beatdesk and its operator,
// conditional requests when validators are known, at most PerHost requests
// in flight per host and a per-host rate limit. A host that answers 429 or
// 503 with Retry-After is asked nothing more, feed or page, until that
// time has passed; one whose requests keep timing out is left
// alone for a short, growing cool-down. A redirect to another host is a
// request to that host: it needs one of that host's slots and its rate
// limit, so many feeds redirecting to one server cannot crowd it.
//
// A caller that must not wait (a queued job holding a worker) sets
// Request.NoWait and gets a *BusyError saying how long to wait instead;
// Delay answers the same question without asking for anything.
package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
)

// Size caps, measured after decompression.
const (
	FeedMax = 4 << 20
	PageMax = 5 << 20
)

// Defaults for zero Options fields.
const (
	DefaultTimeout   = 20 * time.Second
	DefaultPerHost   = 2
	DefaultHostRate  = 1.0 // requests per second per host
	DefaultHostBurst = 4
	connectTimeout   = 5 * time.Second
	maxRedirects     = 5
)

// MaxRetryAfter is the longest wait a Retry-After header is read as. A
// longer one (or one too large to represent) is clamped: the scheduler has
// its own, shorter ceiling, and a hostile value must not overflow.
const MaxRetryAfter = 7 * 24 * time.Hour

// Options configure a Client. The zero value of each field means its default.
type Options struct {
	UserAgent     string        // names beatdesk and the operator's contact URL
	AllowLoopback bool          // permit 127.0.0.0/8 and ::1 (demo and tests only)
	Timeout       time.Duration // total per request, body included (default 20s); connecting is capped at 5s
	MaxBytes      int64         // cap after decompression when a Request sets none (default PageMax)
	PerHost       int           // requests in flight per host (default 2)
	HostRate      float64       // requests per second per host (default 1)
	HostBurst     int           // requests a host may receive at once after a quiet spell (default 4)
	// Resolver looks up host names (nil: the system's). Every address it
	// returns is still checked when connecting; tests use it to play a DNS
	// server whose answers change.
	Resolver *net.Resolver
}

// A Request names what to get and the validators from the last fetch.
type Request struct {
	URL          string
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
	MaxBytes     int64  // 0: the client's MaxBytes
	// Truncate returns the first MaxBytes bytes of a longer body (and sets
	// Response.Truncated) instead of failing with ErrTooLarge; robots.txt is
	// read this way, since only its first 500 KiB count.
	Truncate bool
	// NoWait makes Get return a *BusyError at once, instead of waiting,
	// when the host (or a host a redirect leads to) has no free slot or no
	// rate budget left. A queued job uses it to give its worker back and
	// come back later, rather than sit waiting for one slow host.
	NoWait bool
}

// A Response is a successful (2xx) or not-modified (304) answer.
type Response struct {
	URL          string // final URL after redirects
	Status       int
	Body         []byte // decompressed; nil when NotModified
	ContentType  string
	ETag         string
	LastModified string
	NotModified  bool
	Truncated    bool          // the body was cut at the cap (only with Request.Truncate)
	RetryAfter   time.Duration // from a Retry-After header, 0 if none
	MaxAge       time.Duration // from Cache-Control max-age (s-maxage preferred), 0 if none
	Links        []string      // the Link header's values, unparsed (WebSub discovery reads them)
	FetchedAt    time.Time
}

// StatusError is returned for an answer that is neither 2xx nor 304.
type StatusError struct {
	URL        string
	Code       int
	RetryAfter time.Duration // how long the server asked us to wait (429, 503), 0 if it did not say
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("HTTP %d %s from %s", e.Code, http.StatusText(e.Code), e.URL)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Errors to branch on with errors.Is.
var (
	// ErrTooLarge: the decompressed body passed the size cap.
	ErrTooLarge = errors.New("response too large")
	// ErrRefused: the address is one we never connect to (private,
	// loopback, reserved) or the port or scheme is not allowed.
	ErrRefused = errors.New("address refused")
	// ErrTimeout: the request did not finish within the total timeout.
	ErrTimeout = errors.New("timed out")
)

// A Client fetches with the limits of its Options. It is safe for
// concurrent use; make one per process.
type Client struct {
	opts  Options
	http  *http.Client
	mu    sync.Mutex
	hosts map[string]*hostGate // by hostKey
}

// New returns a Client.
func New(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = PageMax
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.HostRate <= 0 {
		o.HostRate = DefaultHostRate
	}
	if o.HostBurst <= 0 {
		o.HostBurst = DefaultHostBurst
	}
	if o.UserAgent == "" {
		o.UserAgent = "beatdesk/1.0 (news monitoring; operator contact not configured)"
	}
	c := &Client{opts: o, hosts: map[string]*hostGate{}}
	dialer := &net.Dialer{
		Timeout:   connectTimeout,
		KeepAlive: 30 * time.Second,
		Control:   guard(o.AllowLoopback),
		Resolver:  o.Resolver,
	}
	transport := &http.Transport{
		Proxy:                  nil, // a proxy would connect for us, past the address check
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		DisableCompression:     true, // we decompress, so the cap counts decompressed bytes
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    o.PerHost,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	c.http = &http.Client{Transport: transport, CheckRedirect: c.checkRedirect}
	return c
}

// guard returns the dialer's Control function: it sees the address actually
// being connected to, after DNS, for the first request and every redirect.
func guard(allowLoopback bool) func(network, address string, _ syscall.RawConn) error {
	addrs := ssrf.New(ssrf.WithAnyPort()) // ports are checked below, after the address
	return func(network, address string, rc syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: cannot read address %q", ErrRefused, address)
		}
		if allowLoopback && ap.Addr().Unmap().IsLoopback() {
			return nil // any port: test servers listen on random ones
		}
		if err := addrs.Safe(network, address, rc); err != nil {
			return fmt.Errorf("%w: %w; beatdesk never connects to private, loopback or reserved addresses", ErrRefused, err)
		}
		switch ap.Port() {
		case 80, 443, 8080, 8443:
			return nil
		}
		return fmt.Errorf("%w: port %d; beatdesk connects only to ports 80, 443, 8080 and 8443", ErrRefused, ap.Port())
	}
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: redirect to a %q URL; only http and https are followed", ErrRefused, req.URL.Scheme)
	}
	// A redirect to another host is a request to that host: it needs one
	// of that host's slots and its rate limit, and is refused while that
	// host asked to be left alone. The previous host has answered, so its
	// slot is handed back first; holding one slot at a time means two
	// hosts redirecting to each other cannot deadlock.
	next := c.gate(req.URL)
	h, ok := req.Context().Value(holdKey{}).(*hold)
	if !ok || h.gate == next {
		if ok && h.noWait {
			if wait, ok := next.token(time.Now()); !ok {
				return &BusyError{URL: req.URL.String(), Host: next.key, Wait: wait, Reason: "rate limit reached"}
			}
			return nil
		}
		return next.limit.Wait(req.Context())
	}
	h.release(outcome{answered: true, status: req.Response.StatusCode})
	if h.noWait {
		wait, why, ok := next.try(time.Now())
		if !ok {
			return &BusyError{URL: req.URL.String(), Host: next.key, Wait: wait, Reason: why}
		}
	} else if err := next.acquire(req.Context(), req.URL.String(), c.opts.Timeout); err != nil {
		return err
	}
	h.gate, h.start = next, time.Now()
	return nil
}

// hold is the host slot one Get holds; a redirect to another host swaps it.
// Only the goroutine running the Get touches it (net/http calls
// CheckRedirect on the caller's goroutine).
type hold struct {
	gate   *hostGate
	start  time.Time
	noWait bool
}

type holdKey struct{}

// release hands the slot back, telling the gate how the request went.
func (h *hold) release(o outcome) {
	if h.gate != nil {
		now := time.Now()
		o.took = now.Sub(h.start)
		h.gate.release(o, now)
		h.gate = nil
	}
}

// Get fetches r.URL. It returns a Response for 2xx and 304 answers, a
// *StatusError for any other status, and otherwise an error wrapping
// ErrRefused, ErrTooLarge or ErrTimeout where one applies. Every error
// names the URL.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	return c.do(ctx, r, nil)
}

// Post sends form to rawURL as application/x-www-form-urlencoded, the way
// a WebSub subscriber asks a hub for a subscription, under the same
// address checks, host limits, timeout and size cap as Get. The answer's
// body is read up to 64 KiB (hubs explain a refusal there) and cut, not
// refused, beyond. Errors are as Get's.
func (c *Client) Post(ctx context.Context, rawURL string, form url.Values) (*Response, error) {
	return c.do(ctx, Request{URL: rawURL, MaxBytes: 64 << 10, Truncate: true}, form)
}

// do sends a GET, or with form non-nil a POST of the form.
func (c *Client) do(ctx context.Context, r Request, form url.Values) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch %q: not an http(s) URL with a host", r.URL)
	}
	max := r.MaxBytes
	if max <= 0 {
		max = c.opts.MaxBytes
	}

	// Waiting for the host's turn uses the caller's deadline; the total
	// timeout starts when our request does. With NoWait there is no
	// waiting: a host that is not ready is a *BusyError.
	g := c.gate(u)
	if r.NoWait {
		if wait, why, ok := g.try(time.Now()); !ok {
			return nil, &BusyError{URL: r.URL, Host: g.key, Wait: wait, Reason: why}
		}
	} else if err := g.acquire(ctx, r.URL, c.opts.Timeout); err != nil {
		var busy *BusyError
		if errors.As(err, &busy) {
			return nil, err
		}
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	h := &hold{gate: g, start: time.Now(), noWait: r.NoWait}
	var result outcome
	defer func() { h.release(result) }() // whichever host's slot is held by then
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	ctx = context.WithValue(ctx, holdKey{}, h)

	method, payload := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, payload = http.MethodPost, strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), payload)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		var busy *BusyError
		if errors.As(err, &busy) {
			return nil, busy // a redirect led to a host that is not ready
		}
		result.timedOut = isTimeout(err) // before wrap, which keeps only ErrTimeout
		return nil, c.wrap(ctx, r.URL, "waiting for the answer", err)
	}
	defer resp.Body.Close()
	result = outcome{answered: true, status: resp.StatusCode}

	out := &Response{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		RetryAfter:   retryAfter(resp.Header.Get("Retry-After"), time.Now()),
		MaxAge:       maxAge(resp.Header.Values("Cache-Control")),
		Links:        resp.Header.Values("Link"),
		FetchedAt:    time.Now(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		// A 304 need not repeat the validators; the old ones still hold.
		if out.ETag == "" {
			out.ETag = r.ETag
		}
		if out.LastModified == "" {
			out.LastModified = r.LastModified
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		result.retryAfter = out.RetryAfter
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return nil, &StatusError{URL: out.URL, Code: resp.StatusCode, RetryAfter: out.RetryAfter}
	}

	body, truncated, err := readBody(resp.Header.Get("Content-Encoding"), resp.Body, max, r.Truncate)
	if err != nil {
		// A body that trickles past the deadline is a timeout like no answer.
		result = outcome{timedOut: isTimeout(err) || errors.Is(ctx.Err(), context.DeadlineExceeded)}
		return nil, c.wrap(ctx, out.URL, "reading the body", err)
	}
	out.Body, out.Truncated = body, truncated
	return out, nil
}

// wrap names the URL and the step, and turns a deadline into ErrTimeout.
func (c *Client) wrap(ctx context.Context, rawURL, step string, err error) error {
	if errors.Is(err, ErrRefused) {
		return fmt.Errorf("fetch %s: %w", rawURL, unwrapURLError(err))
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("fetch %s: %w after %s while %s: the server is too slow or sends without end", rawURL, ErrTimeout, c.opts.Timeout, step)
	}
	return fmt.Errorf("fetch %s: %s: %w", rawURL, step, unwrapURLError(err))
}

// isTimeout reports whether err is the request's deadline or a network
// timeout (connecting, say).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// unwrapURLError drops net/http's *url.Error layer, which would repeat the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// readBody decompresses body per its Content-Encoding and reads at most max
// bytes of the result. With truncate, a longer body is cut at max instead of
// failing with ErrTooLarge.
func readBody(encoding string, body io.Reader, max int64, truncate bool) ([]byte, bool, error) {
	r := body
	switch enc := strings.ToLower(strings.TrimSpace(encoding)); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, false, fmt.Errorf("bad gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		// "deflate" means zlib-wrapped, but some servers send raw deflate.
		br := bufio.NewReader(body)
		if head, err := br.Peek(2); err == nil && isZlibHeader(head) {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, false, fmt.Errorf("bad deflate body: %w", err)
			}
			defer zr.Close()
			r = zr
		} else {
			fr := flate.NewReader(br)
			defer fr.Close()
			r = fr
		}
	default:
		return nil, false, fmt.Errorf("the server used Content-Encoding %q, which we did not ask for", enc)
	}
	out, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(out)) > max {
		if truncate {
			return out[:max], true, nil
		}
		return nil, false, fmt.Errorf("%w: page larger than %s after decompression", ErrTooLarge, sizeString(max))
	}
	return out, false, nil
}

func isZlibHeader(b []byte) bool {
	return b[0]&0x0f == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0
}

func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if isDigits(v) {
		// Too many digits to parse is too long to wait.
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil || s > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now).Round(time.Second), MaxRetryAfter)
	}
	return 0
}

// isDigits reports whether v is delay-seconds: one or more ASCII digits
// (RFC 9110, section 10.2.3), so "+5" and "-5" are not.
func isDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
}

// maxAge reads how long a response may be cached, which is also how soon
// the publisher would like to be asked again: s-maxage (meant for shared
// caches, which a newsroom polling for many readers is) over max-age. It
// caps the answer at a week and ignores values it cannot read.
func maxAge(cacheControl []string) time.Duration {
	var age, shared time.Duration = -1, -1
	for _, line := range cacheControl {
		for _, dir := range strings.Split(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(dir), "=")
			secs, err := strconv.ParseInt(strings.Trim(value, `"`), 10, 64)
			if err != nil || secs < 0 {
				continue
			}
			d := time.Duration(min(secs, 7*24*3600)) * time.Second
			switch strings.ToLower(name) {
			case "max-age":
				age = d
			case "s-maxage":
				shared = d
			}
		}
	}
	if shared >= 0 {
		return shared
	}
	return max(age, 0)
}
