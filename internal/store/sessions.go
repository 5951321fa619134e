package store

import (
	"context"
	"database/sql"
	"time"
)

// Sessions keeps web sessions in the database so sign-ins survive a
// restart. It has the shape of scs's CtxStore.
type Sessions struct{ S *Store }

// FindCtx returns the session data for token, if it exists and has not
// expired.
func (ss Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := ss.S.rdb.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, ss.S.now()).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	return data, err == nil, err
}

// CommitCtx stores session data until expiry.
func (ss Sessions) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := ss.S.db.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, expiry.UTC())
	return err
}

// DeleteCtx removes a session.
func (ss Sessions) DeleteCtx(ctx context.Context, token string) error {
	_, err := ss.S.db.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// AllCtx returns every live session; scs asks for it when iterating.
func (ss Sessions) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := ss.S.rdb.QueryContext(ctx, `SELECT token, data FROM sessions WHERE expiry > $1`, ss.S.now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var token string
		var data []byte
		if err := rows.Scan(&token, &data); err != nil {
			return nil, err
		}
		out[token] = data
	}
	return out, rows.Err()
}

// Find, Commit and Delete satisfy scs.Store for callers without a context.
func (ss Sessions) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}
func (ss Sessions) Commit(token string, data []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, data, expiry)
}
func (ss Sessions) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }

// DeleteExpired removes sessions past their expiry and reports how many.
func (ss Sessions) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := ss.S.db.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, ss.S.now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
