package jobs

import (
	"context"
	"sync"

	"beatdesk"
	"beatdesk/internal/analyze/dedup"
	"beatdesk/internal/store"
)

// copyWindow is how many recent originals a new article is compared with
// for near-duplicates (those fetched in the last nearWindow, newest
// first). Random pairs of texts fall within dedup.NearDuplicate bits about
// 2 times in 10 million, so each comparison is a small chance of a false
// copy: 20,000 keeps that under 0.5% of articles, while covering about
// 20 minutes of a million-a-day stream, or days of a smaller one, which is
// when wire copies arrive.
const copyWindow = 20000

// copies finds near-duplicates in memory: the SimHashes of recent
// originals in a dedup.Index, warmed from the store on first use after a
// start and added to as articles are stored. Looking up and storing are
// one critical section (mu), so two near-copies stored at the same moment
// cannot both pass as originals; the store's own writes are serial on
// SQLite anyway.
type copies struct {
	once  sync.Once
	mu    sync.Mutex
	index *dedup.Index
}

// copyIndex returns the index, warmed the first time from the store.
func (p *Pipeline) copyIndex(ctx context.Context) *dedup.Index {
	p.copies.once.Do(func() {
		p.copies.index = dedup.NewIndex(copyWindow)
		err := p.store.View(ctx, func(tx *store.Tx) error {
			recent, err := tx.RecentFingerprints(ctx, tx.Now.Add(-nearWindow), copyWindow)
			for i := len(recent) - 1; i >= 0; i-- { // oldest first
				p.copies.index.Add(recent[i].ID, recent[i].SimHash)
			}
			return err
		})
		if err != nil {
			p.log.Warn("warming the near-duplicate index failed; it starts empty", "err", err)
		}
	})
	return p.copies.index
}

// findCopy returns the earlier original that a is a copy of (same
// normalised text, by the content hash's index in the store, or a SimHash
// within dedup.NearDuplicate bits of a recent one), or 0. The caller holds
// p.copies.mu until the article is stored and noted with noteOriginal.
func (p *Pipeline) findCopy(ctx context.Context, tx *store.Tx, a beatdesk.Article) (int64, error) {
	id, err := tx.OriginalByHash(ctx, a.ContentHash)
	if err != nil || id != 0 {
		return id, err
	}
	id, _ = p.copyIndex(ctx).Near(a.SimHash)
	return id, nil
}

// noteOriginal adds a stored original to the near-duplicate index.
func (p *Pipeline) noteOriginal(ctx context.Context, id int64, simHash uint64) {
	p.copyIndex(ctx).Add(id, simHash)
}
