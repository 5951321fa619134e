package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"beatdesk/internal/store"
)

// TestMigrateOutOfOrder: a database made before migration 00008
// (numbered below one already applied, 00010) gets it on the next start
// instead of refusing to open.
func TestMigrateOutOfOrder(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Wind the database back to before 00008, leaving 00010 applied.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE draft_revisions`, `DROP TABLE draft_notices`, `DROP TABLE desk_log`, `DROP INDEX draft_events_at`,
		`DELETE FROM goose_db_version WHERE version_id = 8`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err = store.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("reopening a database without 00008: %v", err)
	}
	defer s.Close()
	err = s.Update(ctx, func(tx *store.Tx) error { return tx.LogDesk(ctx, "system", "checked", "migrations", "") })
	if err != nil {
		t.Errorf("after the late migration: %v", err)
	}
}
