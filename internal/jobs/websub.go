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
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
)

// WebSub: push, with polling kept as the fallback.
//
// A poll that reads a feed naming a hub (in its Link headers or its own
// links) records a subscription for the source, pending, with a random
// callback token and secret, and queues a subscribe job in the same
// transaction. The subscribe job asks the hub; the hub verifies at
// /websub/{token} (package web/push), which makes the subscription active
// with the lease the hub granted, and then delivers the feed's updates
// there, signed. A delivery is handled like a poll's result (Deliver). The
// hourly renew job asks again before a lease ends; a request the hub never
// verified is sent again after a while, and a denied subscription is tried
// again after a week, if the feed still names the hub.
//
// Polling never stops. While a subscription is active and deliveries
// arrive, the source is polled at most hourly (schedule.Poll.Pushed); when
// the lease lapses or deliveries stop, its own pace returns.

// Timings of the subscriber.
const (
	webSubRetry      = 6 * time.Hour      // a request the hub never verified is sent again after this
	webSubRenewAhead = 24 * time.Hour     // leases are renewed this long before they end
	webSubRenewGap   = time.Hour          // but a hub granting short leases is asked at most hourly
	webSubDeniedWait = 7 * 24 * time.Hour // a denied subscription is tried again after this
	webSubFresh      = 7 * 24 * time.Hour // a delivery this recent means the hub is pushing
	webSubRenewEvery = time.Hour
)

// webSubDue is the rule for when a subscription is asked for again.
func webSubDue(now time.Time) store.WebSubDue {
	return store.WebSubDue{
		RetryBefore:  now.Add(-webSubRetry),
		LeaseBefore:  now.Add(webSubRenewAhead),
		RenewBefore:  now.Add(-webSubRenewGap),
		DeniedBefore: now.Add(-webSubDeniedWait),
	}
}

// pushed reports whether w's hub is pushing the source's updates, which
// lets polling slow to a fallback.
func (p *Pipeline) pushed(w store.WebSub, now time.Time) bool {
	return p.cfg.WebSubBase != "" && w.State == store.WebSubActive && w.LeaseUntil.After(now) &&
		w.LastDelivery.After(now.Add(-webSubFresh))
}

// callback is the URL a hub reaches a subscription at.
func (p *Pipeline) callback(token string) string {
	return strings.TrimRight(p.cfg.WebSubBase, "/") + "/websub/" + token
}

// noteHub acts, inside a poll's transaction, on the hub and topic the feed
// named ("" when none): it records a subscription for a new hub or topic
// and queues its request, queues a renewal that is due, and when the
// feed has left its hub, or moved to another, ends the old subscription.
func (p *Pipeline) noteHub(ctx context.Context, tx *store.Tx, sourceID int64, hub, topic string) error {
	if p.cfg.WebSubBase == "" {
		return nil
	}
	cur, err := tx.WebSubOfSource(ctx, sourceID)
	switch {
	case errors.Is(err, beatdesk.ErrNotFound):
		if hub == "" {
			return nil
		}
	case err != nil:
		return err
	case cur.Hub == hub && cur.Topic == topic:
		if !webSubDue(tx.Now).Due(cur) {
			return nil
		}
		return p.queue.insertTx(ctx, tx, SubscribeArgs{SourceID: sourceID}, whileQueued(queueDefault, time.Time{}))
	default:
		note := "the feed no longer names a WebSub hub"
		if hub != "" {
			note = "the feed now names another WebSub hub or topic"
		}
		if err := tx.SetWebSubState(ctx, cur.ID, store.WebSubUnsubscribed, note); err != nil {
			return err
		}
		// Tell the old hub, unless it never heard of us or refused us.
		if !cur.RequestedAt.IsZero() && cur.State != store.WebSubDenied {
			if err := p.queue.insertTx(ctx, tx, UnsubscribeArgs{SubscriptionID: cur.ID}, once); err != nil {
				return err
			}
		}
		if hub == "" {
			return nil
		}
	}
	_, err = tx.AddWebSub(ctx, store.WebSub{SourceID: sourceID, Hub: hub, Topic: topic, Token: websub.NewToken(), Secret: websub.NewSecret()})
	if err != nil {
		return err
	}
	return p.queue.insertTx(ctx, tx, SubscribeArgs{SourceID: sourceID}, whileQueued(queueDefault, time.Time{}))
}

// SubscribeArgs asks a source's hub for a subscription, or its renewal.
type SubscribeArgs struct {
	SourceID int64 `json:"source_id"`
}

func (SubscribeArgs) Kind() string { return "websub_subscribe" }

type subscribeWorker struct {
	river.WorkerDefaults[SubscribeArgs]
	p *Pipeline
}

func (w *subscribeWorker) Work(ctx context.Context, job *river.Job[SubscribeArgs]) error {
	return snoozeIfBusy(w.p.Subscribe(ctx, job.Args.SourceID))
}

// Subscribe sends the source's current subscription request to its hub,
// if one is due. The hub answers at once, and verifies (or denies) at the
// callback, now or later. A hub that refuses or cannot be reached is
// noted on the subscription and asked again later; that is not an error
// of the job.
func (p *Pipeline) Subscribe(ctx context.Context, sourceID int64) error {
	if p.cfg.WebSubBase == "" {
		return nil
	}
	var w store.WebSub
	err := p.store.Update(ctx, func(tx *store.Tx) (err error) {
		if w, err = tx.WebSubOfSource(ctx, sourceID); err != nil {
			return err
		}
		if !webSubDue(tx.Now).Due(w) {
			w = store.WebSub{}
			return nil
		}
		if w.State == store.WebSubDenied {
			// Asking again: the hub's verification must find us expecting it.
			w.State = store.WebSubPending
			return tx.SetWebSubState(ctx, w.ID, store.WebSubPending, "")
		}
		return nil
	})
	if errors.Is(err, beatdesk.ErrNotFound) || err == nil && w.ID == 0 {
		return nil // gone, or not due (the job ran twice)
	}
	if err != nil {
		return err
	}
	return p.askHub(ctx, w, websub.Request{Mode: websub.ModeSubscribe, Lease: websub.Lease, Secret: w.Secret})
}

// UnsubscribeArgs tells a hub that a subscription is no longer wanted.
type UnsubscribeArgs struct {
	SubscriptionID int64 `json:"subscription_id"`
}

func (UnsubscribeArgs) Kind() string { return "websub_unsubscribe" }

type unsubscribeWorker struct {
	river.WorkerDefaults[UnsubscribeArgs]
	p *Pipeline
}

func (w *unsubscribeWorker) Work(ctx context.Context, job *river.Job[UnsubscribeArgs]) error {
	return snoozeIfBusy(w.p.Unsubscribe(ctx, job.Args.SubscriptionID))
}

// Unsubscribe asks the hub to end an unsubscribed subscription; the hub
// verifies that at the callback, which still answers for it. Without it
// the hub would deliver, to no one, until the lease ends.
func (p *Pipeline) Unsubscribe(ctx context.Context, id int64) error {
	var w store.WebSub
	err := p.store.View(ctx, func(tx *store.Tx) (err error) { w, err = tx.WebSubByID(ctx, id); return err })
	if errors.Is(err, beatdesk.ErrNotFound) || err == nil && w.State != store.WebSubUnsubscribed {
		return nil
	}
	if err != nil {
		return err
	}
	return p.askHub(ctx, w, websub.Request{Mode: websub.ModeUnsubscribe})
}

// askHub sends r for w through the same safe fetcher as every poll, and
// records when it was sent and how the hub answered. A hub that is not
// ready for another request (many sources share one hub service, which
// gets the per-host rate like any host) is a *fetch.BusyError, sent
// nothing: the job is snoozed rather than holding a worker while it waits.
func (p *Pipeline) askHub(ctx context.Context, w store.WebSub, r websub.Request) error {
	if d := p.fetcher.Delay(w.Hub); d > 0 {
		return &fetch.BusyError{URL: w.Hub, Host: w.Hub, Wait: d, Reason: "checked before asking the hub"}
	}
	r.Hub, r.Topic, r.Callback = w.Hub, w.Topic, p.callback(w.Token)
	form, err := r.Form()
	if err == nil {
		_, err = p.fetcher.Post(ctx, w.Hub, form)
	}
	note := ""
	if err != nil {
		note = "WebSub " + r.Mode + " request failed: " + err.Error()
		p.log.Info("websub request failed", "mode", r.Mode, "hub", w.Hub, "topic", w.Topic, "err", err)
	}
	return p.store.Update(ctx, func(tx *store.Tx) error { return tx.WebSubRequested(ctx, w.ID, note) })
}

// RenewArgs is the hourly job that queues the subscription requests that
// are due: leases about to end, requests never verified, denials a week
// old.
type RenewArgs struct{}

func (RenewArgs) Kind() string { return "websub_renew" }

type renewWorker struct {
	river.WorkerDefaults[RenewArgs]
	p *Pipeline
}

func (w *renewWorker) Work(ctx context.Context, job *river.Job[RenewArgs]) error {
	_, err := w.p.RenewWebSub(ctx)
	return err
}

// RenewWebSub queues a subscribe job for every subscription due for a
// request and reports how many it queued.
func (p *Pipeline) RenewWebSub(ctx context.Context) (int, error) {
	if p.cfg.WebSubBase == "" {
		return 0, nil
	}
	n := 0
	err := p.store.Update(ctx, func(tx *store.Tx) error {
		due, err := tx.WebSubsDue(ctx, webSubDue(tx.Now), 1000)
		if err != nil {
			return err
		}
		for _, w := range due {
			res, err := p.queue.client.InsertTx(ctx, tx.SQL(), SubscribeArgs{SourceID: w.SourceID}, whileQueued(queueDefault, time.Time{}))
			if err != nil {
				return err
			}
			if !res.UniqueSkippedAsDuplicate {
				n++
			}
		}
		return nil
	})
	return n, err
}

// addWebSubWorkers registers the WebSub jobs, always, so jobs queued
// before an operator turned WebSub off still run (and do nothing).
func addWebSubWorkers(workers *river.Workers, p *Pipeline) {
	river.AddWorker(workers, &subscribeWorker{p: p})
	river.AddWorker(workers, &unsubscribeWorker{p: p})
	river.AddWorker(workers, &renewWorker{p: p})
}

// webSubPeriodic is the renewal job, when WebSub is on.
func webSubPeriodic(p *Pipeline) []*river.PeriodicJob {
	if p.cfg.WebSubBase == "" {
		return nil
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(webSubRenewEvery),
		func() (river.JobArgs, *river.InsertOpts) { return RenewArgs{}, nil }, nil)}
}

// Deliver handles a WebSub delivery to w that package web/push has
// already authenticated: the body is read as a feed, and its entries not
// seen before become items with their fetch jobs, in one transaction with
// the delivery's count, just as a poll's would. It reports how many items
// it added. A body that is not a feed is an error of kind ErrInvalid
// (the hub gains nothing by sending it again).
//
// Many hubs deliver the whole feed, most of it seen already: as for a
// poll, the entries already known are left out before the write
// transaction, which need not hold the one writer for them.
func (q *Queue) Deliver(ctx context.Context, w store.WebSub, body []byte) (int, error) {
	f, err := feed.Parse(body, w.Topic)
	if err != nil {
		return 0, err
	}
	guids := make([]string, len(f.Entries))
	for i, e := range f.Entries {
		guids[i] = e.GUID
	}
	var known map[string]bool
	if err := q.store.View(ctx, func(tx *store.Tx) (err error) { known, err = tx.KnownGUIDs(ctx, w.SourceID, guids); return err }); err != nil {
		return 0, err
	}
	fresh := make([]feed.Entry, 0, len(f.Entries))
	for _, e := range f.Entries {
		if !known[e.GUID] {
			fresh = append(fresh, e)
		}
	}
	// The write joins the polls' shared transactions, as a poll's would:
	// committed one by one, a steady stream of deliveries holds SQLite's
	// one writer often enough to starve the rest of the pipeline.
	write := q.store.Update
	if q.pipeline != nil {
		write = q.pipeline.pollWrites.update
	}
	added := 0
	err = write(ctx, func(tx *store.Tx) error {
		var err error
		if added, err = addEntries(ctx, tx, q, w.SourceID, fresh); err != nil {
			return err
		}
		return tx.RecordWebSubDelivery(ctx, w, added)
	})
	return added, err
}
