package beatdesk

import "time"

// An Item is one entry of a feed, as the feed described it. Items are keyed
// by (source, GUID) so polling the same feed twice never duplicates one.
type Item struct {
	ID        int64
	SourceID  int64
	GUID      string // the entry's id, or its link when it has none
	URL       string // the link as given by the feed
	Title     string
	Summary   string // plain text
	Published time.Time
	SeenAt    time.Time

	State string // ItemNew, ItemFetched, ItemFailed, ItemDuplicate
	Error string // why fetching or extracting failed
}

// Item states.
const (
	ItemNew       = "new"
	ItemFetched   = "fetched"
	ItemFailed    = "failed"
	ItemDuplicate = "duplicate"
)
