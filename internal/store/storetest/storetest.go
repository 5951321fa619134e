// Package storetest gives each test a fresh, real database: a SQLite file
// in the test's temporary directory, and, when BEATDESK_TEST_POSTGRES holds
// a DSN, a PostgreSQL schema of its own (dropped afterwards) so tests can
// run in parallel against one server.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"beatdesk/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL DSN for tests.
const EnvPostgres = "BEATDESK_TEST_POSTGRES"

// Run runs fn once per engine available: always on SQLite, and on
// PostgreSQL when BEATDESK_TEST_POSTGRES is set. Under CI=true a
// PostgreSQL that cannot be reached fails the test instead of skipping.
func Run(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Engines lists the engines tests run on here.
func Engines() []store.Engine {
	if os.Getenv(EnvPostgres) != "" {
		return []store.Engine{store.SQLite, store.Postgres}
	}
	return []store.Engine{store.SQLite}
}

// Open returns a fresh, migrated store on engine e, closed when the test ends.
func Open(t testing.TB, e store.Engine) *store.Store {
	t.Helper()
	dsn := DSN(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", e, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DSN returns the address of a fresh, empty database on engine e: a new
// SQLite file, or a new PostgreSQL schema dropped when the test ends. It
// is for tests that open the store themselves, such as tests of Main.
func DSN(t testing.TB, e store.Engine) string {
	t.Helper()
	if e == store.SQLite {
		return filepath.Join(t.TempDir(), "beatdesk.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip("storetest: set " + EnvPostgres + " to a PostgreSQL DSN to run this on PostgreSQL")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("storetest: PostgreSQL at %s is unreachable under CI: %v", base, err)
		}
		t.Skipf("storetest: PostgreSQL at %s is unreachable: %v", base, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storetest: %s is not a URL: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
