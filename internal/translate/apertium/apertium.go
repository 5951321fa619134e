// Package apertium translates with a local Apertium installation (Debian's
// apertium with language pairs such as apertium-eng-spa): offline, rule
// based. Each pair runs as one pipeline kept between calls (stream.go), a
// few milliseconds a title; when that cannot run, each batch runs one
// apertium process, about half a second to start.
package apertium

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"

	"beatdesk"
)

// Apertium is a Translator over the pairs installed on this machine.
type Apertium struct {
	bin   string
	pairs map[string]bool // "spa-eng"

	mu      sync.Mutex
	streams map[string]*stream // by pair; started on first use
}

// codes maps ISO 639-1 to the ISO 639-3 names Apertium pairs use.
var codes = map[string]string{
	"es": "spa", "en": "eng", "fr": "fra", "pt": "por", "ca": "cat", "it": "ita",
	"de": "deu", "gl": "glg", "eu": "eus", "ro": "ron", "oc": "oci", "nl": "nld",
}

// New finds the apertium command and the pairs it has. It returns
// ErrUnavailable, saying what to install, when there is none.
func New(ctx context.Context) (*Apertium, error) {
	const op = "apertium.New"
	bin, err := exec.LookPath("apertium")
	if err != nil {
		return nil, beatdesk.Errorf(beatdesk.ErrUnavailable, op, "apertium is not installed; on Debian: apt-get install apertium apertium-eng-spa")
	}
	out, err := exec.CommandContext(ctx, bin, "-l").Output()
	if err != nil {
		return nil, &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "apertium -l failed", Err: err}
	}
	a := &Apertium{bin: bin, pairs: map[string]bool{}}
	for _, f := range strings.Fields(string(out)) {
		a.pairs[f] = true
	}
	if len(a.pairs) == 0 {
		return nil, beatdesk.Errorf(beatdesk.ErrUnavailable, op, "apertium has no language pairs; on Debian: apt-get install apertium-eng-spa")
	}
	return a, nil
}

func (a *Apertium) Name() string { return "apertium" }

// Supports reports whether a pair from → to is installed.
func (a *Apertium) Supports(from, to string) bool {
	_, ok := a.pair(from, to)
	return ok
}

func (a *Apertium) pair(from, to string) (string, bool) {
	f, t := codes[from], codes[to]
	p := f + "-" + t
	return p, f != "" && t != "" && a.pairs[p]
}

// Translate sends texts through one apertium process, one a line (line
// breaks inside a text become spaces). Words it does not know are left as
// they are.
func (a *Apertium) Translate(ctx context.Context, texts []string, from, to string) ([]string, error) {
	const op = "apertium.Translate"
	p, ok := a.pair(from, to)
	if !ok {
		return nil, beatdesk.Errorf(beatdesk.ErrUnavailable, op, "no apertium pair for %s to %s is installed", from, to)
	}
	if len(texts) == 0 {
		return nil, nil
	}
	if out, err := a.viaStream(ctx, p, texts); err == nil {
		return out, nil
	}
	return a.translateProcess(ctx, p, texts)
}

// translateProcess translates texts with one apertium process, one a line.
func (a *Apertium) translateProcess(ctx context.Context, p string, texts []string) ([]string, error) {
	const op = "apertium.Translate"
	var in bytes.Buffer
	for _, t := range texts {
		in.WriteString(strings.Join(strings.Fields(t), " "))
		in.WriteByte('\n')
	}
	cmd := exec.CommandContext(ctx, a.bin, "-u", p)
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: apertium %s: %v: %s", op, p, err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != len(texts) {
		return nil, fmt.Errorf("%s: apertium %s gave %d lines for %d texts", op, p, len(lines), len(texts))
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines, nil
}

// viaStream translates texts through the pair's running pipeline,
// starting it on first use. On any failure the stream is dropped (the
// next call starts a new one) and the caller falls back to a process of
// its own.
func (a *Apertium) viaStream(ctx context.Context, pair string, texts []string) ([]string, error) {
	a.mu.Lock()
	s := a.streams[pair]
	if s == nil {
		var err error
		if s, err = startStream(pair); err != nil {
			a.mu.Unlock()
			return nil, err
		}
		if a.streams == nil {
			a.streams = map[string]*stream{}
		}
		a.streams[pair] = s
	}
	a.mu.Unlock()
	out := make([]string, len(texts))
	for i, t := range texts {
		var err error
		if out[i], err = s.translate(ctx, t); err != nil {
			a.mu.Lock()
			if a.streams[pair] == s {
				delete(a.streams, pair)
			}
			a.mu.Unlock()
			s.close()
			return nil, err
		}
	}
	return out, nil
}
