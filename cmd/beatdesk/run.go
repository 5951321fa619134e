package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"beatdesk/internal/config"
	"beatdesk/internal/store"
)

// runTask runs one periodic task now, in this process: `schedule` queues
// the polls that are due (for the workers to do); `poll` polls every
// source once, right here, queueing the new items' fetches; `tidy`
// deletes expired sessions and sign-in links; `websub-renew` queues the
// WebSub subscription requests that are due (leases ending within a day).
func runTask(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("run needs a task: schedule, poll, tidy or websub-renew")
	}
	task := args[0]
	cfg, _, err := config.Load("run "+task, args[1:], getenv)
	if err != nil {
		return err
	}
	cfg.Role = "all" // the task needs the pipeline, though no workers start
	a, err := openApp(ctx, cfg, stderr, slog.LevelInfo)
	if err != nil {
		return err
	}
	defer a.Close()
	switch task {
	case "schedule":
		n, err := a.pipeline.Schedule(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "queued %d polls\n", n)
	case "poll":
		var ids []int64
		err := a.store.View(ctx, func(tx *store.Tx) error {
			srcs, err := tx.Sources(ctx)
			for _, s := range srcs {
				ids = append(ids, s.ID)
			}
			return err
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := a.pipeline.Poll(ctx, id); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "polled %d sources; their new items are queued for the workers\n", len(ids))
	case "tidy":
		n, err := a.pipeline.Tidy(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "deleted %d expired sessions and sign-in links\n", n)
	case "websub-renew":
		if !cfg.WebSub {
			return fmt.Errorf("run websub-renew: WebSub is off; turn it on with --websub (or BEATDESK_WEBSUB=true)")
		}
		n, err := a.pipeline.RenewWebSub(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "queued %d WebSub subscription requests\n", n)
	default:
		return fmt.Errorf("unknown task %q: the tasks are schedule, poll, tidy and websub-renew", task)
	}
	return nil
}
