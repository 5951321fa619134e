package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"beatdesk"
)

// Engine names a database engine. It is also the migrations folder name.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// The SQL in this package is written once for both engines: both accept
// $1 placeholders, RETURNING, ON CONFLICT and boolean literals. What differs
// is kept here: how times and unique violations come back.

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// timeOf reads a nullable time column.
func timeOf(nt sql.NullTime) time.Time {
	if !nt.Valid {
		return time.Time{}
	}
	return nt.Time.UTC()
}

func isUnique(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

func notFound(op, what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return &beatdesk.Error{Kind: beatdesk.ErrNotFound, Op: op, Msg: what + " not found", Err: err}
	}
	return err
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain structs are marshalled
	}
	return string(b)
}

func fromJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}
