package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/analyze/lang"
)

const similarityUsage = `usage: beatdesk similarity < PAIRS

Reads article pairs on standard input, one JSON object a line:

  {"pair_id": "a_b", "text1": "...", "text2": "...", "lang1": "de", "lang2": "en"}

(lang1 and lang2, ISO 639-1, are optional: a missing one is detected; other
fields are ignored) and prints, for each pair in the same order,

  {"pair_id": "a_b", "score": 0.8731}

where score in [0, 1] says how likely the two report the same story, in one
language or across two. Each text is an article with its headline first.
Words are weighed by how rare they are among all the texts given, so all
pairs are read before the first is scored: give many pairs at once.

`

// A simPair is one line of `beatdesk similarity`'s input.
type simPair struct {
	ID           string
	Text1, Text2 string
	Lang1, Lang2 string
}

// simLine is the JSON form of a simPair. Pointers tell a missing field from
// an empty one.
type simLine struct {
	PairID *string `json:"pair_id"`
	Text1  *string `json:"text1"`
	Text2  *string `json:"text2"`
	Lang1  *string `json:"lang1"`
	Lang2  *string `json:"lang2"`
}

// runSimilarity runs `beatdesk similarity`.
func runSimilarity(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("similarity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, similarityUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("similarity: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("similarity: unexpected argument %q; the pairs come on standard input, one JSON object a line", fs.Arg(0))
	}

	pairs, err := readSimPairs(stdin)
	if err != nil {
		return fmt.Errorf("similarity: %w", err)
	}
	out := bufio.NewWriter(stdout)
	for i, sig := range scoreSimPairs(pairs) {
		line, err := json.Marshal(struct {
			PairID string  `json:"pair_id"`
			Score  float64 `json:"score"`
		}{pairs[i].ID, math.Round(sig.Score()*1e4) / 1e4})
		if err != nil {
			return fmt.Errorf("similarity: %w", err)
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("similarity: writing output: %w", err)
	}
	return nil
}

// readSimPairs reads JSON lines of pairs, skipping blank lines. An error
// names the first bad line and what is wrong with it.
func readSimPairs(r io.Reader) ([]simPair, error) {
	var pairs []simPair
	in := bufio.NewScanner(r)
	in.Buffer(nil, 16<<20) // two whole articles on one line
	for n := 1; in.Scan(); n++ {
		b := bytes.TrimSpace(in.Bytes())
		if len(b) == 0 {
			continue
		}
		p, err := parseSimLine(b)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		pairs = append(pairs, p)
	}
	if err := in.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than 16 MB; give article texts, not whole files", len(pairs)+1)
		}
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return pairs, nil
}

func parseSimLine(b []byte) (simPair, error) {
	const want = `want {"pair_id": "...", "text1": "...", "text2": "..."} with optional "lang1", "lang2"`
	if b[0] != '{' {
		return simPair{}, fmt.Errorf("not a JSON object; %s", want)
	}
	var l simLine
	if err := json.Unmarshal(b, &l); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return simPair{}, fmt.Errorf("field %q is a JSON %s, want a string", te.Field, te.Value)
		}
		return simPair{}, fmt.Errorf("not valid JSON (%v); %s", err, want)
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"pair_id", l.PairID}, {"text1", l.Text1}, {"text2", l.Text2}} {
		switch {
		case f.v == nil:
			return simPair{}, fmt.Errorf("no %q field; %s", f.name, want)
		case strings.TrimSpace(*f.v) == "":
			return simPair{}, fmt.Errorf("%q is empty", f.name)
		}
	}
	p := simPair{ID: *l.PairID, Text1: *l.Text1, Text2: *l.Text2}
	for _, f := range []struct {
		name string
		v    *string
		dst  *string
	}{{"lang1", l.Lang1, &p.Lang1}, {"lang2", l.Lang2, &p.Lang2}} {
		if f.v == nil {
			continue
		}
		code := strings.ToLower(strings.TrimSpace(*f.v))
		if !simLangTag(code) {
			return simPair{}, fmt.Errorf("%q is %q; want an ISO 639-1 code such as en or pt-BR, or leave it out", f.name, *f.v)
		}
		*f.dst = code
	}
	return p, nil
}

// simLangTag accepts "", "en", "pt-br", "zh-hant": two or three letters,
// then optional subtags of letters and digits.
func simLangTag(s string) bool {
	if s == "" {
		return true
	}
	for i, part := range strings.Split(strings.ReplaceAll(s, "_", "-"), "-") {
		if len(part) < 2 || len(part) > 8 || (i == 0 && len(part) > 3) {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z') && !(i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// scoreSimPairs compares each pair with a cluster.Scorer, after observing
// every text so IDF reflects them all, on every CPU. It detects missing
// languages first.
func scoreSimPairs(pairs []simPair) []cluster.Signals {
	var d lang.Detector
	detect := func(text string) string {
		if d == nil {
			d = lang.New()
		}
		return d.Detect(text, "")
	}
	docs := make([][2]cluster.Doc, len(pairs))
	for i := range pairs {
		p := &pairs[i]
		if p.Lang1 == "" {
			p.Lang1 = detect(p.Text1)
		}
		if p.Lang2 == "" {
			p.Lang2 = detect(p.Text2)
		}
		docs[i] = [2]cluster.Doc{cluster.ArticleDoc(p.Text1, p.Lang1), cluster.ArticleDoc(p.Text2, p.Lang2)}
	}
	s := cluster.NewScorer(nil)
	simForEach(len(docs), func(i int) {
		s.Observe(docs[i][0])
		s.Observe(docs[i][1])
	})
	profiles := make([]cluster.Profile, 2*len(docs))
	simForEach(len(docs), func(i int) {
		profiles[2*i], profiles[2*i+1] = s.Profile(docs[i][0]), s.Profile(docs[i][1])
	})
	// Every text given is also the background each pair is weighed
	// against.
	bg := cluster.NewBackground(profiles)
	sigs := make([]cluster.Signals, len(docs))
	simForEach(len(docs), func(i int) {
		sigs[i] = bg.Compare(profiles[2*i], profiles[2*i+1])
	})
	return sigs
}

// simForEach calls f(0) … f(n-1) on one goroutine per CPU and returns when
// all calls have.
func simForEach(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}
