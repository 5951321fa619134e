package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxStatements caps how many distinct queries the reader pool keeps
// prepared; queries beyond it run unprepared, as every query did before.
const maxStatements = 256

// statements runs View's queries on SQLite through statements prepared
// once per reader connection and kept. The SQLite driver otherwise parses
// and plans every query afresh, which on the reader site's pages cost more
// than running them. (pgx keeps its own statement cache per connection.)
// Update does not use them: preparing takes a connection of the pool, and
// the writer's one connection is the transaction's.
type statements struct {
	db *sql.DB

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
	full  bool
}

func newStatements(db *sql.DB) *statements {
	return &statements{db: db, stmts: map[string]*sql.Stmt{}}
}

// prepared returns the kept statement for query, preparing it the first
// time; nil when it cannot be kept. It prepares outside the lock: that
// waits for a free connection, and no query should wait on it meanwhile.
func (st *statements) prepared(ctx context.Context, query string) *sql.Stmt {
	st.mu.RLock()
	s, full := st.stmts[query], st.full
	st.mu.RUnlock()
	if s != nil || full {
		return s
	}
	s, err := st.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the query runs unprepared and reports its own error
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	switch kept := st.stmts[query]; {
	case kept != nil: // prepared meanwhile by another request
		s.Close()
		return kept
	case st.full || len(st.stmts) >= maxStatements:
		st.full = true
		s.Close()
		return nil
	}
	st.stmts[query] = s
	return s
}

func (st *statements) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := st.prepared(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return st.db.QueryContext(ctx, query, args...)
}

func (st *statements) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := st.prepared(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return st.db.QueryRowContext(ctx, query, args...)
}

// ExecContext is not expected in View (the reader pool is read-only); it
// runs unprepared.
func (st *statements) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return st.db.ExecContext(ctx, query, args...)
}

func (st *statements) close() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for q, s := range st.stmts {
		s.Close()
		delete(st.stmts, q)
	}
	st.full = true // nothing more is prepared on a closed pool
}
