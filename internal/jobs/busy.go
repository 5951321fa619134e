package jobs

import (
	"errors"
	"net/url"
	"time"

	"github.com/riverqueue/river"

	"beatdesk/internal/ingest/fetch"
)

// minSnooze is the shortest a job waiting for its host is put aside: a
// shorter snooze would only come straight back to be turned away again.
const minSnooze = 100 * time.Millisecond

// snoozeIfBusy turns a fetch that did not start because its host was not
// ready (a *fetch.BusyError: no free slot, no rate budget, or the host
// asked for a pause with Retry-After) into a River snooze for as long as
// the host needs. The job gives its worker back instead of waiting in it,
// and a snooze does not count as one of its attempts. Other errors pass
// through.
func snoozeIfBusy(err error) error {
	var busy *fetch.BusyError
	if !errors.As(err, &busy) {
		return err
	}
	return river.JobSnooze(max(busy.Wait, minSnooze))
}

// hostBusy returns a *fetch.BusyError for rawURL when its host could not
// take a request now, so that a job can be snoozed before work that leads
// to one (a robots.txt lookup may fetch it), and nil when it could.
func (p *Pipeline) hostBusy(rawURL string) error {
	if d := p.fetcher.Delay(rawURL); d > 0 {
		host := rawURL
		if u, err := url.Parse(rawURL); err == nil {
			host = u.Host
		}
		return &fetch.BusyError{URL: rawURL, Host: host, Wait: d, Reason: "checked before reading robots.txt"}
	}
	return nil
}
