package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"beatdesk"
)

// A MemoryQuery asks what a correspondent has already published that
// bears on a story.
type MemoryQuery struct {
	Persona string   // the correspondent's slug
	StoryID int64    // the story being written
	Places  []string // the story's key places, as the writer names them (Draft.Places)
	Before  time.Time
	Limit   int // at most this many; 0 means 3
}

// memoryScan bounds how many of a correspondent's newest articles Memory
// reads, so writing a draft costs the same however long the archive.
const memoryScan = 60

// Memory returns the correspondent's own live articles, newest first,
// published before q.Before, that are on the same story or name at least
// two of its places (compared ignoring case and accents): up to q.Limit
// of them, found among the correspondent's memoryScan newest articles
// (the index of migration 00009 gives them in order). The extractive
// writer links them and tells what is new since; the model writer is
// shown them.
func (tx *Tx) Memory(ctx context.Context, q MemoryQuery) ([]beatdesk.Draft, error) {
	const op = "store.Memory"
	if strings.TrimSpace(q.Persona) == "" {
		return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "say whose earlier articles to look up (the correspondent's slug)")
	}
	if q.Limit <= 0 {
		q.Limit = 3
	}
	if q.Before.IsZero() {
		q.Before = tx.Now
	}
	places := map[string]bool{}
	for _, p := range q.Places {
		if k := foldPlace(p); k != "" {
			places[k] = true
		}
	}
	// "state || ''" keeps the planner on the persona's publication-order
	// index rather than the state index (see Drafts).
	rows, err := tx.q.QueryContext(ctx, `SELECT `+draftCols+` FROM drafts
		WHERE persona_slug = $1 AND (state || '') IN ('`+strings.Join(beatdesk.LiveStates, "', '")+`') AND published_at < $2
		ORDER BY published_at DESC, id DESC LIMIT $3`, q.Persona, q.Before, memoryScan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []beatdesk.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if d.StoryID == q.StoryID || sharedPlaces(d.Places, places) >= 2 {
			out = append(out, d)
			if len(out) == q.Limit {
				break
			}
		}
	}
	return out, rows.Err()
}

// sharedPlaces counts the distinct places of ps that are in set.
func sharedPlaces(ps []string, set map[string]bool) int {
	seen := map[string]bool{}
	for _, p := range ps {
		if k := foldPlace(p); set[k] && !seen[k] {
			seen[k] = true
		}
	}
	return len(seen)
}

// foldPlace lower-cases a place name, drops its accents and collapses
// its spaces: "Culiacán" and "CULIACAN" are one place.
func foldPlace(p string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(p)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
