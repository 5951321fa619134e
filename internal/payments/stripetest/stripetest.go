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
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"beatdesk/internal/peer"
)

// Version is the stripe-mock release the tests are written against. It
// speaks the same API version as the stripe-go release in go.mod.
const Version = "v0.203.0"

var tool = &peer.Tool{Module: "github.com/stripe/stripe-mock", Version: Version, Name: "stripe-mock"}

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
	tool.Unavailable(t, err)
}

// Binary returns the path of the stripe-mock executable, building it the
// first time on this machine (it takes about half a minute).
func Binary() (string, error) { return tool.Binary() }

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
		return "", fmt.Errorf("stripe-mock exited before listening: %s", peer.LastLines(stderr.String(), 5))
	case <-time.After(60 * time.Second):
		// Loading the OpenAPI spec takes a few seconds on a busy machine,
		// never a minute.
		return "", errors.New("stripe-mock did not start listening within 60 s")
	}
}
