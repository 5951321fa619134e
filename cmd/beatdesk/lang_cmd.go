package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"

	"beatdesk/internal/analyze/lang"
)

const langUsage = `usage: beatdesk lang [--hint xx] < LINES

Reads text lines on standard input and prints, for each, the ISO 639-1 code
of its language (one a line, in the same order): the detector's best guess,
or "und" when a line holds too few letters to tell. --hint names the
language a page or feed declares (e.g. en, pt-BR); it only settles close
calls.

`

// runLang runs `beatdesk lang [--hint xx]`.
func runLang(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lang", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hint := fs.String("hint", "", "the language the text's page or feed declares, e.g. en or pt-BR; breaks close calls only")
	fs.Usage = func() {
		fmt.Fprint(stderr, langUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("lang: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("lang: unexpected argument %q; the text comes on standard input, one item a line", fs.Arg(0))
	}

	d := lang.New()
	in := bufio.NewScanner(stdin)
	in.Buffer(nil, 16<<20) // a whole article may come as one line
	out := bufio.NewWriter(stdout)
	for n := 1; in.Scan(); n++ {
		code := d.Detect(in.Text(), *hint)
		if code == "" {
			code = "und" // ISO 639-2's "undetermined"
		}
		if _, err := out.WriteString(code + "\n"); err != nil {
			return fmt.Errorf("lang: writing output: %w", err)
		}
		// Flushing each line lets a caller feed lines one at a time and read
		// each answer; it costs little next to the detection itself.
		if err := out.Flush(); err != nil {
			return fmt.Errorf("lang: writing output: %w", err)
		}
	}
	if err := in.Err(); err != nil {
		return fmt.Errorf("lang: reading standard input: %w", err)
	}
	return nil
}
