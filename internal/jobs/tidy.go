package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"beatdesk/internal/store"
)

// TidyArgs is the hourly job that deletes what has expired: web sessions
// and sign-in links.
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

// Tidy deletes expired sessions and sign-in tokens and reports how many
// rows went.
func (p *Pipeline) Tidy(ctx context.Context) (int64, error) {
	n, err := store.Sessions{S: p.store}.DeleteExpired(ctx)
	if err != nil {
		return n, err
	}
	err = p.store.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.DeleteExpiredTokens(ctx)
		n += m
		return err
	})
	if err != nil {
		return n, err
	}
	return n, p.store.Optimize(ctx)
}
