package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"beatdesk"
	"beatdesk/internal/config"
	"beatdesk/internal/password"
	"beatdesk/internal/store"
)

const userUsage = "usage: beatdesk user add EMAIL [--role admin|editor|viewer] [--name NAME], " +
	"beatdesk user passwd EMAIL (the password is read from stdin), or beatdesk user role EMAIL admin|editor|viewer"

// actorCommandLine names the operator at the server's command line in the
// desk log.
const actorCommandLine = "command line"

// runUser manages desk accounts. Passwords are read from the first line of
// stdin so they never appear in the process list or shell history.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("%s", userUsage)
	}
	verb, email := args[0], args[1]
	var newRole string
	switch verb {
	case "add", "passwd":
	case "role":
		if len(args) < 3 || strings.HasPrefix(args[2], "-") {
			return fmt.Errorf("say which role to give %s: beatdesk user role EMAIL admin|editor|viewer", email)
		}
		newRole, args = args[2], append(args[:2:2], args[3:]...)
		if err := beatdesk.CheckRole(newRole); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown user command %q: use add, passwd or role (%s)", verb, userUsage)
	}
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
	var hash string
	if verb != "role" {
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		var err error
		if hash, err = password.Hash(strings.TrimRight(line, "\r\n")); err != nil {
			return err
		}
	}
	s, err := store.Open(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Update(ctx, func(tx *store.Tx) error {
		switch verb {
		case "add":
			if _, err := tx.AddUserBy(ctx, beatdesk.User{Email: email, Name: *name, Role: *role, PasswordHash: hash}, actorCommandLine); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "added %s (%s)\n", email, *role)
		case "passwd":
			u, err := tx.UserByEmail(ctx, strings.ToLower(email))
			if err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, hash, actorCommandLine); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "password changed for %s\n", email)
		case "role":
			u, err := tx.SetRole(ctx, email, newRole, actorCommandLine)
			if errors.Is(err, beatdesk.ErrNotFound) {
				return fmt.Errorf("there is no desk user %s; add one with beatdesk user add %s --role %s", email, email, newRole)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s is now %s\n", u.Email, u.Role)
		}
		return nil
	})
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
