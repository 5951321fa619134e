package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// bulkCacheKiB is the writer's page cache while Bulk runs, in KiB (SQLite's
// default is 2,000). A load of a million articles touches the same index
// pages again and again; with the default cache each of them is read back
// from the file most times it is touched.
const bulkCacheKiB = 512 << 10

// Bulk calls fn(tx, i) for i from 0 to n-1 to load many rows at once,
// such as the bench's million synthetic articles, committing every per
// calls. On SQLite it is made for that: each distinct statement fn runs
// is prepared once a transaction (Update parses every statement afresh,
// which costs about as much as a small insert), statements do not watch
// ctx one by one (the SQLite driver starts a goroutine for each; Bulk
// checks ctx between calls), and until Bulk returns the writer connection
// keeps a page cache of bulkCacheKiB and its statement journals in
// memory. On PostgreSQL, whose driver keeps statements prepared anyway,
// each transaction is an Update. A transaction that fails is not
// retried; those committed before it stay.
func (s *Store) Bulk(ctx context.Context, n, per int, fn func(tx *Tx, i int) error) error {
	const op = "store.Bulk"
	per = max(per, 1)
	if s.engine != SQLite {
		for start := 0; start < n; start += per {
			err := s.Update(ctx, func(tx *Tx) error {
				for i := start; i < min(start+per, n); i++ {
					if err := ctx.Err(); err != nil {
						return err
					}
					if err := fn(tx, i); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	conn, err := s.db.Conn(ctx) // the writer's one connection, for its pragma
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer conn.Close()
	// The writer's settings while Bulk runs, given back afterwards: a big
	// page cache, and statement journals (copies of the pages a statement
	// changes, kept in case it fails) in memory rather than in files.
	for _, p := range []struct{ name, value string }{{"cache_size", fmt.Sprint(-bulkCacheKiB)}, {"temp_store", "MEMORY"}} {
		var was string
		if err := conn.QueryRowContext(ctx, `PRAGMA `+p.name).Scan(&was); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA `+p.name+` = `+p.value); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA `+p.name+` = `+was)
	}

	for start := 0; start < n; start += per {
		sqlTx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("%s: begin: %w", op, err)
		}
		kept := &keptStatements{tx: sqlTx, ctx: context.WithoutCancel(ctx), stmts: map[string]*sql.Stmt{}}
		tx := &Tx{q: kept, tx: sqlTx, Now: s.now(), s: s}
		for i := start; i < min(start+per, n) && err == nil; i++ {
			if err = ctx.Err(); err == nil {
				err = fn(tx, i)
			}
		}
		if err == nil {
			if err = sqlTx.Commit(); err != nil {
				err = fmt.Errorf("%s: commit: %w", op, err)
			}
		}
		kept.close()
		if err != nil {
			sqlTx.Rollback()
			return err
		}
	}
	return nil
}

// IndexPublishedAll does what IndexPublished does for each article of ids
// in turn, with terms[i] for ids[i]; search lists them newest first, as
// if each had been indexed when published, in this order. On SQLite it
// writes all the articles' places in publication order first and then
// their words, one after another: the full-text index writes what it has
// gathered in memory out as a new segment whenever a statement that may
// need undoing runs in the same transaction, so indexing articles one by
// one between other writes leaves a segment for each, to be merged at
// great cost (MergeSearchIndex).
func (tx *Tx) IndexPublishedAll(ctx context.Context, ids []int64, terms [][]string) error {
	const op = "store.IndexPublishedAll"
	if len(ids) != len(terms) {
		return fmt.Errorf("%s: %d articles but %d lists of terms", op, len(ids), len(terms))
	}
	if tx.s.engine != SQLite {
		for i, id := range ids {
			if err := tx.IndexPublished(ctx, id, terms[i]); err != nil {
				return err
			}
		}
		return nil
	}
	seqs := make([]int64, len(ids))
	again := make([]bool, len(ids)) // indexed before: its words are replaced
	for i, id := range ids {
		err := tx.q.QueryRowContext(ctx, `SELECT seq FROM published_order WHERE draft_id = $1`, id).Scan(&seqs[i])
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.q.QueryRowContext(ctx, `INSERT INTO published_order (draft_id) VALUES ($1) RETURNING seq`, id).Scan(&seqs[i])
		case err == nil:
			again[i] = true
		}
		if err != nil {
			return fmt.Errorf("%s: draft %d: %w", op, id, err)
		}
	}
	for i, seq := range seqs {
		var err error
		if again[i] {
			_, err = tx.q.ExecContext(ctx, `DELETE FROM published_search WHERE rowid = $1`, seq)
		}
		if err == nil {
			_, err = tx.q.ExecContext(ctx, `INSERT INTO published_search (rowid, terms) VALUES ($1, $2)`, seq, strings.Join(terms[i], " "))
		}
		if err != nil {
			return fmt.Errorf("%s: draft %d: %w", op, ids[i], err)
		}
	}
	return nil
}

// keptStatements runs a transaction's statements prepared, each once for
// the transaction, under its own ctx rather than the callers' (see Bulk).
// A transaction is one goroutine's, so it has no lock.
type keptStatements struct {
	tx    *sql.Tx
	ctx   context.Context
	stmts map[string]*sql.Stmt
}

func (k *keptStatements) stmt(query string) (*sql.Stmt, error) {
	if s, ok := k.stmts[query]; ok {
		return s, nil
	}
	s, err := k.tx.PrepareContext(k.ctx, query)
	if err != nil {
		return nil, err
	}
	k.stmts[query] = s
	return s, nil
}

func (k *keptStatements) ExecContext(_ context.Context, query string, args ...any) (sql.Result, error) {
	s, err := k.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(k.ctx, args...)
}

func (k *keptStatements) QueryContext(_ context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := k.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(k.ctx, args...)
}

func (k *keptStatements) QueryRowContext(_ context.Context, query string, args ...any) *sql.Row {
	s, err := k.stmt(query)
	if err != nil {
		// A Row cannot be made to hold an error from outside; running the
		// query unprepared reports it where the caller scans.
		return k.tx.QueryRowContext(k.ctx, query, args...)
	}
	return s.QueryRowContext(k.ctx, args...)
}

func (k *keptStatements) close() {
	for _, s := range k.stmts {
		s.Close()
	}
}
