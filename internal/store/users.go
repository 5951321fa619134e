package store

import (
	"context"
	"fmt"
	"strings"

	"beatdesk"
)

// AddUser stores a desk user, logged as added by the system. The
// password must already be hashed. An existing email is ErrConflict.
func (tx *Tx) AddUser(ctx context.Context, u beatdesk.User) (int64, error) {
	return tx.AddUserBy(ctx, u, ActorSystem)
}

// AddUserBy stores a desk user and records in the desk log that actor
// added them. The password must already be hashed. An existing email is
// ErrConflict; an unknown role, ErrInvalid.
func (tx *Tx) AddUserBy(ctx context.Context, u beatdesk.User, actor string) (int64, error) {
	const op = "store.AddUser"
	email, err := beatdesk.NormaliseEmail(u.Email)
	if err != nil {
		return 0, err
	}
	if err := beatdesk.CheckRole(u.Role); err != nil {
		return 0, err
	}
	var id int64
	err = tx.q.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, email, u.Name, u.Role, u.PasswordHash, tx.Now).Scan(&id)
	if isUnique(err) {
		return 0, beatdesk.Errorf(beatdesk.ErrConflict, op, "a user with email %s already exists", email)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	return id, tx.LogDesk(ctx, actor, "user added", email, "role "+u.Role)
}

// UserByEmail returns the desk user with that email, or ErrNotFound.
func (tx *Tx) UserByEmail(ctx context.Context, email string) (beatdesk.User, error) {
	var u beatdesk.User
	err := tx.q.QueryRowContext(ctx, `SELECT id, email, name, role, password_hash, created_at FROM users WHERE email = $1`,
		email).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.CreatedAt)
	return u, notFound("store.UserByEmail", "user "+email, err)
}

// User returns the desk user with that id, or ErrNotFound.
func (tx *Tx) User(ctx context.Context, id int64) (beatdesk.User, error) {
	var u beatdesk.User
	err := tx.q.QueryRowContext(ctx, `SELECT id, email, name, role, password_hash, created_at FROM users WHERE id = $1`,
		id).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.CreatedAt)
	return u, notFound("store.User", fmt.Sprintf("user %d", id), err)
}

// SetPassword replaces a user's password hash and logs that actor did
// it (never the hash).
func (tx *Tx) SetPassword(ctx context.Context, id int64, hash, actor string) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash)
	if err != nil {
		return fmt.Errorf("store.SetPassword: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return beatdesk.Errorf(beatdesk.ErrNotFound, "store.SetPassword", "user %d not found", id)
	}
	u, err := tx.User(ctx, id)
	if err != nil {
		return err
	}
	return tx.LogDesk(ctx, actor, "password changed", u.Email, "")
}

// SetRole gives the user with that email a new role and logs that actor
// did it. An unknown role is ErrInvalid, an unknown user ErrNotFound, and
// taking the role of admin from the last admin ErrConflict (the desk would
// have nobody left to manage it).
func (tx *Tx) SetRole(ctx context.Context, email, role, actor string) (beatdesk.User, error) {
	const op = "store.SetRole"
	if err := beatdesk.CheckRole(role); err != nil {
		return beatdesk.User{}, err
	}
	u, err := tx.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return u, err
	}
	if u.Role == role {
		return u, nil
	}
	if u.Role == beatdesk.RoleAdmin {
		var admins int
		if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = $1`, beatdesk.RoleAdmin).Scan(&admins); err != nil {
			return u, fmt.Errorf("%s: %w", op, err)
		}
		if admins <= 1 {
			return u, beatdesk.Errorf(beatdesk.ErrConflict, op, "%s is the only admin; make someone else admin first", u.Email)
		}
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE users SET role = $2 WHERE id = $1`, u.ID, role); err != nil {
		return u, fmt.Errorf("%s: %w", op, err)
	}
	note := fmt.Sprintf("%s → %s", u.Role, role)
	u.Role = role
	return u, tx.LogDesk(ctx, actor, "role changed", u.Email, note)
}

// Users lists the desk's users by email.
func (tx *Tx) Users(ctx context.Context) ([]beatdesk.User, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT id, email, name, role, password_hash, created_at FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store.Users: %w", err)
	}
	defer rows.Close()
	var out []beatdesk.User
	for rows.Next() {
		var u beatdesk.User
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.CreatedAt); err != nil {
			return nil, fmt.Errorf("store.Users: %w", err)
		}
		u.PasswordHash = "" // nobody listing users needs it
		out = append(out, u)
	}
	return out, rows.Err()
}
