package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"beatdesk"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Store is the database. Open it with Open; close it with Close.
type Store struct {
	engine Engine
	path   string  // the SQLite file; "" on PostgreSQL
	db     *sql.DB // writer: one connection on SQLite
	rdb    *sql.DB // readers: a pool; the same as db on PostgreSQL
	reads  querier // what View reads through: rdb, with kept statements on SQLite
	now    func() time.Time
}

// Open connects to the database named by dsn: a PostgreSQL URL
// (postgres://...), or a SQLite file path (optionally prefixed "sqlite:" or
// "file:"). It applies pending migrations. now may be nil (time.Now).
//
// It returns ErrInvalid when the DSN cannot be understood and
// ErrUnavailable when the database cannot be reached.
func Open(ctx context.Context, dsn string, now func() time.Time) (*Store, error) {
	const op = "store.Open"
	if now == nil {
		now = time.Now
	}
	s := &Store{now: func() time.Time { return now().UTC() }}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.engine = Postgres
		s.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "the PostgreSQL DSN is not valid; write it as postgres://user@host:5432/dbname", Err: err}
		}
		s.db.SetMaxOpenConns(20)
		// Keep them open while busy (database/sql keeps two idle by
		// default): at 32 requests in flight the rest were closed and
		// opened again, a server process started for each, which cost
		// PostgreSQL 2 ms of CPU a page served. Idle ones close after a while.
		s.db.SetMaxIdleConns(20)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
		s.rdb = s.db
	default:
		s.engine = SQLite
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
		if path == "" {
			return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "no database given; pass a SQLite file path or a postgres:// URL")
		}
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		s.path = path
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: "cannot create the database's directory " + dir, Err: err}
			}
		}
		// busy_timeout comes before journal_mode so that switching to WAL
		// waits instead of failing when another process holds the file.
		base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
		s.db, err = sql.Open("sqlite", base+"&_txlock=immediate")
		if err != nil {
			return nil, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: "cannot open SQLite file " + path, Err: err}
		}
		// One writer: SQLite allows one at a time, and River's SQLite driver
		// wants exactly this.
		s.db.SetMaxOpenConns(1)
		s.rdb, err = sql.Open("sqlite", base+"&_pragma=query_only(1)")
		if err != nil {
			return nil, err
		}
		s.rdb.SetMaxOpenConns(8)
		// Keep them all (database/sql keeps two idle by default): each holds
		// its page cache and prepared statements, lost when it is closed.
		s.rdb.SetMaxIdleConns(8)
		s.reads = newStatements(s.rdb)
	}
	if s.reads == nil {
		s.reads = s.rdb
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.Close()
		return nil, &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: op, Msg: fmt.Sprintf("cannot reach the %s database; check that it is running and the DSN is right", s.engine), Err: err}
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Engine tells which database is behind the store.
func (s *Store) Engine() Engine { return s.engine }

// Path returns the SQLite file's path, or "" on PostgreSQL.
func (s *Store) Path() string { return s.path }

// DB returns the writer pool, for the job queue's driver.
func (s *Store) DB() *sql.DB { return s.db }

// Now returns the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close closes both pools.
func (s *Store) Close() error {
	var errs []error
	if st, ok := s.reads.(*statements); ok {
		st.close()
	}
	if s.rdb != nil && s.rdb != s.db {
		errs = append(errs, s.rdb.Close())
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	return errors.Join(errs...)
}

func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.engine))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
	}
	// Migrations are numbered when work on them starts, so one may land
	// after a higher number is already applied; apply it then.
	p, err := goose.NewProvider(dialect, s.db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("store.migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: "store.migrate", Msg: "applying database migrations failed", Err: err}
	}
	return nil
}

// A Tx is one transaction (or, from View, one consistent set of reads)
// with the timestamp taken when it began.
type Tx struct {
	q   querier
	tx  *sql.Tx // nil in View
	Now time.Time
	s   *Store
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SQL returns the underlying transaction, so a job queue can enqueue in it.
// It is nil inside View.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// Update runs fn in a write transaction and commits when fn returns nil.
// On SQLite a transaction that finds the database locked is retried a few
// times with a short random pause, so fn must not have side effects outside
// the transaction.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := s.update(ctx, fn)
		if err == nil || !isBusy(err) || attempt == 4 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(20+rand.IntN(80)*(attempt+1)) * time.Millisecond):
		}
	}
}

func (s *Store) update(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{q: sqlTx, tx: sqlTx, Now: s.now(), s: s}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// View runs fn against the reader pool. Reads are not in one snapshot; use
// Update when they must be.
func (s *Store) View(ctx context.Context, fn func(tx *Tx) error) error {
	return fn(&Tx{q: s.reads, Now: s.now(), s: s})
}

func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// Optimize refreshes the statistics the query planner chooses indexes by.
// On SQLite a fresh or fast-grown database has none or stale ones, and
// the planner may then sort a whole table for a list the reader site asks
// for newest first instead of walking the index that has it in order
// (0.25 s against 1 ms at 100,000 articles). SQLite's own advice is to
// run PRAGMA optimize from time to time: the hourly tidy job does. (Not
// at Open: statistics of a new, empty database would tell the planner
// every table is tiny, and it would scan them as they grow.) PostgreSQL
// keeps its statistics itself (autovacuum). It also takes one step of
// merging the search index (MergeSearchIndex).
func (s *Store) Optimize(ctx context.Context) error {
	if s.engine != SQLite {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `PRAGMA optimize=0x10002`); err != nil {
		return fmt.Errorf("store.Optimize: %w", err)
	}
	_, err := s.MergeSearchIndex(ctx)
	return err
}
