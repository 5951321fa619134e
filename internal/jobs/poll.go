package jobs

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"beatdesk"
	"beatdesk/internal/ingest/feed"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/ingest/schedule"
	"beatdesk/internal/ingest/sitemap"
	"beatdesk/internal/ingest/websub"
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
	return snoozeIfBusy(w.p.Poll(ctx, job.Args.SourceID))
}

// activeWindow is how recently a story must have moved for its sources to
// be polled sooner.
const activeWindow = 6 * time.Hour

// Poll fetches a source's feed or news sitemap (conditionally when
// validators are known),
// stores each entry not seen before as an item and queues its fetch, all
// in one transaction, and schedules the next poll from the feed's pace
// (more slowly while a WebSub hub pushes the feed; see websub.go, which
// also explains how the feed's hub is noted in that transaction). A
// failure is recorded on the source, shown on the desk, and the source is
// tried again later with backoff, or paused after many failures; it is not
// an error of the job. A feed whose host is not ready (busy, or pausing us
// with Retry-After) is not fetched: Poll returns the *fetch.BusyError that
// says how long to wait, and the job is snoozed. Its write shares a
// transaction with other polls' (groupcommit.go).
func (p *Pipeline) Poll(ctx context.Context, sourceID int64) error {
	var src beatdesk.Source
	var priority int
	var sub store.WebSub
	err := p.store.View(ctx, func(tx *store.Tx) (err error) {
		if src, err = tx.Source(ctx, sourceID); err != nil {
			return err
		}
		if priority, err = tx.SourcePriority(ctx, sourceID, tx.Now.Add(-activeWindow)); err != nil {
			return err
		}
		if p.cfg.WebSubBase == "" {
			return nil
		}
		if sub, err = tx.WebSubOfSource(ctx, sourceID); errors.Is(err, beatdesk.ErrNotFound) {
			err = nil
		}
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) {
		return nil // removed since it was queued
	}
	if err != nil {
		return err
	}
	now := p.store.Now()
	last := schedule.Poll{Previous: src.PollInterval, Priority: min(priority, 2), Pushed: p.pushed(sub, now), Now: now}

	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: src.FeedURL, ETag: src.ETag, LastModified: src.LastModified,
		MaxBytes: maxBytes(src.FeedURL), NoWait: true})
	if errors.Is(err, fetch.ErrBusy) {
		return err
	}
	if err != nil {
		last.RetryAfter = retryAfter(err)
		return p.pollFailed(ctx, src, last, err)
	}
	last.MaxAge = resp.MaxAge
	if resp.NotModified {
		// Nothing new: the pace learnt before still holds, stretched a little.
		last.Entries = nil
		return p.pollWrites.update(ctx, func(tx *store.Tx) error {
			d := p.policy().Next(last)
			return tx.RecordPoll(ctx, src.ID, store.PollResult{OK: true, ETag: src.ETag, LastModified: src.LastModified,
				Interval: d.Interval, Next: tx.Now.Add(schedule.Jitter(d.Interval)), Note: d.Reason + " (not modified)"})
		})
	}
	f, err := p.parseSource(ctx, resp)
	if err != nil {
		return p.pollFailed(ctx, src, last, err)
	}
	last.TTL = f.TTL
	for _, e := range f.Entries {
		last.Entries = append(last.Entries, e.Published)
	}
	hub, topic := websub.Discover(resp.Links, f.Hub, f.Self, resp.URL)
	fresh, err := p.unseen(ctx, src.ID, f.Entries)
	if err != nil {
		return err
	}
	return p.pollWrites.update(ctx, func(tx *store.Tx) error {
		added, err := addEntries(ctx, tx, p.queue, src.ID, fresh)
		if err != nil {
			return err
		}
		if err := p.noteHub(ctx, tx, src.ID, hub, topic); err != nil {
			return err
		}
		last.NewEntries = added
		d := p.policy().Next(last)
		return tx.RecordPoll(ctx, src.ID, store.PollResult{OK: true, ETag: resp.ETag, LastModified: resp.LastModified,
			NewItems: added, Interval: d.Interval, Next: tx.Now.Add(schedule.Jitter(d.Interval)), Note: d.Reason})
	})
}

// addEntries stores each entry the source has not had before as an item
// and queues its fetch, inside tx, and reports how many it added. Polls
// and WebSub deliveries both come through here.
func addEntries(ctx context.Context, tx *store.Tx, q *Queue, sourceID int64, entries []feed.Entry) (int, error) {
	added := 0
	for _, e := range entries {
		id, isNew, err := tx.AddItem(ctx, beatdesk.Item{SourceID: sourceID, GUID: e.GUID, URL: e.URL, Title: e.Title, Summary: e.Summary, Published: e.Published})
		if err != nil {
			return added, err
		}
		if !isNew {
			continue
		}
		added++
		if err := q.insertTx(ctx, tx, FetchArgs{ItemID: id}, fetchOnce); err != nil {
			return added, err
		}
	}
	return added, nil
}

// unseen returns the entries whose GUIDs the source has no item for yet,
// read outside the write transaction: a feed lists its latest entries
// every time, and inserting each only to find it there already would
// hold the one writer for nothing. addEntries still inserts only what is
// new, so an entry added meanwhile (by a WebSub delivery) is not doubled.
func (p *Pipeline) unseen(ctx context.Context, sourceID int64, entries []feed.Entry) ([]feed.Entry, error) {
	guids := make([]string, len(entries))
	for i, e := range entries {
		guids[i] = e.GUID
	}
	var known map[string]bool
	err := p.store.View(ctx, func(tx *store.Tx) (err error) {
		known, err = tx.KnownGUIDs(ctx, sourceID, guids)
		return err
	})
	if err != nil {
		return nil, err
	}
	fresh := make([]feed.Entry, 0, len(entries)-min(len(known), len(entries)))
	for _, e := range entries {
		if !known[e.GUID] {
			fresh = append(fresh, e)
		}
	}
	return fresh, nil
}

func (p *Pipeline) pollFailed(ctx context.Context, src beatdesk.Source, last schedule.Poll, cause error) error {
	p.log.Info("poll failed", "source", src.Name, "url", src.FeedURL, "err", cause)
	last.Failures = src.ErrorCount + 1
	d := p.policy().Next(last)
	return p.pollWrites.update(ctx, func(tx *store.Tx) error {
		return tx.RecordPoll(ctx, src.ID, store.PollResult{Err: cause.Error(), Interval: d.Interval,
			Next: tx.Now.Add(schedule.Jitter(d.Interval)), Paused: d.Paused, Note: d.Reason})
	})
}

// parseSource reads a polled document: a feed, or a (news) sitemap, whose
// recent dated entries are taken as the feed's. A sitemap index brings its
// newest children.
func (p *Pipeline) parseSource(ctx context.Context, resp *fetch.Response) (*feed.Feed, error) {
	f, err := feed.Parse(resp.Body, resp.URL)
	if err == nil {
		return f, nil
	}
	sm, serr := sitemap.Parse(resp.Body, resp.URL)
	if serr != nil {
		return nil, err // it is neither: the feed parser's error says why
	}
	if sm.Index {
		get := func(ctx context.Context, u string) (string, string, []byte, error) {
			r, err := p.fetcher.Get(ctx, fetch.Request{URL: u, MaxBytes: sitemap.MaxSize})
			if err != nil {
				return "", "", nil, err
			}
			return r.URL, r.ContentType, r.Body, nil
		}
		if sm, err = sitemap.Fetch(ctx, get, resp.URL); err != nil {
			return nil, err
		}
	}
	return sm.Feed(p.store.Now()), nil
}

// maxBytes is the size cap for a source's document: sitemaps may be
// larger than feeds.
func maxBytes(sourceURL string) int64 {
	if strings.Contains(strings.ToLower(sourceURL), "sitemap") {
		return sitemap.MaxSize
	}
	return fetch.FeedMax
}

func (p *Pipeline) policy() schedule.Policy {
	return schedule.Policy{Min: p.cfg.PollMin, Max: p.cfg.PollMax}
}

func retryAfter(err error) time.Duration {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}
