package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"golang.org/x/net/publicsuffix"

	"beatdesk"
	"beatdesk/internal/analyze/dedup"
	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/ingest/canon"
	"beatdesk/internal/ingest/extract"
	"beatdesk/internal/ingest/fetch"
	"beatdesk/internal/ingest/robots"
	"beatdesk/internal/store"
)

// FetchArgs asks for one item's page to be fetched and extracted.
type FetchArgs struct {
	ItemID int64 `json:"item_id"`
}

func (FetchArgs) Kind() string { return "fetch" }

type fetchWorker struct {
	river.WorkerDefaults[FetchArgs]
	p *Pipeline
}

func (w *fetchWorker) Work(ctx context.Context, job *river.Job[FetchArgs]) error {
	err := w.p.Fetch(ctx, job.Args.ItemID)
	if errors.Is(err, fetch.ErrBusy) {
		return snoozeIfBusy(err)
	}
	var tr transient
	if !errors.As(err, &tr) {
		return err
	}
	if job.Attempt >= job.MaxAttempts {
		// Out of retries: record the failure on the item for the desk.
		return w.p.itemFailed(ctx, job.Args.ItemID, tr.error)
	}
	// Show the error on the desk now; River tries again later.
	note := fmt.Sprintf("attempt %d of %d failed, will retry: %v", job.Attempt, job.MaxAttempts, tr.error)
	if rerr := w.p.store.Update(ctx, func(tx *store.Tx) error {
		return tx.SetItemState(ctx, job.Args.ItemID, beatdesk.ItemNew, note)
	}); rerr != nil {
		return rerr
	}
	return err
}

// transient marks a failure worth retrying later (a timeout, a 5xx).
type transient struct{ error }

func (t transient) Unwrap() error { return t.error }

// nearWindow is how far back near-duplicates are looked for.
const nearWindow = 7 * 24 * time.Hour

// Fetch turns an item into an article: it fetches the page, extracts the
// text, detects the language, marks exact and near copies of earlier
// articles, finds the places named, and stores the article, searchable,
// with the job that clusters it. An item already handled is left alone. A page that
// cannot be used is recorded on the item with the reason; only failures
// worth retrying (timeouts, 5xx, 429) are returned as errors, and a
// *fetch.BusyError when the page's host is not ready, so that the job
// waits for it outside its worker.
func (p *Pipeline) Fetch(ctx context.Context, itemID int64) error {
	var it beatdesk.Item
	var src beatdesk.Source
	err := p.store.View(ctx, func(tx *store.Tx) (err error) {
		if it, err = tx.Item(ctx, itemID); err != nil {
			return err
		}
		src, err = tx.Source(ctx, it.SourceID)
		return err
	})
	if errors.Is(err, beatdesk.ErrNotFound) {
		return nil
	}
	if err != nil || it.State != beatdesk.ItemNew {
		return err
	}

	pageURL, err := canon.URL(it.URL)
	if err != nil {
		return p.itemFailed(ctx, itemID, fmt.Errorf("the entry's link %q is not a usable URL: %w", it.URL, err))
	}
	if err := p.hostBusy(pageURL); err != nil {
		return err // before robots.txt, whose fetch would wait for the host
	}
	allowed, err := p.robots.Allowed(ctx, pageURL, p.cfg.UserAgent)
	if errors.Is(err, robots.ErrUnreachable) {
		return transient{fmt.Errorf("robots.txt for %s could not be read, so the page waits: %w", pageURL, err)}
	}
	if err != nil {
		return err
	}
	if !allowed {
		return p.itemFailed(ctx, itemID, fmt.Errorf("the site's robots.txt does not allow %s to fetch %s", p.cfg.UserAgent, pageURL))
	}
	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: pageURL, MaxBytes: fetch.PageMax, NoWait: true})
	if errors.Is(err, fetch.ErrBusy) {
		return err
	}
	if err != nil {
		if isTransient(err) {
			return transient{err}
		}
		return p.itemFailed(ctx, itemID, err)
	}
	res, err := extract.Extract(resp.Body, resp.URL)
	if err != nil {
		return p.itemFailed(ctx, itemID, err)
	}

	a := beatdesk.Article{
		ItemID: it.ID, SourceID: src.ID, URL: canonicalOf(resp.URL, res.Canonical), Title: firstNonEmpty(res.Title, it.Title),
		Text: res.Text, Author: res.Author, Published: firstTime(res.Published, it.Published), FetchedAt: resp.FetchedAt,
		Partial: res.Partial, WordCount: len(strings.Fields(res.Text)),
	}
	a.Lang = p.lang.Detect(a.Title+"\n"+a.Text, firstNonEmpty(res.Lang, src.Lang))
	a.ContentHash = dedup.ContentHash(a.Text)
	a.SimHash = dedup.SimHash(a.Text)
	terms := text.SearchTerms(a.Title+"\n"+a.Text, a.Lang)
	for i, m := range entity.Find(a.Title + "\n" + a.Text) {
		if i == 8 {
			break
		}
		a.Places = append(a.Places, m.Place.Name)
	}

	// The copy check and the insert are written in a group with other
	// fetches' (groupcommit.go), one group at a time under the copies'
	// lock (copies.go); the index is warmed outside it.
	p.copyIndex(ctx)
	return p.articleWrites.update(ctx, func(tx *store.Tx) error {
		if cur, err := tx.Item(ctx, itemID); err != nil || cur.State != beatdesk.ItemNew {
			return err // another run finished it meanwhile
		}
		var err error
		if a.DuplicateOf, err = p.findCopy(ctx, tx, a); err != nil {
			return err
		}
		id, isNew, err := tx.AddArticle(ctx, a)
		if err != nil {
			return err
		}
		if !isNew {
			// Another feed's entry already brought this very URL.
			return tx.SetItemState(ctx, itemID, beatdesk.ItemDuplicate, fmt.Sprintf("same page as article %d", id))
		}
		if err := tx.SetItemState(ctx, itemID, beatdesk.ItemFetched, ""); err != nil {
			return err
		}
		if err := tx.IndexArticle(ctx, id, terms); err != nil {
			return err
		}
		if a.DuplicateOf != 0 {
			return nil // copies are kept but not clustered
		}
		if !a.Partial { // nor are paywall stubs
			err := p.queue.insertTx(ctx, tx, ClusterArgs{ArticleID: id}, &river.InsertOpts{Queue: queueCluster,
				UniqueOpts: once.UniqueOpts})
			if err != nil {
				return err
			}
		}
		p.noteOriginal(id, a.SimHash)
		return nil
	})
}

func (p *Pipeline) itemFailed(ctx context.Context, itemID int64, cause error) error {
	p.log.Info("item failed", "item", itemID, "err", cause)
	return p.store.Update(ctx, func(tx *store.Tx) error {
		return tx.SetItemState(ctx, itemID, beatdesk.ItemFailed, cause.Error())
	})
}

func isTransient(err error) bool {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Code == 429 || se.Code >= 500
	}
	// fetch reports its own deadline as ErrTimeout ("timed out"), without
	// wrapping context.DeadlineExceeded.
	return errors.Is(err, fetch.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timeout")
}

// canonicalOf keeps a page's rel=canonical only when it points into the
// same site (the same host, or one a subdomain of the other, as an AMP page
// on amp.example.com names www.example.com): a hostile page must not claim
// another site's article URL.
func canonicalOf(pageURL, declared string) string {
	page, err := canon.URL(pageURL)
	if err != nil {
		page = pageURL
	}
	if declared == "" {
		return page
	}
	c, err := canon.URL(declared)
	if err != nil {
		return page
	}
	pu, err1 := url.Parse(page)
	cu, err2 := url.Parse(c)
	if err1 != nil || err2 != nil || !sameSite(pu.Hostname(), cu.Hostname()) {
		return page
	}
	return c
}

// sameSite reports whether two hosts belong to one registrable domain
// (by the public suffix list), so blog.example.co.uk and
// www.example.co.uk are one site but a.github.io and b.github.io are not.
func sameSite(a, b string) bool {
	if a == b {
		return true
	}
	da, err1 := publicsuffix.EffectiveTLDPlusOne(a)
	db, err2 := publicsuffix.EffectiveTLDPlusOne(b)
	return err1 == nil && err2 == nil && da == db
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t.UTC()
		}
	}
	return time.Time{}
}
