// Package peer builds and describes the real programs tests talk to
// (stripe-mock, mailpit): tools installed by version with `go install`
// into the user's cache directory, never dependencies in go.mod.
//
// A Tool is built once per machine and version. Outside CI a peer that
// cannot be built or started skips the test and says why; under CI=true
// it fails the test, because CI must run every peer.
package peer

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A Tool is a program installed from the Go module proxy at a pinned
// version.
type Tool struct {
	Module  string // e.g. github.com/axllent/mailpit
	Version string // e.g. v1.33.1
	Name    string // the executable's name, e.g. mailpit

	once sync.Once
	bin  string
	err  error
}

// Binary returns the path of the tool's executable, building it the first
// time on this machine (a minute or two) under
// os.UserCacheDir()/beatdesk-peers/<name>-<version>/.
func (tl *Tool) Binary() (string, error) {
	tl.once.Do(func() { tl.bin, tl.err = tl.install() })
	return tl.bin, tl.err
}

func (tl *Tool) install() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory to keep the peer in: %w", err)
	}
	dir := filepath.Join(cache, "beatdesk-peers", tl.Name+"-"+tl.Version)
	bin := filepath.Join(dir, tl.Name)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is not on PATH to build it: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Build into a directory of our own and rename, so test binaries of
	// several packages building at once never see half a file.
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "install", tl.Module+"@"+tl.Version)
	cmd.Dir = tmp // outside any module, so this repository's go.mod is not consulted
	cmd.Env = append(os.Environ(), "GOBIN="+tmp, "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %v: %s", tl.Module, tl.Version, err, LastLines(string(out), 5))
	}
	if err := os.Rename(filepath.Join(tmp, tl.Name), bin); err != nil {
		return "", err
	}
	return bin, nil
}

// Unavailable skips the test, or fails it under CI, where every peer must
// run. The message names the tool and how to install it by hand.
func (tl *Tool) Unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s %s is required under CI: %v", tl.Name, tl.Version, err)
		return
	}
	t.Skipf("skipping, %s %s is not available here (%v); it installs with `go install %s@%s` when the Go module proxy is reachable",
		tl.Name, tl.Version, err, tl.Module, tl.Version)
}

// FreePorts returns n loopback addresses with ports nobody was listening
// on a moment ago, for a peer that cannot report the port it was given
// when asked for port 0. Another process may take one in between; a
// caller starting a peer retries with fresh ports when it fails to bind.
func FreePorts(n int) ([]string, error) {
	var addrs []string
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// LastLines returns the last n lines of s, for error messages that quote
// a peer's output.
func LastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
