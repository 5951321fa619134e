package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

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

// How much one sweep does: it looks at up to sweepMax due sources (the
// most urgent first) and queues their polls in transactions of insertBatch,
// so that 10,000 feeds falling due together are queued in one sweep
// without holding SQLite's one writer for long at a time.
const (
	sweepMax    = 50000
	insertBatch = 1000
)

// sweepMemory remembers the poll job queued last for each due source. A
// source whose job is still waiting, snoozed or running is skipped with one
// cheap read of the queued poll jobs' ids, instead of being inserted again
// only for River's uniqueness to refuse it: while thousands of polls wait
// for their hosts, every sweep would otherwise rewrite thousands of rows.
type sweepMemory struct {
	mu   sync.Mutex
	jobs map[int64]int64 // source id → poll job id
}

// Schedule queues a poll job for each source whose next poll is due and
// reports how many it queued. A source already queued is not queued twice.
func (p *Pipeline) Schedule(ctx context.Context) (int, error) {
	var due []int64
	err := p.store.View(ctx, func(tx *store.Tx) error {
		srcs, err := tx.DueSources(ctx, sweepMax)
		for _, s := range srcs {
			due = append(due, s.ID)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	queued, err := p.queuedPolls(ctx)
	if err != nil {
		return 0, err
	}
	m := &p.sweep
	m.mu.Lock()
	if m.jobs == nil {
		m.jobs = map[int64]int64{}
	}
	todo := due[:0]
	isDue := make(map[int64]bool, len(due))
	for _, id := range due {
		isDue[id] = true
		if job, ok := m.jobs[id]; !ok || !queued[job] {
			todo = append(todo, id)
		}
	}
	for id := range m.jobs {
		if !isDue[id] {
			delete(m.jobs, id) // polled since, and not due again yet
		}
	}
	m.mu.Unlock()

	n := 0
	for start := 0; start < len(todo); start += insertBatch {
		batch := todo[start:min(start+insertBatch, len(todo))]
		params := make([]river.InsertManyParams, len(batch))
		for i, id := range batch {
			params[i] = river.InsertManyParams{Args: PollArgs{SourceID: id}, InsertOpts: whileQueued(queuePoll, time.Time{})}
		}
		var res []*rivertype.JobInsertResult
		err := p.store.Update(ctx, func(tx *store.Tx) (err error) {
			res, err = p.queue.client.InsertManyTx(ctx, tx.SQL(), params)
			return err
		})
		if err != nil {
			return n, err
		}
		m.mu.Lock()
		for _, r := range res {
			if !r.UniqueSkippedAsDuplicate {
				n++
			}
			// The new job, or the one already queued. (Read from its
			// arguments: River does not promise the order of results.)
			var args PollArgs
			if json.Unmarshal(r.Job.EncodedArgs, &args) == nil && args.SourceID != 0 {
				m.jobs[args.SourceID] = r.Job.ID
			}
		}
		m.mu.Unlock()
	}
	return n, nil
}

// queuedPolls returns the ids of the poll jobs waiting, snoozed, retrying
// or running. It reads River's own table, as Backlog does.
func (p *Pipeline) queuedPolls(ctx context.Context) (map[int64]bool, error) {
	rows, err := p.store.DB().QueryContext(ctx, `SELECT id FROM river_job
		WHERE state IN ('available', 'pending', 'retryable', 'running', 'scheduled') AND kind = 'poll'`)
	if err != nil {
		return nil, fmt.Errorf("jobs.Schedule: reading the queued polls: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("jobs.Schedule: reading the queued polls: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
