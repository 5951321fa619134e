// Package mailtest runs mailpit, a real SMTP server that keeps what it
// receives and shows it over an HTTP API, as a peer for tests: built once
// per machine from the Go module proxy at a pinned version (see
// internal/peer), started on free loopback ports for one test and stopped
// when that test ends.
package mailtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"beatdesk/internal/peer"
)

// Version is the mailpit release the tests are written against.
const Version = "v1.33.1"

var tool = &peer.Tool{Module: "github.com/axllent/mailpit", Version: Version, Name: "mailpit"}

// A Server is a running mailpit.
type Server struct {
	SMTPHost string // 127.0.0.1
	SMTPPort int
	API      string // base URL of its HTTP API, such as http://127.0.0.1:41235
}

// Start starts mailpit for the test. It accepts any message on its SMTP
// port without authentication or TLS. The process is killed, and its
// database removed, when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := tool.Binary()
	if err != nil {
		tool.Unavailable(t, err)
	}
	// The ports are chosen before mailpit binds them, so another process
	// can take one in between; a second try with fresh ports settles it.
	for attempt := 1; ; attempt++ {
		s, err := start(t, bin)
		if err == nil {
			return s
		}
		if attempt == 3 {
			tool.Unavailable(t, err)
			return nil
		}
	}
}

func start(t testing.TB, bin string) (*Server, error) {
	addrs, err := peer.FreePorts(2)
	if err != nil {
		return nil, err
	}
	dir := t.TempDir()
	cmd := exec.Command(bin, "--smtp", addrs[0], "--listen", addrs[1],
		"--database", filepath.Join(dir, "mailpit.db"),
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--disable-version-check", "--quiet")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() { cmd.Process.Kill(); <-exited }

	host, port, _ := net.SplitHostPort(addrs[0])
	s := &Server{SMTPHost: host, API: "http://" + addrs[1]}
	fmt.Sscan(port, &s.SMTPPort)

	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			return nil, fmt.Errorf("mailpit exited before it was ready: %s", peer.LastLines(out.String(), 5))
		default:
		}
		if s.ready() {
			t.Cleanup(stop)
			return s, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, errors.New("mailpit was not ready within 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ready reports whether both the API and the SMTP port answer.
func (s *Server) ready() bool {
	resp, err := http.Get(s.API + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	c, err := net.DialTimeout("tcp", net.JoinHostPort(s.SMTPHost, fmt.Sprint(s.SMTPPort)), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// An Address is a sender or recipient as mailpit reports it.
type Address struct {
	Name    string
	Address string
}

// A Message is one received message: its summary fields, and once read
// with Message, its bodies.
type Message struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Created   time.Time
	Text      string // filled by Message
	HTML      string // filled by Message
}

// Messages returns every message received so far, newest first.
func (s *Server) Messages(ctx context.Context) ([]Message, error) {
	var page struct {
		Total    int
		Messages []Message
	}
	if err := s.get(ctx, "/api/v1/messages?limit=10000", &page); err != nil {
		return nil, err
	}
	return page.Messages, nil
}

// Search returns the messages matching a mailpit search query, such as
// "to:ann@example.org" or `subject:"Confirm"`.
func (s *Server) Search(ctx context.Context, query string) ([]Message, error) {
	var page struct{ Messages []Message }
	if err := s.get(ctx, "/api/v1/search?limit=10000&query="+url.QueryEscape(query), &page); err != nil {
		return nil, err
	}
	return page.Messages, nil
}

// Message returns one message with its text and HTML bodies.
func (s *Server) Message(ctx context.Context, id string) (Message, error) {
	var m Message
	err := s.get(ctx, "/api/v1/message/"+url.PathEscape(id), &m)
	return m, err
}

// Headers returns one message's headers as sent.
func (s *Server) Headers(ctx context.Context, id string) (http.Header, error) {
	h := http.Header{}
	err := s.get(ctx, "/api/v1/message/"+url.PathEscape(id)+"/headers", &h)
	return h, err
}

// Wait polls until at least n messages match query (see Search), or the
// context ends.
func (s *Server) Wait(ctx context.Context, query string, n int) ([]Message, error) {
	for {
		ms, err := s.Search(ctx, query)
		if err == nil && len(ms) >= n {
			return ms, nil
		}
		select {
		case <-ctx.Done():
			return ms, fmt.Errorf("mailtest: %d of %d messages matching %q arrived: %w", len(ms), n, query, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) get(ctx context.Context, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.API+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("mailtest: GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mailtest: GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("mailtest: GET %s: %w", path, err)
	}
	return nil
}
