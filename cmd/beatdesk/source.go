package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"text/tabwriter"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/store"
)

// runSource lists the sources watched, or adds one by its feed address.
func runSource(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: beatdesk source list, or beatdesk source add FEED_URL [--name N] [--lang xx] [--country XX]")
	}
	verb := args[0]
	fs := flag.NewFlagSet("source "+verb, flag.ContinueOnError)
	name := fs.String("name", "", "the outlet's name (default: the feed's host)")
	lang := fs.String("lang", "", "ISO 639-1 language")
	country := fs.String("country", "", "ISO 3166 country")
	db := fs.String("db", config.Default().DB, "database")
	rest := args[1:]
	var feedURL string
	if verb == "add" && len(rest) > 0 && rest[0][0] != '-' {
		feedURL, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
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
		return s.View(ctx, func(tx *store.Tx) error {
			srcs, err := tx.Sources(ctx)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tLANG\tITEMS\tLAST ERROR\tFEED")
			for _, s := range srcs {
				fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%s\n", s.ID, s.Name, s.Lang, s.ItemCount, s.LastError, s.FeedURL)
			}
			return w.Flush()
		})
	case "add":
		if feedURL == "" {
			return fmt.Errorf("source add needs the feed's URL, e.g. beatdesk source add https://example.org/rss.xml --name \"Example News\"")
		}
		if *name == "" {
			if u, err := url.Parse(feedURL); err == nil {
				*name = u.Host
			}
		}
		return s.Update(ctx, func(tx *store.Tx) error {
			src, err := tx.AddSource(ctx, beatdesk.Source{Name: *name, FeedURL: feedURL, Lang: *lang, Country: *country})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "source %d: %s (%s)\n", src.ID, src.Name, src.FeedURL)
			return nil
		})
	}
	return fmt.Errorf("unknown source command %q: use list or add", verb)
}
