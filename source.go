package beatdesk

import (
	"net/url"
	"strings"
	"time"
)

// A Source is a feed the newsroom watches: RSS, Atom or JSON Feed.
type Source struct {
	ID       int64
	Name     string // outlet name shown to readers, e.g. "El Diario del Norte"
	FeedURL  string
	SiteURL  string
	Lang     string // ISO 639-1 language the outlet mostly publishes in
	Country  string // ISO 3166-1 alpha-2
	Priority int    // higher is polled sooner when many are due

	// Polling state, kept by the poller.
	ETag         string
	LastModified string
	NextPollAt   time.Time
	LastPolledAt time.Time
	LastOKAt     time.Time
	LastError    string        // the last fetch or parse error, shown on the desk
	ErrorCount   int           // consecutive failures
	Paused       bool          // failed too often; re-checked rarely
	PollInterval time.Duration // the interval the scheduler chose last
	ScheduleNote string        // why, in words: "about 40 entries a day"
	ItemCount    int
	CreatedAt    time.Time
}

// Validate reports whether s can be stored. It returns ErrInvalid with a
// message that says which field is wrong.
func (s *Source) Validate() error {
	const op = "Source.Validate"
	if strings.TrimSpace(s.Name) == "" {
		return Errorf(ErrInvalid, op, "source needs a name")
	}
	if err := validateHTTPURL(s.FeedURL); err != nil {
		return Errorf(ErrInvalid, op, "feed URL %q: %v", s.FeedURL, err)
	}
	if s.SiteURL != "" {
		if err := validateHTTPURL(s.SiteURL); err != nil {
			return Errorf(ErrInvalid, op, "site URL %q: %v", s.SiteURL, err)
		}
	}
	if s.Lang != "" && len(s.Lang) != 2 {
		return Errorf(ErrInvalid, op, "language %q must be a two-letter ISO 639-1 code such as \"en\"", s.Lang)
	}
	if s.Country != "" && len(s.Country) != 2 {
		return Errorf(ErrInvalid, op, "country %q must be a two-letter ISO 3166 code such as \"MX\"", s.Country)
	}
	return nil
}

type urlError string

func (e urlError) Error() string { return string(e) }

func validateHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return urlError("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return urlError("must start with http:// or https://")
	}
	if u.Host == "" {
		return urlError("has no host")
	}
	return nil
}
