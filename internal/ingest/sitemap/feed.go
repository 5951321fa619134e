package sitemap

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"

	"beatdesk/internal/ingest/feed"
)

// maxGUID matches the feed parser: longer ids are hashed.
const maxGUID = 512

// Entries returns the sitemap's URLs as feed entries, newest first, keeping
// only those dated within MaxAge before now (and not more than a day after
// it, which is a wrong clock or time zone, not news). An entry's date is its
// news:publication_date, else its lastmod; undated entries are left out,
// since nothing says whether they are new. For a plain sitemap lastmod is
// when a page last changed, so an old page edited today counts as new: the
// poller's de-duplication by URL keeps that harmless. The entry's GUID is
// its URL; Title is the news title ("" in a plain sitemap).
func (s *Sitemap) Entries(now time.Time) []feed.Entry {
	oldest, newest := now.Add(-MaxAge), now.Add(24*time.Hour)
	seen := map[string]bool{}
	var out []feed.Entry
	for _, u := range s.URLs {
		when := u.Published
		if when.IsZero() {
			when = u.LastMod
		}
		if when.IsZero() || when.Before(oldest) || when.After(newest) || seen[u.Loc] {
			continue
		}
		seen[u.Loc] = true
		guid := u.Loc
		if len(guid) > maxGUID {
			sum := sha256.Sum256([]byte(guid))
			guid = "sha256:" + hex.EncodeToString(sum[:])
		}
		out = append(out, feed.Entry{GUID: guid, URL: u.Loc, Title: u.Title, Published: when})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Published.After(out[j].Published) })
	return out
}

// Feed returns the sitemap as a feed: Entries(now), titled with the news
// publication's name and in its language (the most frequent of each among
// the URLs; "" when the sitemap names none).
func (s *Sitemap) Feed(now time.Time) *feed.Feed {
	return &feed.Feed{
		Title:   s.Publication(),
		Lang:    s.mostFrequent(func(u URL) string { return u.Lang }),
		Entries: s.Entries(now),
	}
}

// Publication returns the name of the news publication the sitemap lists
// most, "" when it names none.
func (s *Sitemap) Publication() string {
	return s.mostFrequent(func(u URL) string { return u.Publication })
}

// mostFrequent returns the most frequent non-empty value of field among the
// URLs, the first seen winning a tie.
func (s *Sitemap) mostFrequent(field func(URL) string) string {
	counts := map[string]int{}
	best := ""
	for _, u := range s.URLs {
		v := field(u)
		if v == "" {
			continue
		}
		counts[v]++
		if counts[v] > counts[best] || best == "" {
			best = v
		}
	}
	return best
}
