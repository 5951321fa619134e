package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"beatdesk/internal/config"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/draft/secondopinion"
)

const verifyUsage = `usage: beatdesk verify [--lang CODE] [--second-opinion] < claims.jsonl

Reads one JSON object a line, {"id": ..., "source": "the full cited text",
"claim": "one or more sentences"}, and prints one JSON object a line:
{"id": ..., "supported": true|false, "score": 0..1, "reasons": [...]}.
The check is the desk's own (internal/draft/cite): every number, date, name
and quote of the claim must be in the source, and its words must be
supported by the source sentences it most resembles. An optional "lang"
field on an input line overrides --lang for that line.

With --second-opinion, a language model (BEATDESK_LLM_URL, BEATDESK_LLM_MODEL,
BEATDESK_LLM_API_KEY) is asked about each claim whose score lies from 0.2
below the threshold to 0.1 above it, where word-level checks are least
sure; its verdict decides those claims, and its reason is added.

`

// verifyInput is one line of `beatdesk verify`'s input.
type verifyInput struct {
	ID     json.RawMessage `json:"id"`
	Source string          `json:"source"`
	Claim  string          `json:"claim"`
	Lang   string          `json:"lang"`
}

// verifyOutput is one line of its output.
type verifyOutput struct {
	ID        json.RawMessage `json:"id"`
	Supported bool            `json:"supported"`
	Score     float64         `json:"score"`
	Reasons   []string        `json:"reasons"`
}

// maxVerifyLine is the longest input line read: a long article and its
// claim fit many times over.
const maxVerifyLine = 16 << 20

// runVerify runs `beatdesk verify`.
func runVerify(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "en", "the language of sources and claims (ISO 639-1), for stemming")
	second := fs.Bool("second-opinion", false, "ask the model named by BEATDESK_LLM_URL and BEATDESK_LLM_MODEL (and BEATDESK_LLM_API_KEY) about claims whose score is close to the threshold; its verdict decides those")
	fs.Usage = func() {
		fmt.Fprint(stderr, verifyUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("verify: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("verify: unexpected argument %q; the claims are read from standard input as JSON lines", fs.Arg(0))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), maxVerifyLine)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	checkers := newCheckerCache()
	var judge *secondopinion.Judge
	if *second {
		cfg, _, err := config.Load("verify", nil, os.Getenv)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		m, err := model(cfg)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		if m == nil {
			return errors.New("verify: --second-opinion needs a model: set BEATDESK_LLM_URL and BEATDESK_LLM_MODEL (and BEATDESK_LLM_API_KEY)")
		}
		judge = &secondopinion.Judge{Model: m}
	}
	band := secondopinion.Band{Low: cite.MinSupport - 0.2, High: cite.MinSupport + 0.1}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var in verifyInput
		if err := json.Unmarshal([]byte(text), &in); err != nil {
			return fmt.Errorf("verify: line %d is not a JSON object with id, source and claim: %v", line, err)
		}
		if strings.TrimSpace(in.Source) == "" || strings.TrimSpace(in.Claim) == "" {
			return fmt.Errorf("verify: line %d has an empty source or claim; give both as strings", line)
		}
		if len(in.ID) == 0 {
			in.ID = json.RawMessage("null")
		}
		l := *lang
		if in.Lang != "" {
			l = in.Lang
		}
		v := checkers.get(in.Source, l).VerifyClaim(in.Claim)
		if judge != nil && band.Decides(v.Score) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			op, err := judge.Ask(ctx, in.Source, in.Claim)
			cancel()
			if err != nil {
				v.Reasons = append(v.Reasons, "no second opinion: "+err.Error())
			} else {
				v.Supported = op.Supported
				v.Reasons = append(v.Reasons, fmt.Sprintf("second opinion from %s: %s", judge.Model.Name(), op.Reason))
			}
		}
		o := verifyOutput{ID: in.ID, Supported: v.Supported, Score: math.Round(v.Score*1000) / 1000, Reasons: v.Reasons}
		if o.Reasons == nil {
			o.Reasons = []string{}
		}
		if err := enc.Encode(o); err != nil {
			return fmt.Errorf("verify: writing the result of line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("verify: reading line %d: %w (lines may be at most %d MB)", line+1, err, maxVerifyLine>>20)
	}
	return nil
}

// A checkerCache keeps the Checkers of the sources seen last, so claims
// about one article (the usual input: many claims per source) prepare it
// once.
type checkerCache struct {
	m map[[2]string]*cite.Checker
}

// maxCachedSources bounds the cache; when full it starts again.
const maxCachedSources = 32

func newCheckerCache() *checkerCache {
	return &checkerCache{m: map[[2]string]*cite.Checker{}}
}

func (c *checkerCache) get(source, lang string) *cite.Checker {
	k := [2]string{source, lang}
	if ch, ok := c.m[k]; ok {
		return ch
	}
	if len(c.m) >= maxCachedSources {
		clear(c.m)
	}
	ch := cite.NewSourceChecker(source, lang)
	c.m[k] = ch
	return ch
}
