package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/demo"
	"beatdesk/internal/jobs"
	"beatdesk/internal/password"
	"beatdesk/internal/store"
)

// The demo editor's sign-in, printed at start.
const (
	demoEditorEmail    = "editor@beatdesk.demo"
	demoEditorPassword = "demo-editor-password"
)

// runDemo runs the whole newsroom against the demo corpus, served from a
// loopback "world" of fictional outlets. With --smoke it runs headless
// until five drafts are published (exit 0) or the time is up (exit 1).
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address of the site and desk")
	db := fs.String("db", "", "database (default: a new SQLite file in a temporary folder)")
	smoke := fs.Bool("smoke", false, "run headless until 5 drafts are published, then print counts as JSON")
	feedsAddr := fs.String("feeds-addr", "127.0.0.1:0", "loopback address of the demo's feed server")
	timeout := fs.Duration("timeout", 120*time.Second, "with --smoke, give up after this long")
	drain := fs.Bool("drain", false, "with --smoke, after 5 are published go on until no pipeline work is left")
	hostRate := fs.Float64("host-rate", 100, "requests per second to the demo's feed server")
	verbose := fs.Bool("v", false, "log every pipeline step")
	if err := fs.Parse(args); err != nil {
		return err
	}

	world, err := demo.StartAt(*feedsAddr, time.Now())
	if err != nil {
		return err
	}
	defer world.Close()

	cfg := config.Default()
	cfg.Addr, cfg.BaseURL = *addr, "http://"+*addr
	cfg.DB = *db
	if cfg.DB == "" {
		dir, err := os.MkdirTemp("", "beatdesk-demo-")
		if err != nil {
			return err
		}
		cfg.DB = filepath.Join(dir, "beatdesk.db")
	}
	cfg.SiteName = "beatdesk demo"
	cfg.DemoMode, cfg.AutoPublish, cfg.AllowLoopback = true, true, true
	cfg.PollMin, cfg.PollMax = 30*time.Second, 10*time.Minute
	cfg.WriteDelay = 4 * time.Second
	cfg.HostRate = *hostRate // every demo outlet lives on this one loopback host
	if *smoke {
		cfg.Role = "worker"
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	a, err := openApp(ctx, cfg, stderr, level)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.seedDemo(ctx, world); err != nil {
		return err
	}
	if *smoke {
		return a.smoke(ctx, stdout, *timeout, *drain)
	}
	fmt.Fprintf(stdout, "beatdesk demo: %d fictional outlets at %s; database %s\n", len(world.Sources()), world.URL(), cfg.DB)
	fmt.Fprintf(stdout, "desk sign-in: %s / %s\n", demoEditorEmail, demoEditorPassword)
	fmt.Fprintln(stdout, "demo mode: drafts whose every claim passes the citation check are published automatically")
	return a.run(ctx, stdout, nil)
}

// seedDemo points the newsroom at the demo world and adds the demo editor.
func (a *app) seedDemo(ctx context.Context, world *demo.World) error {
	hash, err := password.Hash(demoEditorPassword)
	if err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx *store.Tx) error {
		for _, src := range world.Sources() {
			if _, err := tx.AddSource(ctx, src); err != nil {
				return err
			}
		}
		_, err := tx.AddUser(ctx, beatdesk.User{Email: demoEditorEmail, Name: "Demo Editor", Role: beatdesk.RoleEditor, PasswordHash: hash})
		if errors.Is(err, beatdesk.ErrConflict) {
			return nil // an earlier run added it
		}
		return err
	})
}

// smoke works the queue until five drafts are published, printing a line
// of progress each second and the final counts as one JSON object. It
// fails when time runs out or when a published article has fewer than 3
// citations or cites fewer than 2 outlets.
func (a *app) smoke(ctx context.Context, stdout io.Writer, timeout time.Duration, drain bool) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := a.queue.Start(ctx); err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.queue.Stop(stopCtx)
	}()
	start := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var stats store.Stats
	for {
		err := a.store.View(context.Background(), func(tx *store.Tx) (err error) { stats, err = tx.Stats(ctx); return err })
		if err != nil && ctx.Err() == nil {
			return err
		}
		fmt.Fprintf(stdout, "%5.1fs  sources %d  items %d  articles %d  stories %d  drafts %d  published %d\n",
			time.Since(start).Seconds(), stats.Sources, stats.Items, stats.Articles, stats.Stories, stats.Drafts, stats.Published)
		if stats.Published >= 5 && (!drain || a.idle(ctx)) {
			break
		}
		select {
		case <-ctx.Done():
			json.NewEncoder(stdout).Encode(stats)
			return fmt.Errorf("smoke: only %d drafts published after %s", stats.Published, timeout)
		case <-tick.C:
		}
	}
	if err := a.checkPublished(context.Background()); err != nil {
		json.NewEncoder(stdout).Encode(stats)
		return err
	}
	return json.NewEncoder(stdout).Encode(stats)
}

// idle reports whether no pipeline job is waiting or running.
func (a *app) idle(ctx context.Context) bool {
	counts, err := jobs.Pending(ctx, a.store)
	return err == nil && counts == 0
}

// checkPublished verifies every published article cites at least three
// sources from at least two outlets.
func (a *app) checkPublished(ctx context.Context) error {
	return a.store.View(ctx, func(tx *store.Tx) error {
		pub, err := tx.Drafts(ctx, store.DraftFilter{State: beatdesk.DraftPublished, Limit: 1 << 20})
		if err != nil {
			return err
		}
		for _, d := range pub {
			if len(d.Citations) < 3 || len(d.Outlets()) < 2 {
				return fmt.Errorf("smoke: published article %q has %d citations from %d outlets; want at least 3 from 2",
					d.Headline, len(d.Citations), len(d.Outlets()))
			}
		}
		return nil
	})
}
