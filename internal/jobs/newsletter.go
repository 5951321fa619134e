package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"golang.org/x/time/rate"

	"beatdesk"
	"beatdesk/internal/mail"
	"beatdesk/internal/newsletter"
	"beatdesk/internal/store"
)

// The newsletter: digests composed on a schedule and sent one durable
// job per reader.
//
// At Config.Newsletter.Hour (UTC) every day a compose job makes the daily
// issue (the articles published since the last daily), and on
// Newsletter.Weekday each correspondent's weekly issue. Composing an
// issue records, in one transaction, the issue, a pending send for every
// recipient at that moment (confirmed readers who want that digest), and
// one send job per send. A compose job that runs twice changes nothing:
// an issue is unique by kind, correspondent and period end.
//
// A send job writes the reader's copy (package newsletter: what their
// level allows, through the one gate) and hands it to the mail server.
// Sends resume after a crash because they are River jobs whose rows
// committed with the issue; a send already marked sent does nothing.
//
// Exactly once. Each copy has a Message-ID fixed by issue and reader.
// The "sent" mark and the server's acceptance are made as close as SMTP
// allows (mail.SendWithin): the job writes the whole message, then opens
// a transaction, marks the send sent in it, hands the end-of-data mark to
// the kernel and commits at once; only then does it read the server's
// verdict. Once the mark is in the kernel's send buffer the server gets
// it even if the process dies, so the copy counts as sent from there.
// A crash before the hand-over leaves the send pending, and the server,
// whose connection dropped mid-message, discards the copy: it is sent
// again, rightly. What remains is the gap between the hand-over (one
// write call) and the commit (one more): a kill landing in those few
// microseconds leaves a copy sent but not recorded, and the next attempt
// sends a second one with the same Message-ID, which many mail systems
// fold into the first. The reverse risk is as small and rarer still: a
// server refusing the message at its end (a content filter) after we
// committed; the job then reopens the send, but a crash between the two
// would leave it marked sent. The price: on SQLite the store's single
// writer is held for the hand-over, a few microseconds. A send that began
// and never finished is logged as in doubt when it is tried again.

// NewsletterConfig says how and when digests go out. With Mail nil the
// newsletter is off: no issue is composed.
type NewsletterConfig struct {
	Mail    mail.Sender
	Site    newsletter.Site // Personas default to the pipeline's
	Hour    int             // hour of the day (UTC) issues are composed
	Weekday time.Weekday    // day the weekly issues are composed
	Rate    float64         // messages a second at most; 0 means 10
}

// sendAttempts is how often a send is tried before it is marked failed;
// River spaces the attempts out over several hours.
const sendAttempts = 8

// Windows: a first issue, or one after a long pause, covers at most this.
const (
	dailyWindow  = 24 * time.Hour
	weeklyWindow = 7 * 24 * time.Hour
	maxCatchUp   = 3 // windows
)

// ComposeDigestsArgs composes the issues due at At: the daily when Daily,
// the weeklies when Weekly.
type ComposeDigestsArgs struct {
	At     time.Time `json:"at"`
	Daily  bool      `json:"daily"`
	Weekly bool      `json:"weekly"`
}

func (ComposeDigestsArgs) Kind() string { return "digest_compose" }

// SendDigestArgs sends one issue to one reader.
type SendDigestArgs struct {
	IssueID  int64 `json:"issue_id"`
	MemberID int64 `json:"member_id"`
}

func (SendDigestArgs) Kind() string { return "digest_send" }

type composeDigestsWorker struct {
	river.WorkerDefaults[ComposeDigestsArgs]
	p *Pipeline
}

func (w *composeDigestsWorker) Work(ctx context.Context, job *river.Job[ComposeDigestsArgs]) error {
	_, _, err := w.p.ComposeDigests(ctx, job.Args.At, job.Args.Daily, job.Args.Weekly)
	return err
}

type sendDigestWorker struct {
	river.WorkerDefaults[SendDigestArgs]
	p *Pipeline
}

func (w *sendDigestWorker) Work(ctx context.Context, job *river.Job[SendDigestArgs]) error {
	return w.p.SendDigest(ctx, job.Args.IssueID, job.Args.MemberID, job.Attempt >= job.MaxAttempts)
}

func addNewsletterWorkers(workers *river.Workers, p *Pipeline) {
	river.AddWorker(workers, &composeDigestsWorker{p: p})
	river.AddWorker(workers, &sendDigestWorker{p: p})
}

// newsletterPeriodic composes the issues at the configured hour, and at
// start the latest ones if they were missed while no process ran.
func newsletterPeriodic(p *Pipeline) []*river.PeriodicJob {
	n := p.cfg.Newsletter
	if n.Mail == nil {
		return nil
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(dailyAt(n.Hour),
		func() (river.JobArgs, *river.InsertOpts) {
			at := dailyAt(n.Hour).last(time.Now())
			return ComposeDigestsArgs{At: at, Daily: true, Weekly: at.Weekday() == n.Weekday}, once
		}, &river.PeriodicJobOpts{RunOnStart: true})}
}

// dailyAt is the schedule "every day at this hour, UTC".
type dailyAt int

func (h dailyAt) Next(now time.Time) time.Time {
	return h.last(now).Add(24 * time.Hour)
}

// last is the latest slot at or before now.
func (h dailyAt) last(now time.Time) time.Time {
	now = now.UTC()
	t := time.Date(now.Year(), now.Month(), now.Day(), int(h), 0, 0, 0, time.UTC)
	if t.After(now) {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// ComposeDigests makes the issues due at at, each with its sends and
// their jobs, and reports how many issues and sends it made. An issue
// with no article is not made.
func (p *Pipeline) ComposeDigests(ctx context.Context, at time.Time, daily, weekly bool) (issues, sends int, err error) {
	if p.cfg.Newsletter.Mail == nil {
		return 0, 0, beatdesk.Errorf(beatdesk.ErrUnavailable, "jobs.ComposeDigests", "the newsletter is off: no mail sender is configured")
	}
	at = at.UTC()
	type plan struct {
		kind, beat string
		window     time.Duration
	}
	var plans []plan
	if daily {
		plans = append(plans, plan{store.DigestDaily, "", dailyWindow})
	}
	if weekly {
		for _, ps := range p.personas {
			plans = append(plans, plan{store.DigestWeekly, ps.Slug, weeklyWindow})
		}
	}
	for _, pl := range plans {
		err := p.store.Update(ctx, func(tx *store.Tx) error {
			start := at.Add(-pl.window)
			last, err := tx.LastDigestIssue(ctx, pl.kind, pl.beat)
			switch {
			case errors.Is(err, beatdesk.ErrNotFound):
			case err != nil:
				return err
			default:
				start = last.PeriodEnd
				if oldest := at.Add(-maxCatchUp * pl.window); start.Before(oldest) {
					start = oldest
				}
			}
			if !start.Before(at) {
				return nil // this slot, or a later one, is done
			}
			ds, err := tx.PublishedBetween(ctx, start, at, pl.beat, newsletter.MaxArticles)
			if err != nil || len(ds) == 0 {
				return err
			}
			issue := store.DigestIssue{Kind: pl.kind, Beat: pl.beat, PeriodStart: start, PeriodEnd: at}
			for _, d := range ds {
				issue.DraftIDs = append(issue.DraftIDs, d.ID)
			}
			issue, readers, created, err := tx.AddDigestIssue(ctx, issue)
			if err != nil || !created {
				return err
			}
			if len(readers) > 0 {
				params := make([]river.InsertManyParams, len(readers))
				for i, id := range readers {
					params[i] = river.InsertManyParams{Args: SendDigestArgs{IssueID: issue.ID, MemberID: id},
						InsertOpts: &river.InsertOpts{MaxAttempts: sendAttempts}}
				}
				if _, err := p.queue.client.InsertManyTx(ctx, tx.SQL(), params); err != nil {
					return fmt.Errorf("jobs.ComposeDigests: queueing the sends: %w", err)
				}
			}
			issues++
			sends += len(readers)
			p.log.InfoContext(ctx, "digest composed", "kind", pl.kind, "beat", pl.beat, "issue", issue.ID,
				"articles", len(ds), "recipients", len(readers))
			return nil
		})
		if err != nil {
			return issues, sends, err
		}
	}
	return issues, sends, nil
}

// errFinished means another attempt already finished a send.
var errFinished = errors.New("the send was already finished")

// SendDigest sends issue issueID to reader memberID, once (see above).
// On the last attempt a failure marks the send failed instead of
// returning an error.
func (p *Pipeline) SendDigest(ctx context.Context, issueID, memberID int64, lastAttempt bool) error {
	const op = "jobs.SendDigest"
	n := p.cfg.Newsletter
	if n.Mail == nil {
		return beatdesk.Errorf(beatdesk.ErrUnavailable, op, "the newsletter is off: no mail sender is configured")
	}
	var (
		send     store.DigestSend
		issue    store.DigestIssue
		reader   beatdesk.Member
		articles []beatdesk.Draft
		receives bool
	)
	err := p.store.View(ctx, func(tx *store.Tx) (err error) {
		if send, err = tx.DigestSend(ctx, issueID, memberID); err != nil || send.State != store.SendPending {
			return err
		}
		if issue, err = tx.DigestIssue(ctx, issueID); err != nil {
			return err
		}
		if reader, err = tx.Member(ctx, memberID); err != nil {
			return err
		}
		if receives, err = tx.Receives(ctx, memberID, issue.Kind, issue.Beat); err != nil || !receives {
			return err
		}
		articles, err = tx.LiveDrafts(ctx, issue.DraftIDs)
		return err
	})
	switch {
	case errors.Is(err, beatdesk.ErrNotFound):
		return nil // the reader or issue is gone, and the send with it
	case err != nil:
		return err
	case send.State != store.SendPending:
		return nil
	case !receives:
		return p.finishSend(ctx, issueID, memberID, store.SendSkipped, "no longer a confirmed recipient of this digest")
	case len(articles) == 0:
		return p.finishSend(ctx, issueID, memberID, store.SendSkipped, "every article in the issue was withdrawn")
	}

	key, err := p.newsletterKey(ctx)
	if err != nil {
		return err
	}
	site := n.Site
	if site.Personas == nil {
		site.Personas = p.personas
	}
	msg, err := newsletter.Message(site, key, newsletter.Issue{ID: issue.ID, Kind: issue.Kind, Beat: issue.Beat,
		PeriodStart: issue.PeriodStart, PeriodEnd: issue.PeriodEnd}, articles, reader)
	if err != nil {
		return err
	}
	if send.Attempts > 0 && !send.TriedAt.IsZero() {
		p.log.WarnContext(ctx, "digest send in doubt: an earlier attempt began and did not finish; sending again with the same Message-ID",
			"issue", issueID, "member", memberID, "attempts", send.Attempts, "tried_at", send.TriedAt)
	}
	var pending bool
	if err := p.store.Update(ctx, func(tx *store.Tx) (err error) {
		pending, err = tx.TryDigestSend(ctx, issueID, memberID)
		return err
	}); err != nil || !pending {
		return err
	}
	if err := p.mailLimiter().Wait(ctx); err != nil {
		return err
	}

	err = mail.SendWithin(ctx, n.Mail, msg, func(handOver func() error) error {
		return p.store.Update(ctx, func(tx *store.Tx) error {
			ok, err := tx.FinishDigestSend(ctx, issueID, memberID, store.SendSent, "")
			if err != nil {
				return err
			}
			if !ok {
				return errFinished // abandon this copy: the server never gets its end
			}
			return handOver() // and commit at once
		})
	})
	switch {
	case err == nil, errors.Is(err, errFinished):
		return nil
	case errors.Is(err, mail.ErrRefusedAfterHandOver):
		failed := errors.Is(err, beatdesk.ErrInvalid) || lastAttempt
		p.log.WarnContext(ctx, "digest refused by the mail server", "issue", issueID, "member", memberID, "for_good", failed, "err", err)
		if rerr := p.store.Update(ctx, func(tx *store.Tx) error {
			return tx.ReopenDigestSend(ctx, issueID, memberID, err.Error(), failed)
		}); rerr != nil || failed {
			return rerr
		}
		return err // River tries again later
	case errors.Is(err, beatdesk.ErrInvalid), lastAttempt:
		p.log.WarnContext(ctx, "digest not sent", "issue", issueID, "member", memberID, "err", err)
		return p.finishSend(ctx, issueID, memberID, store.SendFailed, err.Error())
	}
	return err // River tries again later
}

func (p *Pipeline) finishSend(ctx context.Context, issueID, memberID int64, state, reason string) error {
	return p.store.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.FinishDigestSend(ctx, issueID, memberID, state, reason)
		return err
	})
}

// newsletterState is what the sends share in a process: the key links
// are signed with, and the pace of sending.
type newsletterState struct {
	mu      sync.Mutex
	key     []byte
	limiter *rate.Limiter
}

func (p *Pipeline) newsletterKey(ctx context.Context) ([]byte, error) {
	st := &p.digests
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.key != nil {
		return st.key, nil
	}
	err := p.store.Update(ctx, func(tx *store.Tx) (err error) {
		st.key, err = tx.SiteKey(ctx, newsletter.KeyName)
		return err
	})
	return st.key, err
}

func (p *Pipeline) mailLimiter() *rate.Limiter {
	st := &p.digests
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.limiter == nil {
		r := p.cfg.Newsletter.Rate
		if r <= 0 {
			r = 10
		}
		st.limiter = rate.NewLimiter(rate.Limit(r), 1)
	}
	return st.limiter
}
