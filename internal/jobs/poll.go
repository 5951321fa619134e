package jobs

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"beatdesk"
	"beatdesk/internal/ingest/feed"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/store"
)

// PollArgs asks for one poll of one source.
type PollArgs struct {
	SourceID int64 `json:"source_id"`
}

func (PollArgs) Kind() string { return "poll" }

type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	p *Pipeline
}

func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	return w.p.Poll(ctx, job.Args.SourceID)
}

// Poll fetches a source's feed (conditionally when validators are known),
// stores each entry not seen before as an item and queues its fetch, all
// in one transaction. A failure is recorded on the source, shown on the
// desk, and the source is tried again later with backoff; it is not an
// error of the job.
func (p *Pipeline) Poll(ctx context.Context, sourceID int64) error {
	var src beatdesk.Source
	if err := p.store.View(ctx, func(tx *store.Tx) (err error) { src, err = tx.Source(ctx, sourceID); return err }); err != nil {
		if errors.Is(err, beatdesk.ErrNotFound) {
			return nil // removed since it was queued
		}
		return err
	}
	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: src.FeedURL, ETag: src.ETag, LastModified: src.LastModified, MaxBytes: fetch.FeedMax})
	if err != nil {
		return p.pollFailed(ctx, src, err, retryAfter(err))
	}
	if resp.NotModified {
		return p.store.Update(ctx, func(tx *store.Tx) error {
			return tx.RecordPoll(ctx, src.ID, store.PollResult{OK: true, ETag: src.ETag, LastModified: src.LastModified, Next: p.nextPoll(tx.Now, 0, 0)})
		})
	}
	f, err := feed.Parse(resp.Body, resp.URL)
	if err != nil {
		return p.pollFailed(ctx, src, err, 0)
	}
	return p.store.Update(ctx, func(tx *store.Tx) error {
		added := 0
		for _, e := range f.Entries {
			id, isNew, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: e.GUID, URL: e.URL, Title: e.Title, Summary: e.Summary, Published: e.Published})
			if err != nil {
				return err
			}
			if !isNew {
				continue
			}
			added++
			if err := p.queue.insertTx(ctx, tx, FetchArgs{ItemID: id}, once); err != nil {
				return err
			}
		}
		return tx.RecordPoll(ctx, src.ID, store.PollResult{OK: true, ETag: resp.ETag, LastModified: resp.LastModified,
			Next: p.nextPoll(tx.Now, f.TTL, 0), NewItems: added})
	})
}

func (p *Pipeline) pollFailed(ctx context.Context, src beatdesk.Source, cause error, wait time.Duration) error {
	p.log.Info("poll failed", "source", src.Name, "url", src.FeedURL, "err", cause)
	return p.store.Update(ctx, func(tx *store.Tx) error {
		return tx.RecordPoll(ctx, src.ID, store.PollResult{Err: cause.Error(), Next: p.nextPoll(tx.Now, wait, src.ErrorCount+1)})
	})
}

// nextPoll spaces polls by the configured interval (or the feed's longer
// TTL or Retry-After), doubling per consecutive failure up to a day, with
// ±10% jitter so many sources do not fall due together.
func (p *Pipeline) nextPoll(now time.Time, atLeast time.Duration, failures int) time.Time {
	d := max(p.cfg.PollInterval, atLeast)
	for i := 0; i < failures && d < 24*time.Hour; i++ {
		d *= 2
	}
	d = min(d, 24*time.Hour)
	jitter := time.Duration((rand.Float64()*0.2 - 0.1) * float64(d))
	return now.Add(d + jitter)
}

func retryAfter(err error) time.Duration {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}
