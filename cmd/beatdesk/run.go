package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"beatdesk/internal/config"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/jobs"
	"beatdesk/internal/store"
)

// runTask runs one periodic task now, in this process: `schedule` queues
// the polls that are due (for the workers to do); `poll` polls every
// source once, right here, queueing the new items' fetches; `tidy`
// deletes expired sessions and sign-in links; `websub-renew` queues the
// WebSub subscription requests that are due (leases ending within a day);
// `digest` and `digest-weekly` compose the daily or the weekly digests now
// and queue their sends.
func runTask(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("run needs a task: schedule, poll, tidy, websub-renew, digest or digest-weekly")
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
			if err := pollWhenReady(ctx, a.pipeline, id); err != nil {
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
	case "digest", "digest-weekly":
		issues, sends, err := a.pipeline.ComposeDigests(ctx, time.Now(), task == "digest", task == "digest-weekly")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "composed %d issues; queued %d sends for the workers\n", issues, sends)
	default:
		return fmt.Errorf("unknown task %q: the tasks are schedule, poll, tidy, websub-renew, digest and digest-weekly", task)
	}
	return nil
}

// pollWhenReady polls a source, waiting as long as its host asks when it
// is not ready (Poll does not wait: in the queue a job is snoozed instead).
func pollWhenReady(ctx context.Context, p *jobs.Pipeline, id int64) error {
	for {
		err := p.Poll(ctx, id)
		var busy *fetch.BusyError
		if !errors.As(err, &busy) {
			return err
		}
		t := time.NewTimer(busy.Wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}
