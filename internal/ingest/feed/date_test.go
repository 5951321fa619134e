package feed

import (
	"testing"
	"time"
)

// TestParseDateMatchesGofeed checks that parseDate's shortcuts give the
// instant gofeed's own date parser gives.
func TestParseDateMatchesGofeed(t *testing.T) {
	for _, s := range []string{
		"Tue, 03 Mar 2026 14:05:00 -0600",
		"Tue, 03 Mar 2026 14:05:00 +0000",
		"Wed, 04 Mar 2026 09:00:00 GMT",
		"Wed, 04 Mar 2026 09:00:00 UTC",
		"Wed, 04 Mar 2026 09:00:00 EST",
		"Wed, 04 Mar 2026 09:00:00 PDT",
		"Wed, 04 Mar 2026 09:00:00 CEST",
		"Wed, 04 Mar 2026 09:00:00 XYZ",
		"Wed, 04 Mar 2026 09:00:00 UT",
		"Wed, 4 Mar 2026 09:00:00 GMT",
		"Wed, 4 Mar 2026 09:00:00 +0100",
		"Wednesday, 04-Mar-26 09:00:00 GMT",
		"Fri, 31 Feb 2026 09:00:00 GMT",
		"2026-03-05T08:30:00+01:00",
		"2026-03-05T08:30:00Z",
		"2026-03-05T08:30:00.123456Z",
		"2026-03-05T08:30:00+0100",
		"2026-03-05T08:30:00",
		"2026-03-05T08:30Z",
		"2026-03-05 08:30:00",
		"2026-03-05",
		"2026-3-5",
		"2026-03-5",
		"05 Mar 2026 08:30:00 +0000",
		"March 5, 2026",
		"  2026-03-05T08:30:00Z  ",
		"not a date",
		"",
	} {
		got, want := parseDate(s), gofeedDate(s)
		if s == "" {
			want = nil // gofeed's document would have an empty pubDate
		}
		if !sameInstant(got, want) {
			t.Errorf("parseDate(%q) = %v, gofeed says %v", s, got, want)
		}
	}
	if got := parseDate("Wed, 04 Mar 2026 09:00:00 EST"); got == nil || !got.Equal(time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("EST date: %v", got)
	}
}

func sameInstant(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
