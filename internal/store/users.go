package store

import (
	"context"
	"fmt"

	"beatdesk"
)

// AddUser stores a desk user. The password must already be hashed. An
// existing email is ErrConflict.
func (tx *Tx) AddUser(ctx context.Context, u beatdesk.User) (int64, error) {
	const op = "store.AddUser"
	email, err := beatdesk.NormaliseEmail(u.Email)
	if err != nil {
		return 0, err
	}
	switch u.Role {
	case beatdesk.RoleAdmin, beatdesk.RoleEditor, beatdesk.RoleViewer:
	default:
		return 0, beatdesk.Errorf(beatdesk.ErrInvalid, op, "role %q is not one of admin, editor, viewer", u.Role)
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
	return id, nil
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

// SetPassword replaces a user's password hash.
func (tx *Tx) SetPassword(ctx context.Context, id int64, hash string) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash)
	if err != nil {
		return fmt.Errorf("store.SetPassword: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return beatdesk.Errorf(beatdesk.ErrNotFound, "store.SetPassword", "user %d not found", id)
	}
	return nil
}
