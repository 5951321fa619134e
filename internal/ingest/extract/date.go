package extract

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page's publication time comes from two places that fail differently:
//
//   - declared: what the page states in JSON-LD datePublished, meta tags
//     (article:published_time and kin) or <time itemprop=datePublished>.
//     Precise to the second and carrying the publisher's own zone, but
//     sometimes a stale template value or a modification date.
//   - found: what htmldate picks from the whole page (meta tags, visible
//     dates, the URL), a day without a time. It weighs the evidence, so
//     it is right more often when the two disagree on the day.
//
// The day reported is the day in the page's own zone, since that is the
// date on the page: an evening story in Lima is dated that evening, not
// the next day in UTC.

// zoneTrustDays: a declared time in an explicit local zone (not UTC)
// beats a found day up to this far away. A publisher writing its own
// offset is stating its local day; htmldate's nearby guess is more often
// the URL's or a teaser's date. Further apart, the two are different
// events and the declared one is more likely stale.
const zoneTrustDays = 7

// publicationTime chooses between the found day and the declared time,
// and when neither exists searches the page's text for a date. The result
// keeps the zone it was given in; zero when the page shows no date.
func publicationTime(found, declared time.Time, doc *html.Node, pageURL string) time.Time {
	declared = localMidnight(declared)
	switch {
	case found.IsZero() && declared.IsZero():
		return searchDate(doc, pageURL)
	case found.IsZero():
		return declared
	case declared.IsZero():
		return found
	case declared.Format(time.DateOnly) == found.Format(time.DateOnly):
		return declared // the same day, with its time
	case hasLocalZone(declared) && absDays(declared.Sub(found)) <= zoneTrustDays:
		return declared
	}
	return found
}

// localMidnight reads a UTC time of exactly 22:00 or 23:00 as what it
// almost always is: a bare date stored as local midnight by a CMS in
// central Europe (UTC+1 in winter, +2 in summer) and written out in UTC.
// The instant is kept; only the zone, and so the day, changes.
func localMidnight(t time.Time) time.Time {
	if t.IsZero() || hasLocalZone(t) || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return t
	}
	if h := t.UTC().Hour(); h == 22 || h == 23 {
		return t.In(time.FixedZone("", (24-h)*3600))
	}
	return t
}

func hasLocalZone(t time.Time) bool {
	_, offset := t.Zone()
	return offset != 0
}

func absDays(d time.Duration) int {
	if d < 0 {
		d = -d
	}
	return int(d / (24 * time.Hour))
}

// searchDate is the last resort for a page with no date in its markup
// that htmldate's quick pass could use: a date in the page's address, else
// the first date written in the visible text (outside navigation, side
// bars and footers), numeric ("27.01.2022", "2022-01-27") or with the
// month's name in one of the languages beatdesk reads most ("27. Januar
// 2022", "January 27, 2022", "27 de enero de 2022"). htmldate's own
// extensive search reads more spellings but costs 75 to 500 ms a page.
func searchDate(doc *html.Node, pageURL string) time.Time {
	if t := urlDate(pageURL); !t.IsZero() {
		return t
	}
	var found time.Time
	eachBlock(doc, dateSkip, func(block string) bool {
		found = textDate(normaliseSpace(block))
		return found.IsZero()
	})
	return found
}

var (
	urlDateRE = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:$|[/_.-])` +
		`|(?:^|[/_-])(0[1-9]|[12]\d|3[01])[.-](0[1-9]|1[0-2])[.-]((?:19|20)\d{2})(?:$|[/_.-])`)
	numericDateRE = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])\.\s?(0?[1-9]|1[0-2])\.\s?((?:19|20)\d{2})\b` +
		`|\b((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`)
	dayMonthRE = regexp.MustCompile(`(?i)\b(0?[1-9]|[12]\d|3[01])\.?\s+(?:de\s+)?(\pL+)\.?,?\s+(?:de\s+)?((?:19|20)\d{2})\b`)
	monthDayRE = regexp.MustCompile(`(?i)\b(\pL+)\.?\s+(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b`)
)

// urlDate reads a date from a page address's path: /2022/01/27/,
// /2022-01-27-, /20220127/ or /27-01-2022.
func urlDate(pageURL string) time.Time {
	u, err := url.Parse(pageURL)
	if err != nil {
		return time.Time{}
	}
	m := urlDateRE.FindStringSubmatch(u.Path)
	switch {
	case m == nil:
		return time.Time{}
	case m[1] != "":
		return makeDate(m[1], m[2], m[3])
	}
	return makeDate(m[6], m[5], m[4])
}

// textDate finds the first date written in s.
func textDate(s string) time.Time {
	best, at := time.Time{}, len(s)
	try := func(t time.Time, pos int) {
		if !t.IsZero() && pos < at {
			best, at = t, pos
		}
	}
	if m := numericDateRE.FindStringSubmatchIndex(s); m != nil {
		g := submatches(s, m)
		if g[3] != "" {
			try(makeDate(g[3], g[2], g[1]), m[0])
		} else {
			try(makeDate(g[4], g[5], g[6]), m[0])
		}
	}
	for _, m := range dayMonthRE.FindAllStringSubmatchIndex(s, 4) {
		g := submatches(s, m)
		if mo := monthNumber(g[2]); mo > 0 {
			try(makeDate(g[3], strconv.Itoa(mo), g[1]), m[0])
			break
		}
	}
	for _, m := range monthDayRE.FindAllStringSubmatchIndex(s, 4) {
		g := submatches(s, m)
		if mo := monthNumber(g[1]); mo > 0 {
			try(makeDate(g[3], strconv.Itoa(mo), g[2]), m[0])
			break
		}
	}
	return best
}

func submatches(s string, m []int) []string {
	g := make([]string, len(m)/2)
	for i := range g {
		if m[2*i] >= 0 {
			g[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return g
}

// makeDate builds a day from year, month and day digits; zero when there
// is no such day.
func makeDate(year, month, day string) time.Time {
	y, err1 := strconv.Atoi(year)
	m, err2 := strconv.Atoi(month)
	d, err3 := strconv.Atoi(day)
	if err1 != nil || err2 != nil || err3 != nil || y < 1990 || y > 2100 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}
	}
	return t
}

// monthNumber knows month names and their common abbreviations in
// English, German, French, Spanish, Portuguese, Italian, Dutch and Polish
// (genitive, as dates write them).
func monthNumber(name string) int {
	return monthNames[strings.ToLower(name)]
}

var monthNames = func() map[string]int {
	byMonth := [12]string{
		"january jan januar jänner janvier enero janeiro gennaio januari stycznia",
		"february feb februar feber février fevrier febrero fevereiro febbraio februari lutego",
		"march mar märz maerz mars marzo março marco maart marca",
		"april apr avril abril aprile kwietnia",
		"may mai mayo maio maggio mei maja",
		"june jun juni juin junio junho giugno czerwca",
		"july jul juli juillet julio julho luglio lipca",
		"august aug août aout agosto augustus sierpnia",
		"september sep sept septembre septiembre setembro settembre września wrzesnia",
		"october oct oktober octobre octubre outubro ottobre października pazdziernika",
		"november nov novembre noviembre novembro listopada",
		"december dec dezember décembre decembre diciembre dezembro dicembre grudnia",
	}
	m := make(map[string]int)
	for i, names := range byMonth {
		for _, n := range strings.Fields(names) {
			m[n] = i + 1
		}
	}
	return m
}()

// dateLayouts are the spellings of a publication time seen in page
// metadata, most common first.
var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05 -0700", "2006-01-02",
}

// parseDate reads a declared publication time, keeping its zone; a time
// without a zone is taken as UTC. Implausible years give the zero time.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}
			}
			return t
		}
	}
	return time.Time{}
}

// dateSkip: the site's navigation, footers and side bars carry other
// pages' dates and the copyright year. Links stay: blogs link the date to
// the article itself.
var dateSkip = map[atom.Atom]bool{atom.Nav: true, atom.Footer: true, atom.Aside: true}
