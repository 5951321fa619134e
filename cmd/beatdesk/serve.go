package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"beatdesk/internal/config"
	"beatdesk/internal/ingest/sourcelist"
	"beatdesk/internal/store"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := config.Load("serve", args, getenv)
	if err != nil {
		if isHelp(err) {
			fmt.Fprint(stdout, config.Usage("beatdesk serve"))
			return nil
		}
		return err
	}
	a, err := openApp(ctx, cfg, stderr, slog.LevelInfo)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.seedSources(ctx); err != nil {
		return err
	}
	return a.run(ctx, stdout, nil)
}

// seedSources gives a new newsroom the curated default source list.
func (a *app) seedSources(ctx context.Context) error {
	return a.store.Update(ctx, func(tx *store.Tx) error {
		have, err := tx.Sources(ctx)
		if err != nil || len(have) > 0 {
			return err
		}
		for _, src := range sourcelist.Default() {
			if _, err := tx.AddSource(ctx, src); err != nil {
				return err
			}
		}
		a.log.Info("added the default source list", "sources", len(sourcelist.Default()))
		return nil
	})
}

// run serves the site and desk and works the queue, as the role says,
// until ctx ends. It stops HTTP first, then lets running jobs finish.
// ready, if set, is called with the site's URL once it accepts requests.
func (a *app) run(ctx context.Context, stdout io.Writer, ready func(url string)) error {
	if a.pipeline != nil {
		if err := a.queue.Start(ctx); err != nil {
			return fmt.Errorf("starting the workers: %w", err)
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a.queue.Stop(stopCtx)
		}()
	}
	if a.web == nil {
		fmt.Fprintln(stdout, "worker running; stop with Ctrl-C")
		<-ctx.Done()
		return nil
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (is another beatdesk running? pick another with --addr): %w", a.cfg.Addr, err)
	}
	base := a.cfg.BaseURL
	if _, port, _ := net.SplitHostPort(a.cfg.Addr); port == "0" {
		base = "http://" + ln.Addr().String() // tests ask for any free port
	}
	srv := &http.Server{Handler: a.web, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "site: %s/\ndesk: %s/desk/\n", base, base)
	if ready != nil {
		ready(base)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
