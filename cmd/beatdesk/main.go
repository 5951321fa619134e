// Command beatdesk is the newsroom: one binary that watches sources, writes
// analysis with named AI correspondents, and serves the desk and the site.
//
//	beatdesk demo [--smoke]     the whole newsroom on a demo corpus, no set-up
//	beatdesk serve              real sources; --role all|web|worker
//	beatdesk migrate            create or update the database
//	beatdesk run TASK           one pipeline task now: schedule, poll, tidy
//	beatdesk extract FILE...    the article extractor on saved pages
//	beatdesk lang               one language code per line of stdin
//	beatdesk cluster            stories of articles given as JSON lines, online
//	beatdesk similarity         same-story scores of text pairs (JSON lines)
//	beatdesk verify             check claims against their sources (JSON lines)
//	beatdesk eval STAGE         measure a stage on an evaluation set
//	beatdesk bench ingest|serve measure the ingest pipeline or the site at scale
//	beatdesk user add|passwd|role desk accounts
//	beatdesk source list|add    the sources watched
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errQuiet) {
			fmt.Fprintln(os.Stderr, "beatdesk:", err)
		}
		os.Exit(1)
	}
}

// runEval measures one stage on an evaluation data set.
func runEval(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("eval needs a stage: beatdesk eval extract --data ../shared/data/trafilatura-eval")
	}
	switch args[0] {
	case "extract":
		return runEvalExtract(args[1:], stdout, stderr)
	case "lang":
		return runEvalLang(args[1:], stdout, stderr)
	case "similarity":
		return runEvalSimilarity(args[1:], stdout, stderr)
	case "verify":
		return runEvalVerify(args[1:], stdout, stderr)
	case "cite":
		return runEvalCite(args[1:], stdout, stderr)
	case "cluster":
		return runEvalCluster(args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown eval stage %q: the stages are extract, lang, cluster, similarity, verify and cite", args[0])
}

// errQuiet is returned when the failure has already been explained.
var errQuiet = errors.New("failed")

// Main runs one beatdesk command. Tests call it directly.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given; try `beatdesk demo`")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "demo":
		return runDemo(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout)
	case "run":
		return runTask(ctx, rest, stdout, stderr)
	case "extract":
		return runExtract(rest, stdin, stdout, stderr)
	case "lang":
		return runLang(rest, stdin, stdout, stderr)
	case "similarity":
		return runSimilarity(rest, stdin, stdout, stderr)
	case "cluster":
		return runCluster(rest, stdin, stdout, stderr)
	case "verify":
		return runVerify(rest, stdin, stdout, stderr)
	case "eval":
		return runEval(rest, stdout, stderr)
	case "bench":
		return runBench(ctx, rest, stdout, stderr)
	case "user":
		return runUser(ctx, rest, stdin, stdout)
	case "source":
		return runSource(ctx, rest, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

const usage = `beatdesk: an AI newsroom in one binary.

Commands:
  demo [--smoke] [--addr A] [--db D]   run the whole newsroom on a demo corpus (no set-up)
  serve [--config F] [--role R]        watch real sources and serve the site and desk
  migrate                              create or update the database
  run schedule|poll|tidy|websub-renew run one pipeline task now
  extract [--url U] FILE...            extract articles from saved pages (FILE may be - or .gz)
  lang                                 print the language of each line on stdin
  similarity                           score JSON lines {"pair_id","text1","text2"} for "same story"
  verify                               check JSON lines {"id","source","claim"}: is the claim supported?
  cluster                              assign JSON lines {"id","text",...} to stories, in arrival order
  eval extract|lang|cluster|similarity|verify --data DIR  measure a stage on an evaluation set
  eval cite                            corrupt the demo drafts' claims and count what the verifier catches
  bench ingest [--feeds N] [--duration D]  measure the whole ingest pipeline against a synthetic world
  bench serve [--articles N]           load-test the reader site filled with synthetic articles
  user add EMAIL [--role R] [--name N] add a desk user (password read from stdin)
  user passwd EMAIL                    set a desk user's password (read from stdin)
  user role EMAIL admin|editor|viewer  change a desk user's role (logged)
  source list | source add URL ...     list or add sources

Settings are flags, BEATDESK_* variables or a YAML file; ` + "`beatdesk serve --help`" + ` lists them.
`
