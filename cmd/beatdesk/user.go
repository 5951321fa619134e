package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/password"
	"beatdesk/internal/store"
)

// runUser manages desk accounts. Passwords are read from the first line of
// stdin so they never appear in the process list or shell history.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: beatdesk user add EMAIL [--role admin|editor|viewer] [--name NAME], or beatdesk user passwd EMAIL; the password is read from stdin")
	}
	verb, email := args[0], args[1]
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	role := fs.String("role", beatdesk.RoleEditor, "admin, editor or viewer")
	name := fs.String("name", "", "the person's name")
	db := fs.String("db", config.Default().DB, "database")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	if v := getenv("BEATDESK_DB"); v != "" && !flagSet(fs, "db") {
		*db = v
	}
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	hash, err := password.Hash(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Update(ctx, func(tx *store.Tx) error {
		switch verb {
		case "add":
			if _, err := tx.AddUser(ctx, beatdesk.User{Email: email, Name: *name, Role: *role, PasswordHash: hash}); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "added %s (%s)\n", email, *role)
		case "passwd":
			u, err := tx.UserByEmail(ctx, strings.ToLower(email))
			if err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "password changed for %s\n", email)
		default:
			return fmt.Errorf("unknown user command %q: use add or passwd", verb)
		}
		return nil
	})
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
