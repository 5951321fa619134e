package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"syscall"

	"beatdesk/internal/analyze/lang"
)

// Targets from issue 5 for language identification on lingua's test data.
const (
	targetLangSentences = 0.961
	targetLangPeakRSSMB = 300.0
)

const evalLangUsage = `usage: beatdesk eval lang --data DIR [--limit N] [--shuffle [--seed N]]

Runs the language detector over lingua's test data in DIR (the folder
holding sentences/, word-pairs/ and single-words/, e.g.
../shared/data/lingua-language-testdata) and prints the accuracy per
language and category, the mean over languages per category, the most
frequent confusions, time per item and peak memory; the last line is one
JSON object with the figures.

`

// evalLangResult is the last line of `beatdesk eval lang`.
type evalLangResult struct {
	Sentences   float64 `json:"sentences"`
	WordPairs   float64 `json:"word_pairs"`
	SingleWords float64 `json:"single_words"`
	Languages   int     `json:"languages"`
	MSPerItem   float64 `json:"ms_per_item"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
}

// runEvalLang runs `beatdesk eval lang --data DIR [--limit N]`. The scoring
// is lang.Evaluate's, the same code the package's test uses.
func runEvalLang(args []string, stdout, stderr io.Writer) error {
	ef := newEvalFlags("lang", evalLangUsage,
		"lingua's test data folder (holding sentences/, word-pairs/, single-words/)",
		"take at most this many items from each language's file, spread evenly (0: all)",
		"../shared/data/lingua-language-testdata", "items per file", stderr)
	shuffle := ef.fs.Bool("shuffle", false, "detect the items of all languages and categories in a random order, as they arrive in production, instead of file by file")
	seed := ef.fs.Uint64("seed", 1, "the seed of --shuffle's order")
	if help, err := ef.parse(args); help || err != nil {
		return err
	}
	dir, limit := ef.dir, ef.limit

	d := lang.New()
	opts := lang.EvalOptions{Limit: *limit, Shuffle: *shuffle, Seed: *seed}
	e, err := lang.Evaluate(*dir, opts, func(text string) string { return d.Detect(text, "") })
	if err != nil {
		return fmt.Errorf("eval lang: %w", err)
	}
	peakMB := float64(rusage(syscall.RUSAGE_SELF).maxRSSKB) / 1024
	msPerItem := 0.0
	if e.Items > 0 {
		msPerItem = e.Elapsed.Seconds() * 1000 / float64(e.Items)
	}

	p := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	order := "file by file"
	if *shuffle {
		order = fmt.Sprintf("shuffled, seed %d", *seed)
	}
	p("lingua test data, %s: %d languages, %d items (limit %d a file, %s)\n", *dir, len(e.Languages), e.Items, *limit, order)
	p("accuracy per language (%s):\n", strings.Join(lang.Categories, ", "))
	for _, l := range e.Languages {
		p("  %s", l)
		for _, cat := range lang.Categories {
			p("  %.3f", e.Accuracy(cat, l))
		}
		p("\n")
	}
	for _, cat := range lang.Categories {
		p("%-12s mean accuracy %.4f; most frequent mistakes (gold→answer):", cat, e.Mean(cat))
		for _, c := range e.TopConfusions(cat, 12) {
			answer := c.Answer
			if answer == "" {
				answer = "none"
			}
			p(" %s→%s %d", c.Gold, answer, c.Count)
		}
		p("\n")
	}
	st := d.ModelStats()
	p("model tables loaded: %d, %.1f MB, %.1f s of loading (included in the time per item); %d unreadable\n",
		st.Tables, float64(st.Bytes)/(1<<20), st.LoadTime.Seconds(), st.Failed)
	p("time per item in Detect: %.3f ms (one goroutine); peak RSS %.0f MB\n", msPerItem, peakMB)
	p("targets: sentences >= %.3f %s, peak RSS <= %.0f MB %s\n",
		targetLangSentences, metOrMissed(e.Mean("sentences") >= targetLangSentences),
		targetLangPeakRSSMB, metOrMissed(peakMB <= targetLangPeakRSSMB))

	line, err := json.Marshal(evalLangResult{
		Sentences:   roundTo(e.Mean("sentences"), 4),
		WordPairs:   roundTo(e.Mean("word-pairs"), 4),
		SingleWords: roundTo(e.Mean("single-words"), 4),
		Languages:   len(e.Languages),
		MSPerItem:   roundTo(msPerItem, 3),
		PeakRSSMB:   roundTo(peakMB, 1),
	})
	if err != nil {
		return fmt.Errorf("eval lang: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return fmt.Errorf("eval lang: writing output: %w", err)
	}
	return nil
}
