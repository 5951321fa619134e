package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"beatdesk/internal/store"
)

// TestUserRole adds desk users from the command line, changes a role, and
// checks the errors a person would make: an unknown role, a missing role,
// an unknown user, demoting the last admin.
func TestUserRole(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "desk.db")
	run := func(stdin string, args ...string) (string, error) {
		var out strings.Builder
		err := runUser(ctx, append(args, "--db", db), strings.NewReader(stdin), &out)
		return out.String(), err
	}
	for _, u := range [][]string{{"boss@example.org", "admin"}, {"ana@example.org", "viewer"}} {
		if _, err := run("a long enough password\n", "add", u[0], "--role", u[1]); err != nil {
			t.Fatalf("add %s: %v", u[0], err)
		}
	}
	if out, err := run("another long password\n", "passwd", "ana@example.org"); err != nil || !strings.Contains(out, "password changed") {
		t.Fatalf("passwd: %q, %v", out, err)
	}
	out, err := run("", "role", "ana@example.org", "editor")
	if err != nil || !strings.Contains(out, "ana@example.org is now editor") {
		t.Fatalf("role change: %q, %v", out, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"role", "ana@example.org", "owner"}, `role "owner" is not one of admin, editor, viewer`},
		{[]string{"role", "ana@example.org"}, "say which role"},
		{[]string{"role", "nobody@example.org", "editor"}, "there is no desk user nobody@example.org"},
		{[]string{"role", "boss@example.org", "viewer"}, "only admin"},
		{[]string{"promote", "ana@example.org"}, "use add, passwd or role"},
	} {
		_, err := run("", c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("user %s: %v, want an error saying %q", strings.Join(c.args, " "), err, c.want)
		}
	}

	s, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.View(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(ctx, "ana@example.org")
		if err != nil || u.Role != "editor" {
			t.Errorf("ana after the failed changes: %q, %v; want editor", u.Role, err)
		}
		log, err := tx.DeskLog(ctx, 10)
		if err != nil || len(log) != 4 || log[1].Action != "password changed" || log[0].Action != "role changed" || log[0].Actor != actorCommandLine || log[0].Note != "viewer → editor" {
			t.Errorf("desk log: %+v, %v", log, err)
		}
		return nil
	})
}
