package beatdesk

import "time"

// An Article is the full text of an item's page, extracted and analysed.
// Articles are keyed by canonical URL; a later copy of the same text
// (same content hash, or a SimHash within a few bits) records DuplicateOf.
type Article struct {
	ID          int64
	ItemID      int64
	SourceID    int64
	Outlet      string // the source's name, denormalised for citations
	URL         string // canonical
	Title       string
	Text        string // main text, paragraphs separated by blank lines
	Author      string
	Lang        string // detected ISO 639-1 code, "" when unsure
	Published   time.Time
	FetchedAt   time.Time
	ContentHash string // hex SHA-256 of the normalised text
	SimHash     uint64
	DuplicateOf int64 // 0 when original
	StoryID     int64 // 0 until clustered
	Partial     bool  // a paywall stub or block page, not the article
	Places      []string
	ClusteredAt time.Time
	WordCount   int
}

// Validate reports whether a can be stored.
func (a *Article) Validate() error {
	const op = "Article.Validate"
	if a.SourceID == 0 {
		return Errorf(ErrInvalid, op, "article has no source")
	}
	if err := validateHTTPURL(a.URL); err != nil {
		return Errorf(ErrInvalid, op, "article URL %q: %v", a.URL, err)
	}
	if a.Title == "" && a.Text == "" {
		return Errorf(ErrInvalid, op, "article %s has neither title nor text", a.URL)
	}
	return nil
}
