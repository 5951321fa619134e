package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"beatdesk"
	"beatdesk/internal/demo"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/draft/extractive"
	"beatdesk/internal/draft/persona"
)

// Targets from issue 6 for the verifier on corrupted draft claims.
const (
	targetCiteCaught     = 0.98
	targetCiteFalseFlags = 0.03
)

const evalCiteUsage = `usage: beatdesk eval cite [--seed N] [--show N]

Writes a draft with the extractive writer for every story of the demo corpus
(no network, no database), then checks every claim (sentence) of every draft
with the desk's verifier twice: as written, and as plain text (the quote
marks taken out, as a paraphrasing writer would state it). It then corrupts
copies of each claim in known ways (a number changed, a date shifted, a name
swapped, a quote altered, the citation pointed at another source) and prints
the share of corrupted copies the verifier catches, per kind, and the share of
untouched claims it flags. A harder kind, a name swapped for another name of
the same passage, is reported apart. The last line is one JSON object:
{"caught": share caught over all kinds, "false_flags": share of untouched
claims flagged, "claims": claims checked, untouched and corrupted in the
five kinds}.

`

// evalCiteResult is the last line of `beatdesk eval cite`.
type evalCiteResult struct {
	Caught     float64 `json:"caught"`
	FalseFlags float64 `json:"false_flags"`
	Claims     int     `json:"claims"`
}

// demoDraftsNow is the fixed "now" the demo drafts are written at, so the
// evaluation gives the same figures on every run.
var demoDraftsNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// runEvalCite runs `beatdesk eval cite`.
func runEvalCite(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval cite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "seed of the corruption choices")
	show := fs.Int("show", 0, "print up to N missed corruptions and false flags")
	fs.Usage = func() {
		fmt.Fprint(stderr, evalCiteUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("eval cite: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("eval cite: unexpected argument %q; it takes only --seed and --show", fs.Arg(0))
	}
	drafts, err := demoDrafts()
	if err != nil {
		return fmt.Errorf("eval cite: %w", err)
	}
	var names []string
	seen := map[string]bool{}
	for _, d := range drafts {
		for _, c := range d.Citations {
			for _, n := range cite.NameWords(c.Passage) {
				if !seen[n] {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
	}
	sort.Strings(names)
	rnd := rand.New(rand.NewPCG(*seed, 6))

	type tally struct{ caught, total int }
	kinds := map[string]*tally{}
	for _, k := range cite.CorruptKinds {
		kinds[k] = &tally{}
	}
	var untouched tally // caught = flagged
	shown := 0
	report := func(what, sentence, reason string) {
		if shown < *show {
			shown++
			fmt.Fprintf(stdout, "  %s: %s\n    verifier: %s\n", what, sentence, reason)
		}
	}
	claims := 0
	for _, d := range drafts {
		check := cite.NewChecker(d.Citations)
		for _, f := range cite.Verify(&d) {
			for _, form := range claimForms(f.Claim) {
				claims++
				untouched.total++
				if got := check.Check(form); !got.Supported {
					untouched.caught++
					report("false flag", form, got.Reason)
				}
				for _, c := range cite.Corrupt(form, d.Citations, names, rnd) {
					claims++
					t := kinds[c.Kind]
					t.total++
					if got := check.Check(c.Sentence); !got.Supported {
						t.caught++
					} else {
						report("missed "+c.Kind+" "+c.Change, c.Sentence, "supported")
					}
				}
			}
		}
	}

	share := func(t tally) float64 {
		if t.total == 0 {
			return 0
		}
		return float64(t.caught) / float64(t.total)
	}
	fmt.Fprintf(stdout, "demo corpus: %d drafts, %d claims as written and as plain text, %d corrupted copies (%d of the five kinds)\n",
		len(drafts), untouched.total, claims-untouched.total, claims-untouched.total-kinds[cite.CorruptLocalEntity].total)
	var all tally
	allMet := true
	for _, k := range cite.CorruptKinds {
		if k == cite.CorruptLocalEntity {
			continue
		}
		t := *kinds[k]
		all.caught += t.caught
		all.total += t.total
		met := t.total > 0 && share(t) >= targetCiteCaught
		allMet = allMet && met
		fmt.Fprintf(stdout, "  %-9s caught %4d of %4d  %.4f\n", k, t.caught, t.total, share(t))
	}
	fmt.Fprintf(stdout, "  all       caught %4d of %4d  %.4f\n", all.caught, all.total, share(all))
	local := *kinds[cite.CorruptLocalEntity]
	fmt.Fprintf(stdout, "harder, not in the totals: a name swapped for another name of the same passage (%s): caught %d of %d  %.4f\n",
		cite.CorruptLocalEntity, local.caught, local.total, share(local))
	fmt.Fprintf(stdout, "untouched claims flagged: %d of %d  %.4f\n", untouched.caught, untouched.total, share(untouched))
	fmt.Fprintf(stdout, "targets: >= %.0f%% caught of every kind %s, <= %.0f%% false flags %s\n",
		100*targetCiteCaught, verifyMark(allMet), 100*targetCiteFalseFlags, verifyMark(share(untouched) <= targetCiteFalseFlags))
	b, err := json.Marshal(evalCiteResult{Caught: verifyRound(share(all)), FalseFlags: verifyRound(share(untouched)), Claims: claims - local.total})
	if err != nil {
		return fmt.Errorf("eval cite: %w", err)
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

// plainQuote finds the quote marks a plain-text form drops.
var plainQuote = regexp.MustCompile(`[“”«»"]`)

// claimForms returns a claim as the draft wrote it and, when it quotes, as
// plain text without the quote marks: the same words stated as the
// writer's own, which the verifier must then check figure by figure and
// name by name rather than as one quote.
func claimForms(claim string) []string {
	out := []string{claim}
	if plain := strings.Join(strings.Fields(plainQuote.ReplaceAllString(claim, "")), " "); plain != claim {
		out = append(out, plain)
	}
	return out
}

// demoDrafts writes an English draft for every story of the demo corpus
// with the extractive writer, from the articles as the pipeline would
// store them, assigned to the first default correspondent whose beat
// covers the story's region.
func demoDrafts() ([]beatdesk.Draft, error) {
	outlets, articles, err := demo.Corpus()
	if err != nil {
		return nil, fmt.Errorf("reading the demo corpus: %w", err)
	}
	stories, err := demo.Stories()
	if err != nil {
		return nil, fmt.Errorf("reading the demo stories: %w", err)
	}
	names := map[string]string{}
	for _, o := range outlets {
		names[o.Slug] = o.Name
	}
	byStory := map[string][]beatdesk.Article{}
	for i, a := range articles {
		published := demoDraftsNow.Add(-a.Age)
		byStory[a.Story] = append(byStory[a.Story], beatdesk.Article{
			ID: int64(i + 1), SourceID: int64(i + 1), Outlet: names[a.Outlet], Lang: a.Lang,
			URL:   "https://" + a.Outlet + ".example/" + a.Slug,
			Title: a.Title, Author: a.Author, Text: strings.Join(a.Paragraphs, "\n\n"),
			Published: published, FetchedAt: published.Add(10 * time.Minute),
		})
	}
	personas := persona.Default()
	var out []beatdesk.Draft
	for i, s := range stories {
		arts := byStory[s.ID]
		if len(arts) == 0 {
			continue
		}
		p := personas[0]
		for _, q := range personas {
			if slices.Contains(q.Regions, s.Region) {
				p = q
				break
			}
		}
		story := beatdesk.Story{ID: int64(i + 1), Title: arts[0].Title, Region: s.Region, Articles: len(arts)}
		d, err := extractive.Write(extractive.Input{Persona: p, Story: story, Articles: arts, Lang: "en", Now: demoDraftsNow})
		if errors.Is(err, beatdesk.ErrInvalid) {
			continue // too little to quote
		}
		if err != nil {
			return nil, fmt.Errorf("writing story %s: %w", s.ID, err)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, errors.New("the demo corpus gave no drafts")
	}
	return out, nil
}
