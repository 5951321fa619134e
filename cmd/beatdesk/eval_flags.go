package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// evalFlags are what every eval stage over a data set takes: --data DIR
// and --limit N. A stage binds its own flags on fs before parse.
type evalFlags struct {
	stage   string // "similarity", for messages
	example string // a folder to name in the error when --data is missing
	unit    string // what --limit counts, for its error: "pairs"
	fs      *flag.FlagSet
	dir     *string
	limit   *int
}

// newEvalFlags makes the flag set of `beatdesk eval <stage>`.
func newEvalFlags(stage, usage, dataHelp, limitHelp, example, unit string, stderr io.Writer) *evalFlags {
	fs := flag.NewFlagSet("eval "+stage, flag.ContinueOnError)
	fs.SetOutput(stderr)
	e := &evalFlags{stage: stage, example: example, unit: unit, fs: fs,
		dir: fs.String("data", "", dataHelp), limit: fs.Int("limit", 0, limitHelp)}
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return e
}

// parse reads args. It returns help true (and no error) when the user
// asked for help, which has then been printed.
func (e *evalFlags) parse(args []string) (help bool, err error) {
	if err := e.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, fmt.Errorf("eval %s: %w", e.stage, err)
	}
	switch {
	case e.fs.NArg() > 0:
		return false, fmt.Errorf("eval %s: unexpected argument %q; give the data folder with --data", e.stage, e.fs.Arg(0))
	case *e.dir == "":
		e.fs.Usage()
		return false, fmt.Errorf("eval %s: no data set given; name its folder with --data, e.g. --data %s", e.stage, e.example)
	case *e.limit < 0:
		return false, fmt.Errorf("eval %s: --limit %d is negative; give a number of %s, or 0 for all", e.stage, *e.limit, e.unit)
	}
	return false, nil
}
