package store

import (
	"context"
	"fmt"
)

// Stats counts what the newsroom holds, for progress lines and checks.
type Stats struct {
	Sources   int `json:"sources"`
	Items     int `json:"items"`
	Articles  int `json:"articles"`
	Stories   int `json:"stories"`
	Drafts    int `json:"drafts"`
	Published int `json:"published"`
	Citations int `json:"citations"` // across all drafts
}

// Stats counts sources, items, articles, stories, drafts and citations.
func (tx *Tx) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := tx.q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sources), (SELECT count(*) FROM items), (SELECT count(*) FROM articles),
		(SELECT count(*) FROM stories), (SELECT count(*) FROM drafts),
		(SELECT count(*) FROM drafts WHERE `+liveSQL+`)`).
		Scan(&st.Sources, &st.Items, &st.Articles, &st.Stories, &st.Drafts, &st.Published)
	if err != nil {
		return st, fmt.Errorf("store.Stats: %w", err)
	}
	drafts, err := tx.Drafts(ctx, DraftFilter{Limit: 1 << 30})
	for _, d := range drafts {
		st.Citations += len(d.Citations)
	}
	return st, err
}
