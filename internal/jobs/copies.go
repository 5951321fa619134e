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
// start and added to as articles are stored. Articles are stored in
// groups (groupcommit.go), one group at a time under mu: the originals of
// the group being written are held in pending, where the later articles
// of the same group look too, so two near-copies stored together cannot
// both pass as originals; they join the index once their group commits.
type copies struct {
	once    sync.Once
	mu      sync.Mutex
	index   *dedup.Index
	pending *dedup.Index // the group's originals; nil between groups
	noted   []noted
}

type noted struct {
	id      int64
	simHash uint64
}

// beginGroup and endGroup run around each group of article writes.
func (c *copies) beginGroup() {
	c.mu.Lock()
	c.pending, c.noted = dedup.NewIndex(1024), c.noted[:0]
}

func (c *copies) endGroup(committed bool) {
	if committed && c.index != nil {
		for _, n := range c.noted {
			c.index.Add(n.id, n.simHash)
		}
	}
	c.pending, c.noted = nil, c.noted[:0]
	c.mu.Unlock()
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
// within dedup.NearDuplicate bits of a recent one, or of one stored
// earlier in the same group), or 0. It runs inside a group's write.
func (p *Pipeline) findCopy(ctx context.Context, tx *store.Tx, a beatdesk.Article) (int64, error) {
	id, err := tx.OriginalByHash(ctx, a.ContentHash)
	if err != nil || id != 0 {
		return id, err
	}
	if id, ok := p.copyIndex(ctx).Near(a.SimHash); ok {
		return id, nil
	}
	if p.copies.pending != nil {
		id, _ = p.copies.pending.Near(a.SimHash)
	}
	return id, nil
}

// noteOriginal records a stored original, inside its group's write: the
// group's later articles compare with it at once, the index once the
// group commits.
func (p *Pipeline) noteOriginal(id int64, simHash uint64) {
	if p.copies.pending == nil { // not in a group (tests calling directly)
		p.copies.index.Add(id, simHash)
		return
	}
	p.copies.pending.Add(id, simHash)
	p.copies.noted = append(p.copies.noted, noted{id, simHash})
}
