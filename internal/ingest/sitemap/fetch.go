package sitemap

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
)

// MaxChildren is how many child sitemaps of an index Fetch reads.
const MaxChildren = 10

// Fetch gets the sitemap at sitemapURL with get (the caller's safe fetcher,
// which undoes HTTP compression and caps the size) and parses it. When it is
// an index, Fetch also gets and parses up to MaxChildren of its children,
// the most recently modified first (children without a date follow in the
// index's order), and returns one Sitemap with their URLs together:
// Index is true, Sitemaps lists every child, URLs holds the children's
// URLs. An index listed inside an index is not followed. A child that fails
// is skipped; Fetch fails only when every child fails, with their errors.
// Errors from get are returned wrapped, so the caller can tell a refused
// or unreachable host from a bad document (kind beatdesk.ErrInvalid).
func Fetch(ctx context.Context, get func(ctx context.Context, url string) (finalURL, contentType string, body []byte, err error), sitemapURL string) (*Sitemap, error) {
	final, _, body, err := get(ctx, sitemapURL)
	if err != nil {
		return nil, fmt.Errorf("sitemap.Fetch %s: %w", sitemapURL, err)
	}
	sm, err := Parse(body, final)
	if err != nil || !sm.Index {
		return sm, err
	}

	children := slices.Clone(sm.Sitemaps)
	slices.SortStableFunc(children, func(a, b Child) int {
		switch {
		case a.LastMod.IsZero() && b.LastMod.IsZero():
			return 0
		case a.LastMod.IsZero():
			return 1
		case b.LastMod.IsZero():
			return -1
		}
		return cmp.Compare(b.LastMod.UnixNano(), a.LastMod.UnixNano())
	})
	if len(children) > MaxChildren {
		children = children[:MaxChildren]
	}
	var errs []error
	read := 0
	for _, c := range children {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("sitemap.Fetch %s: %w", sitemapURL, err)
		}
		final, _, body, err := get(ctx, c.Loc)
		if err != nil {
			errs = append(errs, fmt.Errorf("child sitemap %s: %w", c.Loc, err))
			continue
		}
		child, err := Parse(body, final)
		if err != nil {
			errs = append(errs, fmt.Errorf("child sitemap %s: %w", c.Loc, err))
			continue
		}
		if child.Index {
			errs = append(errs, fmt.Errorf("child sitemap %s is itself an index; an index may not list indexes, so it is not followed", c.Loc))
			continue
		}
		read++
		room := MaxURLs - len(sm.URLs)
		if len(child.URLs) > room {
			child.URLs, child.Truncated = child.URLs[:room], true
		}
		sm.URLs = append(sm.URLs, child.URLs...)
		sm.News = sm.News || child.News
		sm.Truncated = sm.Truncated || child.Truncated
	}
	if read == 0 && len(errs) > 0 {
		return nil, fmt.Errorf("sitemap.Fetch %s: no child sitemap could be read: %w", sitemapURL, errors.Join(errs...))
	}
	return sm, nil
}
