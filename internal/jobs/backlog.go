package jobs

import (
	"context"
	"fmt"

	"beatdesk/internal/store"
)

// Backlog counts unfinished jobs (waiting, scheduled, retrying or running)
// by kind: poll, fetch, cluster, write. A backlog that grows means the
// pipeline is falling behind.
func Backlog(ctx context.Context, s *store.Store) (map[string]int, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT kind, count(*) FROM river_job
		WHERE state IN ('available', 'pending', 'retryable', 'running', 'scheduled') GROUP BY kind`)
	if err != nil {
		return nil, fmt.Errorf("jobs.Backlog: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, fmt.Errorf("jobs.Backlog: %w", err)
		}
		out[kind] = n
	}
	return out, rows.Err()
}
