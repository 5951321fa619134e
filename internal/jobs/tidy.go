package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"beatdesk/internal/payments"
	"beatdesk/internal/store"
)

// stripeEventsKept is how long processed Stripe event ids are kept.
const stripeEventsKept = 30 * 24 * time.Hour

// TidyArgs is the hourly job that deletes what has expired: web sessions,
// sign-in links, memberships past their grace, old webhook event ids.
type TidyArgs struct{}

func (TidyArgs) Kind() string { return "tidy" }

type tidyWorker struct {
	river.WorkerDefaults[TidyArgs]
	p *Pipeline
}

func (w *tidyWorker) Work(ctx context.Context, job *river.Job[TidyArgs]) error {
	_, err := w.p.Tidy(ctx)
	return err
}

// Tidy deletes expired sessions and sign-in tokens, ends memberships whose
// failed renewal outlasted the grace period, forgets old webhook event
// ids, refreshes SQLite's planner statistics, and reports how many rows
// it changed.
func (p *Pipeline) Tidy(ctx context.Context) (int64, error) {
	n, err := store.Sessions{S: p.store}.DeleteExpired(ctx)
	if err != nil {
		return n, err
	}
	err = p.store.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.DeleteExpiredTokens(ctx)
		n += m
		if err != nil {
			return err
		}
		// A member whose renewal failed and stayed failed past the grace
		// period loses the level even if Stripe sends nothing more.
		lapsed, err := tx.LapseMemberships(ctx, payments.Grace)
		n += int64(lapsed)
		if err != nil {
			return err
		}
		// Webhook event ids are kept to refuse replays; Stripe retries
		// for 3 days, so a month is ample.
		m, err = tx.DeleteStripeEventsBefore(ctx, tx.Now.Add(-stripeEventsKept))
		n += m
		return err
	})
	if err != nil {
		return n, err
	}
	return n, p.store.Optimize(ctx)
}
