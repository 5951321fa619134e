package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"beatdesk/internal/store"
)

// ScheduleArgs is the periodic job that queues a poll for every due source.
type ScheduleArgs struct{}

func (ScheduleArgs) Kind() string { return "schedule" }

type scheduleWorker struct {
	river.WorkerDefaults[ScheduleArgs]
	p *Pipeline
}

func (w *scheduleWorker) Work(ctx context.Context, job *river.Job[ScheduleArgs]) error {
	_, err := w.p.Schedule(ctx)
	return err
}

// Schedule queues a poll job for each source whose next poll is due and
// reports how many it queued. A source already queued is not queued twice.
func (p *Pipeline) Schedule(ctx context.Context) (int, error) {
	n := 0
	err := p.store.Update(ctx, func(tx *store.Tx) error {
		due, err := tx.DueSources(ctx, 1000)
		if err != nil {
			return err
		}
		for _, src := range due {
			res, err := p.queue.client.InsertTx(ctx, tx.SQL(), PollArgs{SourceID: src.ID}, whileQueued(queueDefault, time.Time{}))
			if err != nil {
				return err
			}
			if !res.UniqueSkippedAsDuplicate {
				n++
			}
		}
		return nil
	})
	return n, err
}
