// Package store keeps everything beatdesk knows in SQL: SQLite by default,
// PostgreSQL when the DSN says so. All SQL is written by hand on
// database/sql and is the same for both engines except where dialect.go
// says otherwise; each engine has its own embedded migrations.
//
// Work happens in transactions: Update runs a write transaction (on SQLite,
// on the single writer connection), View a read on the reader pool. Both
// hand the callback a *Tx carrying one timestamp for the whole transaction.
// A job queue can enqueue work in the same transaction through Tx.SQL, so a
// step's result and the next step's job commit together or not at all.
package store
