package main

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"beatdesk/internal/ingest/extract"
	"beatdesk/internal/ingest/fetch"
)

// extractLine is one line of `beatdesk extract` output.
type extractLine struct {
	File      string `json:"file"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"` // RFC 3339, or ""
	Language  string `json:"language"`  // the page's own language hint, or ""
}

// extractFailure is the line printed for a file that could not be read or
// held no article.
type extractFailure struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// runExtract runs the article extractor on saved pages: `beatdesk extract
// [--url U] FILE...`. It prints one JSON line per file, carries on past a
// bad file (its line has "error"), and fails at the end if any file did.
func runExtract(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pageURL := fs.String("url", "", "the address the pages were fetched from; resolves relative links")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: beatdesk extract [--url U] FILE...\n\n"+
			"Prints one JSON line per saved HTML page: file, title, text, published, language.\n"+
			"FILE may be - for standard input, and may be gzip-compressed (name ending in .gz).\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("extract: %w", err)
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return errors.New("extract: no files given; name one or more saved HTML pages, or - for standard input")
	}

	out := json.NewEncoder(stdout)
	out.SetEscapeHTML(false) // the text is data for people and tools, not for a page
	failed := 0
	stdinRead := false
	for _, name := range files {
		line, err := extractFile(name, *pageURL, stdin, &stdinRead)
		if err != nil {
			failed++
			if err := out.Encode(extractFailure{File: name, Error: err.Error()}); err != nil {
				return fmt.Errorf("extract: writing output: %w", err)
			}
			continue
		}
		if err := out.Encode(line); err != nil {
			return fmt.Errorf("extract: writing output: %w", err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("extract: %d of %d files failed (see their \"error\" lines)", failed, len(files))
	}
	return nil
}

func extractFile(name, pageURL string, stdin io.Reader, stdinRead *bool) (extractLine, error) {
	page, err := readPage(name, stdin, stdinRead)
	if err != nil {
		return extractLine{}, err
	}
	res, err := extract.Extract(page, pageURL)
	if err != nil {
		return extractLine{}, err
	}
	line := extractLine{File: name, Title: res.Title, Text: res.Text, Language: res.Lang}
	if !res.Published.IsZero() {
		line.Published = res.Published.Format(time.RFC3339)
	}
	return line, nil
}

// readPage reads a saved page, from standard input for "-", decompressing
// names ending in .gz, and refuses pages over the fetcher's page cap.
func readPage(name string, stdin io.Reader, stdinRead *bool) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if *stdinRead {
			return nil, errors.New("standard input was already read; give - only once")
		}
		*stdinRead = true
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%s: not gzip data: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	page, err := io.ReadAll(io.LimitReader(r, fetch.PageMax+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(page) > fetch.PageMax {
		return nil, fmt.Errorf("%s: page larger than %d MiB; beatdesk reads no bigger page", name, fetch.PageMax>>20)
	}
	return page, nil
}
