package robots

import (
	"context"
	"errors"

	"beatdesk/internal/ingest/fetch"
)

// FetchWith returns the Fetcher a Cache needs, getting robots.txt through
// c like any other request to the site: the same host slots and rate
// limit, address checks, redirects (five at most) and timeout. A huge
// robots.txt is cut, not refused: one byte past MaxSize is kept so the
// parser can tell that its last line was cut and drop it.
func FetchWith(c *fetch.Client) Fetcher {
	return func(ctx context.Context, url string) (int, []byte, error) {
		resp, err := c.Get(ctx, fetch.Request{URL: url, MaxBytes: MaxSize + 1, Truncate: true})
		var status *fetch.StatusError
		switch {
		case errors.As(err, &status):
			return status.Code, nil, nil
		case err != nil:
			return 0, nil, err
		}
		return resp.Status, resp.Body, nil
	}
}
