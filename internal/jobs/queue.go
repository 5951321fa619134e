package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"beatdesk/internal/store"
)

// Queues. Polls and page fetches wait on the network, not the CPU, so
// each has its own pool of Config.Fetchers workers: a crowd of due polls
// cannot hold back the pages of entries already found, and neither holds
// back the rest. A job whose host is not ready does not wait in its worker
// either: it is snoozed until the host's turn (see busy.go). Clustering
// works one article at a time, so two similar articles arriving together
// cannot start two stories: Cluster holds the open stories' lock
// throughout. Its queue still takes clusterWorkers jobs at a time, so that
// River fetches them in batches and their writes share a transaction
// (groupcommit.go): one job, one fetch and one wait for SQLite's writer
// per article capped clustering at a few articles a second.
const (
	queueDefault = river.QueueDefault
	queuePoll    = "poll"
	queueFetch   = "fetch"
	queueCluster = "cluster"
)

// clusterWorkers is how many cluster jobs River hands out at once; they
// run one after the other (see above).
const clusterWorkers = 8

// DefaultFetchers is the size of the poll pool and of the fetch pool when
// Config.Fetchers is 0.
const DefaultFetchers = 24

// Queue is the job queue bound to a store.
type Queue struct {
	client   *river.Client[*sql.Tx]
	store    *store.Store
	pipeline *Pipeline // nil when the queue only inserts
	lock     *os.File
}

func driver(s *store.Store) riverdriver.Driver[*sql.Tx] {
	if s.Engine() == store.Postgres {
		return riverdatabasesql.New(s.DB())
	}
	return riversqlite.New(s.DB())
}

// Migrate creates or updates River's own tables.
func Migrate(ctx context.Context, s *store.Store) error {
	m, err := rivermigrate.New(driver(s), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("jobs.Migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs.Migrate: %w", err)
	}
	return nil
}

// Open returns a queue that can enqueue jobs. With p non-nil it also works
// them once Start is called; with p nil it only inserts (the web role).
func Open(ctx context.Context, s *store.Store, p *Pipeline, logger *slog.Logger) (*Queue, error) {
	if err := Migrate(ctx, s); err != nil {
		return nil, err
	}
	cfg := &river.Config{
		Logger:               logger.With("part", "river"),
		FetchPollInterval:    200 * time.Millisecond,
		FetchCooldown:        50 * time.Millisecond,
		JobTimeout:           5 * time.Minute,
		RescueStuckJobsAfter: 10 * time.Minute,
		MaxAttempts:          5,
		PollOnly:             true, // database/sql has no LISTEN; polling is cheap at this interval
		// 10,000 feeds finish over a million polls a day; River's default
		// of keeping finished jobs for a day would keep them all. Nothing
		// reads them back: each step checks its own work in the store.
		CompletedJobRetentionPeriod: time.Hour,
	}
	q := &Queue{store: s, pipeline: p}
	if p != nil {
		if s.Engine() == store.SQLite {
			if err := q.takeSQLiteWorkerLock(ctx); err != nil {
				return nil, err
			}
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &scheduleWorker{p: p})
		river.AddWorker(workers, &pollWorker{p: p})
		river.AddWorker(workers, &fetchWorker{p: p})
		river.AddWorker(workers, &clusterWorker{p: p})
		river.AddWorker(workers, &writeWorker{p: p})
		river.AddWorker(workers, &updateWorker{p: p})
		river.AddWorker(workers, &tidyWorker{p: p})
		addWebSubWorkers(workers, p)
		addNewsletterWorkers(workers, p)
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{
			queueDefault: {MaxWorkers: p.cfg.Workers},
			queuePoll:    {MaxWorkers: p.fetchers()},
			queueFetch:   {MaxWorkers: p.fetchers()},
			queueCluster: {MaxWorkers: clusterWorkers},
		}
		cfg.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(p.scheduleEvery()),
				func() (river.JobArgs, *river.InsertOpts) { return ScheduleArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return TidyArgs{}, nil }, nil),
		}
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, webSubPeriodic(p)...)
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, newsletterPeriodic(p)...)
	}
	client, err := river.NewClient(driver(s), cfg)
	if err != nil {
		q.Close()
		return nil, fmt.Errorf("jobs.Open: %w", err)
	}
	q.client = client
	if p != nil {
		p.queue = q
	}
	return q, nil
}

// takeSQLiteWorkerLock makes sure one process works a SQLite database's
// queue, which lets it hand jobs that a killed process left running straight
// back to the queue instead of waiting for River's rescue timeout.
func (q *Queue) takeSQLiteWorkerLock(ctx context.Context) error {
	path := q.store.Path() + ".worker-lock"
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("jobs: cannot create %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("jobs: another beatdesk process is already working %s (lock %s); run one worker per SQLite database, or use PostgreSQL for several", filepath.Base(q.store.Path()), path)
	}
	q.lock = f
	// We hold the only worker lock, so any job still marked running was
	// left by a process that died: make it available again now.
	// (Its scheduled_at is already in the past.)
	_, err = q.store.DB().ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running'`)
	if err != nil {
		return fmt.Errorf("jobs: requeue jobs of a stopped process: %w", err)
	}
	return nil
}

// Start begins working jobs. It queues the due polls at once rather than
// waiting for River to elect the leader that runs periodic jobs.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return err
	}
	if q.pipeline != nil {
		if _, err := q.pipeline.Schedule(ctx); err != nil {
			return fmt.Errorf("jobs: first schedule: %w", err)
		}
	}
	return nil
}

// Stop lets running jobs finish (up to ctx's deadline), then stops.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if err != nil {
		err = q.client.StopAndCancel(context.Background())
	}
	return err
}

// Close releases the worker lock.
func (q *Queue) Close() {
	if q.lock != nil {
		q.lock.Close()
		q.lock = nil
	}
}

// insertTx enqueues args inside tx so it commits with the step's result.
func (q *Queue) insertTx(ctx context.Context, tx *store.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), args, opts)
	return err
}

// Insert enqueues a job on its own.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.client.Insert(ctx, args, opts)
	return err
}

// Once makes a job unique by its arguments for ever: the job for item 7 is
// inserted once, however many times a poll sees item 7.
var once = &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: rivertype.UniqueOptsByStateDefault()}}

// fetchOnce is once on the fetch queue.
var fetchOnce = &river.InsertOpts{Queue: queueFetch, UniqueOpts: once.UniqueOpts}

// whileQueued makes a job unique by its arguments only while it waits or
// runs, so it can be queued again once done (the next poll of a source).
// A zero at means now: River holds a job given any time as "scheduled"
// until its next scheduling pass, seconds later.
func whileQueued(queue string, at time.Time) *river.InsertOpts {
	return &river.InsertOpts{Queue: queue, ScheduledAt: at, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateRetryable,
	}}}
}

// JobCounts reports jobs by state, for progress and tests.
func JobCounts(ctx context.Context, s *store.Store) (map[string]int, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT state, count(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}

// Pending counts pipeline jobs (not the periodic scheduler) that are
// waiting, scheduled, retrying or running.
func Pending(ctx context.Context, s *store.Store) (int, error) {
	var n int
	err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE kind NOT IN ('schedule', 'tidy', 'websub_renew')
		AND state IN ('available', 'pending', 'retryable', 'running', 'scheduled')`).Scan(&n)
	return n, err
}
