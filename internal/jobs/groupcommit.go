package jobs

import (
	"context"
	"fmt"
	"sync"
	"time"

	"beatdesk/internal/store"
)

// groupCommitTimeout bounds one group's transaction, which runs on behalf
// of several jobs and so is not cancelled with the one that leads it.
const groupCommitTimeout = time.Minute

// A groupCommit writes the steps of concurrent jobs (the polls, the
// fetches) in shared transactions. SQLite has one writer, and every step
// that writes waits for it behind River's own statements; a busy machine
// stretches each wait, and a step that writes under a lock (a fetch's
// copy check) holds it for the wait too. Here a step's write joins the
// group waiting to be written; the first to arrive leads, writing all that
// are waiting in one transaction, then any that arrived meanwhile, and
// each step returns once its own write has committed, or failed.
//
// Each write runs inside a savepoint, so one that fails is undone alone
// and reports its own error; a transaction that fails reports its error
// to every write in it, and they are retried as jobs. A write must have no
// effect outside the transaction (store.Update may run it again).
type groupCommit struct {
	store *store.Store
	// begin and end, when set, run around each group's transaction (end
	// says whether it committed); the leader calls them, one group at a
	// time.
	begin func()
	end   func(committed bool)
	// alone writes each step in its own transaction, as store.Update does:
	// for the polls on PostgreSQL, which takes concurrent writers, where a
	// group would only line up their round trips one behind the other.
	alone bool

	mu      sync.Mutex
	waiting []*groupWrite
	leading bool
}

type groupWrite struct {
	fn   func(tx *store.Tx) error
	done chan error
}

// update runs fn in a transaction shared with the writes waiting with it
// and returns fn's error, or the transaction's.
func (g *groupCommit) update(ctx context.Context, fn func(tx *store.Tx) error) error {
	if g.alone {
		return g.store.Update(ctx, fn)
	}
	w := &groupWrite{fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.waiting = append(g.waiting, w)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		g.lead(context.WithoutCancel(ctx))
	}
	select {
	case err := <-w.done:
		return err
	case <-ctx.Done():
		// The write may still commit: its job will find it done.
		return ctx.Err()
	}
}

// lead writes groups until none is waiting.
func (g *groupCommit) lead(ctx context.Context) {
	for {
		g.mu.Lock()
		group := g.waiting
		g.waiting = nil
		if len(group) == 0 {
			g.leading = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		g.write(ctx, group)
	}
}

// write runs one group's writes in one transaction and tells each its
// outcome.
func (g *groupCommit) write(ctx context.Context, group []*groupWrite) {
	ctx, cancel := context.WithTimeout(ctx, groupCommitTimeout)
	defer cancel()
	if g.begin != nil {
		g.begin()
	}
	errs := make([]error, len(group))
	err := g.store.Update(ctx, func(tx *store.Tx) error {
		for i, w := range group {
			if errs[i] = savepoint(ctx, tx, w.fn); errs[i] != nil && isRollbackFailure(errs[i]) {
				return errs[i]
			}
		}
		return nil
	})
	if g.end != nil {
		g.end(err == nil)
	}
	for i, w := range group {
		if err != nil {
			w.done <- err
		} else {
			w.done <- errs[i]
		}
	}
}

// rollbackFailure is a savepoint that could not be undone: the whole
// transaction must then be.
type rollbackFailure struct{ error }

func (r rollbackFailure) Unwrap() error { return r.error }

func isRollbackFailure(err error) bool {
	_, ok := err.(rollbackFailure)
	return ok
}

// savepoint runs fn inside a savepoint of tx, undoing its writes alone
// when it fails.
func savepoint(ctx context.Context, tx *store.Tx, fn func(tx *store.Tx) error) error {
	if _, err := tx.SQL().ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
		return rollbackFailure{fmt.Errorf("jobs: savepoint: %w", err)}
	}
	if err := fn(tx); err != nil {
		if _, rerr := tx.SQL().ExecContext(ctx, "ROLLBACK TO SAVEPOINT group_write"); rerr != nil {
			return rollbackFailure{fmt.Errorf("jobs: undoing a failed write (%v): %w", err, rerr)}
		}
		if _, rerr := tx.SQL().ExecContext(ctx, "RELEASE SAVEPOINT group_write"); rerr != nil {
			return rollbackFailure{fmt.Errorf("jobs: undoing a failed write (%v): %w", err, rerr)}
		}
		return err
	}
	if _, err := tx.SQL().ExecContext(ctx, "RELEASE SAVEPOINT group_write"); err != nil {
		return rollbackFailure{fmt.Errorf("jobs: savepoint: %w", err)}
	}
	return nil
}
