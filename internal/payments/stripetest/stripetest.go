// Package stripetest runs stripe-mock, Stripe's own stand-in for its API,
// as a real peer for tests: built once per machine from the Go module
// proxy at a pinned version, started on a free loopback port for one test
// and stopped when that test ends.
//
// stripe-mock is a tool, not a dependency: it is installed by version with
// `go install`, into the user's cache directory, and never appears in
// go.mod. Outside CI a peer that cannot be built or started skips the
// test and says why; under CI=true it fails the test.
package stripetest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the stripe-mock release the tests are written against. It
// speaks the same API version as the stripe-go release in go.mod.
const Version = "v0.203.0"

const module = "github.com/stripe/stripe-mock"

// Start starts stripe-mock for the test and returns its base URL, such as
// http://127.0.0.1:41234 (give it to stripe-go as the API backend's URL;
// any secret key is accepted). The process is killed when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		unavailable(t, err)
	}
	url, err := start(t, bin)
	if err != nil {
		unavailable(t, err)
	}
	return url
}

// unavailable skips the test, or fails it under CI, where every peer must run.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("stripetest: stripe-mock %s is required under CI: %v", Version, err)
		return
	}
	t.Skipf("stripetest: skipping, stripe-mock %s is not available here (%v); it installs with `go install %s@%s` when the Go module proxy is reachable", Version, err, module, Version)
}

var build struct {
	once sync.Once
	bin  string
	err  error
}

// Binary returns the path of the stripe-mock executable, building it the
// first time on this machine (it takes about half a minute) under
// os.UserCacheDir()/beatdesk-peers/stripe-mock-<version>/.
func Binary() (string, error) {
	build.once.Do(func() { build.bin, build.err = install() })
	return build.bin, build.err
}

func install() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory to keep the peer in: %w", err)
	}
	dir := filepath.Join(cache, "beatdesk-peers", "stripe-mock-"+Version)
	bin := filepath.Join(dir, "stripe-mock")
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
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "install", module+"@"+Version)
	cmd.Dir = tmp // outside any module, so this repository's go.mod is not consulted
	cmd.Env = append(os.Environ(), "GOBIN="+tmp, "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %v: %s", module, Version, err, lastLines(string(out), 5))
	}
	if err := os.Rename(filepath.Join(tmp, "stripe-mock"), bin); err != nil {
		return "", err
	}
	return bin, nil
}

var listening = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// start runs bin on loopback ports the system picks and waits for it to
// say which HTTP port it got. HTTPS is put on a loopback port of its own
// too: given only an HTTP address, stripe-mock also opens its default
// HTTPS port on every interface, which parallel tests would fight over.
func start(t testing.TB, bin string) (string, error) {
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("starting %s: %w", bin, err)
	}
	stopped := make(chan struct{})
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-stopped
	})

	addr := make(chan string, 1)
	go func() {
		defer close(stopped)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stdout) // keep the pipe drained until it exits
		cmd.Wait()
	}()
	select {
	case a := <-addr:
		return "http://" + a, nil
	case <-stopped:
		return "", fmt.Errorf("stripe-mock exited before listening: %s", lastLines(stderr.String(), 5))
	case <-time.After(60 * time.Second):
		// Loading the OpenAPI spec takes a few seconds on a busy machine,
		// never a minute.
		return "", errors.New("stripe-mock did not start listening within 60 s")
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
