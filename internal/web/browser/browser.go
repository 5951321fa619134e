// Package browser runs a real headless Chromium for the end-to-end tests of
// the reader site and the desk, which live in this package's tests: a
// reader subscribes, confirms by email and becomes a member; an editor
// fixes a flagged draft and publishes it. The site needs no JavaScript, so
// the browser only navigates, fills in forms and submits them, as a
// reader would.
//
// Chromium is Debian's chromium package (.ci/run installs it). Outside CI
// a machine without it skips the tests with a message saying so; under
// CI=true its absence fails them.
package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// names are the executables Chromium is found under, in order of
// preference: Debian's package first.
var names = []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"}

// Chromium returns the path of the Chromium executable on this machine.
func Chromium() (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium in PATH; install Debian's chromium package (apt-get install chromium), as .ci/run does")
}

// Start starts Chromium for the test, headless, and returns the context of
// its first tab: give it to chromedp.Do and chromedp.Run. The window is
// 1280 by 900 pixels. Chromium resolves no host name, so a page can reach
// only loopback addresses and nothing leaves the machine. The browser is
// stopped, and its profile removed, when the test ends.
func Start(t testing.TB) context.Context {
	t.Helper()
	bin, err := Chromium()
	if err != nil {
		unavailable(t, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox, // tests and CI run as root, where the sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 900),
	)
	alloc, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, stopTab := chromedp.NewContext(alloc)
	t.Cleanup(func() { stopTab(); stopAlloc() })
	// The first action starts the browser, bound to the test rather than
	// to any one step. A failure here means Chromium is installed but
	// cannot run, which is a fault to fix, not a reason to skip.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return ctx
}

// unavailable skips the test, or fails it under CI, where Chromium must run.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("Chromium is required under CI: %v", err)
	}
	t.Skipf("skipping the browser test, Chromium is not available here: %v", err)
}
