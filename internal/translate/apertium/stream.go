package apertium

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// A stream is one pair's pipeline kept running between calls, so a
// translation costs milliseconds instead of the half second apertium
// takes to start its ten programs. The `apertium -z` script does not
// pass the null-flush flag to every stage of a mode, so the stream runs
// the mode file's pipeline itself, with -z on each program: every input
// ending in a NUL byte is translated and answered, ending in a NUL too.
type stream struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	closed sync.Once
}

// modeDirs are where Debian and a source build keep the pairs' modes.
var modeDirs = []string{"/usr/share/apertium/modes", "/usr/local/share/apertium/modes"}

// pipeline returns the shell pipeline of a pair's mode with null-flush
// on every stage, and unknown words unmarked ($1 is the generator's
// mode, -n as `apertium -u` gives; $2 the tagger's extra flag, none).
func pipeline(pair string) (string, error) {
	for _, dir := range modeDirs {
		b, err := os.ReadFile(filepath.Join(dir, pair+".mode"))
		if err != nil {
			continue
		}
		stages := strings.Split(strings.TrimSpace(string(b)), "|")
		for i, st := range stages {
			prog, args, _ := strings.Cut(strings.TrimSpace(st), " ")
			args = strings.ReplaceAll(strings.ReplaceAll(args, "$1", "-n"), "$2", "")
			stages[i] = prog + " -z " + args
		}
		return strings.Join(stages, " | "), nil
	}
	return "", fmt.Errorf("no %s.mode in %s", pair, strings.Join(modeDirs, " or "))
}

func startStream(pair string) (*stream, error) {
	p, err := pipeline(pair)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("sh", "-c", p)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &stream{cmd: cmd, in: in, out: bufio.NewReader(out)}, nil
}

// blankEnd closes every input: a superblank holding a line break, which
// the pipeline passes through unchanged, so the answer's end is known.
const blankEnd = "[][\n]"

// translate sends one text and reads its translation. A context that
// ends first kills the stream; the caller then drops it.
func (s *stream) translate(ctx context.Context, text string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	type answer struct {
		text string
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		if _, err := io.WriteString(s.in, escape(text)+blankEnd+"\x00"); err != nil {
			done <- answer{err: err}
			return
		}
		b, err := s.out.ReadString(0)
		done <- answer{text: b, err: err}
	}()
	select {
	case a := <-done:
		if a.err != nil {
			return "", a.err
		}
		t := strings.TrimSuffix(a.text, "\x00")
		if !strings.HasSuffix(t, blankEnd) {
			return "", errors.New("the pipeline's answer lost its end marker")
		}
		return strings.TrimSpace(unescape(strings.TrimSuffix(t, blankEnd))), nil
	case <-ctx.Done():
		s.close()
		<-done
		return "", ctx.Err()
	}
}

// close stops the pipeline; a second call does nothing.
func (s *stream) close() {
	s.closed.Do(func() {
		s.in.Close()
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
}

// escape writes text in Apertium's stream format: one line, and the
// format's own characters backslashed.
func escape(text string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(text), " ") {
		if strings.ContainsRune(`\^$[]/@<>{}`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unescape undoes escape on the pipeline's output.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	esc := false
	for _, r := range s {
		if r == '\\' && !esc {
			esc = true
			continue
		}
		esc = false
		b.WriteRune(r)
	}
	return b.String()
}
