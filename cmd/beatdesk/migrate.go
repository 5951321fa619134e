package main

import (
	"context"
	"fmt"
	"io"

	"beatdesk/internal/config"
	"beatdesk/internal/jobs"
	"beatdesk/internal/store"
)

// runMigrate creates or updates beatdesk's tables and River's.
func runMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, _, err := config.Load("migrate", args, getenv)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, cfg.DB, nil) // Open applies beatdesk's migrations
	if err != nil {
		return err
	}
	defer s.Close()
	if err := jobs.Migrate(ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the %s database is up to date\n", s.Engine())
	return nil
}
