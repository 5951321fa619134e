package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"text/tabwriter"
	"time"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/ingest/discover"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/ingest/opml"
	"beatdesk/internal/store"
)

// allowLoopback lets tests point `source add` at sites on loopback.
var allowLoopback = false

const sourceUsage = `usage:
  beatdesk source list
  beatdesk source add URL [--name N] [--lang xx] [--country XX]   (URL: a feed, a news sitemap or a site's homepage)
  beatdesk source import FILE.opml
  beatdesk source export > sources.opml`

// runSource lists, adds, imports and exports the sources watched.
func runSource(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", sourceUsage)
	}
	verb := args[0]
	fs := flag.NewFlagSet("source "+verb, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	name := fs.String("name", "", "the outlet's name (default: the feed's title)")
	lang := fs.String("lang", "", "ISO 639-1 language")
	country := fs.String("country", "", "ISO 3166 country")
	db := fs.String("db", config.Default().DB, "database")
	contact := fs.String("contact", config.Default().Contact, "operator contact URL for the User-Agent")
	var positional []string
	rest := args[1:]
	for len(rest) > 0 { // positional arguments may come before or after flags
		if err := fs.Parse(rest); err != nil {
			return fmt.Errorf("%v\n%s", err, sourceUsage)
		}
		rest = fs.Args()
		if len(rest) > 0 {
			positional, rest = append(positional, rest[0]), rest[1:]
		}
	}
	if v := getenv("BEATDESK_DB"); v != "" && !flagSet(fs, "db") {
		*db = v
	}
	s, err := store.Open(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer s.Close()

	switch verb {
	case "list":
		return listSources(ctx, s, stdout)
	case "export":
		var srcs []beatdesk.Source
		if err := s.View(ctx, func(tx *store.Tx) (err error) { srcs, err = tx.Sources(ctx); return err }); err != nil {
			return err
		}
		return opml.Write(stdout, "beatdesk sources", srcs)
	case "import":
		if len(positional) != 1 {
			return fmt.Errorf("source import needs one OPML file\n%s", sourceUsage)
		}
		f, err := os.Open(positional[0])
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", positional[0], err)
		}
		defer f.Close()
		srcs, err := opml.Parse(f)
		if err != nil {
			return fmt.Errorf("%s: %w", positional[0], err)
		}
		// All or nothing: a file with a bad entry adds none, so a fixed
		// file can simply be imported again.
		err = s.Update(ctx, func(tx *store.Tx) error {
			for _, src := range srcs {
				if _, err := tx.AddSource(ctx, src); err != nil {
					return fmt.Errorf("%s (%s): %w", src.Name, src.FeedURL, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "imported %d sources from %s (existing ones updated, none duplicated)\n", len(srcs), positional[0])
		return nil
	case "add":
		if len(positional) != 1 {
			return fmt.Errorf("source add needs one address: a feed, a news sitemap or a homepage\n%s", sourceUsage)
		}
		return addSource(ctx, s, positional[0], *name, *lang, *country, *contact, stdout)
	}
	return fmt.Errorf("unknown source command %q\n%s", verb, sourceUsage)
}

func listSources(ctx context.Context, s *store.Store, stdout io.Writer) error {
	return s.View(ctx, func(tx *store.Tx) error {
		srcs, err := tx.Sources(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tLANG\tITEMS\tPOLLING\tLAST ERROR\tFEED")
		for _, s := range srcs {
			polling := "not yet polled"
			if s.Paused {
				polling = "paused"
			} else if s.PollInterval > 0 {
				polling = "every " + s.PollInterval.String()
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", s.ID, s.Name, s.Lang, s.ItemCount, polling, s.LastError, s.FeedURL)
		}
		return w.Flush()
	})
}

// addSource finds the feed behind address (itself a feed, or a site that
// links to one) through the safe fetcher and stores the best candidate.
func addSource(ctx context.Context, s *store.Store, address, name, lang, country, contact string, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	client := fetch.New(fetch.Options{UserAgent: "beatdesk/0.1 (+" + contact + ")", AllowLoopback: allowLoopback})
	get := func(ctx context.Context, u string) (string, string, []byte, error) {
		r, err := client.Get(ctx, fetch.Request{URL: u})
		if err != nil {
			return "", "", nil, err
		}
		return r.URL, r.ContentType, r.Body, nil
	}
	cands, err := discover.Feeds(ctx, get, address)
	if err != nil {
		return err
	}
	best := cands[0]
	if name == "" {
		name = best.Title
	}
	if name == "" {
		if u, err := url.Parse(best.URL); err == nil {
			name = u.Host
		}
	}
	return s.Update(ctx, func(tx *store.Tx) error {
		src, err := tx.AddSource(ctx, beatdesk.Source{Name: name, FeedURL: best.URL, SiteURL: address, Lang: lang, Country: country})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "source %d: %s, %s feed at %s\n", src.ID, src.Name, best.Kind, src.FeedURL)
		for _, c := range cands[1:] {
			fmt.Fprintf(stdout, "  also found (not added): %s %s %s\n", c.Kind, c.URL, c.Title)
		}
		return nil
	})
}
