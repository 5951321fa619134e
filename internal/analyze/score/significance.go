package score

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// A Report is one original article of a story as significance sees it.
// Copies of an article (wire copy, syndication) are not Reports of their
// own: they add their outlets to the original's Outlets, so a wire story
// run by ten papers is one independent source carried by ten outlets.
type Report struct {
	At       time.Time // when it was published (or first seen)
	Outlets  []string  // the outlet of the original, then of each copy
	Lang     string
	Country  string   // the outlet's country, ISO 3166
	Entities []string // people, organisations and places it names, normalised
}

// Significance is how much a story matters now, and why.
type Significance struct {
	Score   float64 // 0 to 1; comparable across stories
	Reasons string  // in words an editor reads

	Reports   int     // the story's reports up to the moment assessed
	Sources   int     // independent sources in the Window: outlets of originals, copies counted once
	Outlets   int     // outlets in the window, copies included
	Languages int     // in the window
	Countries int     // of the outlets, in the window
	Velocity  float64 // reports per hour in the last Burst over the story's own earlier rate; 0 for a new story
	New       []string
}

// Window is the stretch of a story whose breadth significance counts: a
// news day. Stories an analyst writes about gather their sources over a
// day or two, not only in a wire service's first hours.
const Window = 24 * time.Hour

// Burst is the recent stretch whose pace is set against the story's own
// earlier pace.
const Burst = 3 * time.Hour

// halfLife is how fast an idle story's significance fades.
const halfLife = 12 * time.Hour

// Earlier is what is known of a story's reports older than those given
// to AssessFrom, when only its latest reports are read: how many there
// were, and when the first came out.
type Earlier struct {
	Reports int
	Since   time.Time
}

// Assess weighs a story's reports as of now: independent sources,
// languages and countries in the last Window, pace in the last Burst
// against the story's own earlier pace, entities named for the first
// time, and recency. Reports after now are ignored (no look-ahead).
//
// The weights reflect what an editor counts: breadth first (sources from
// several countries and languages make a story international), then
// acceleration (a story suddenly moving faster than it has), then novelty
// (a new name in an old story is often the development). Each part is
// saturating, so no single one can carry a story alone.
func Assess(reports []Report, now time.Time) Significance {
	return AssessFrom(reports, Earlier{}, now)
}

// AssessFrom is Assess for a story of which only the latest reports are
// read, the older ones known by count alone: they count towards the
// story's earlier pace but name no entities, so a name is new when none of
// the reports given named it before the Window.
func AssessFrom(reports []Report, older Earlier, now time.Time) Significance {
	var recent []Report
	earlier, burst := older.Reports, 0
	var first, last time.Time
	if older.Reports > 0 {
		first = older.Since
	}
	seen := map[string]bool{}
	for _, r := range reports {
		if r.At.After(now) {
			continue
		}
		if first.IsZero() || r.At.Before(first) {
			first = r.At
		}
		if r.At.After(last) {
			last = r.At
		}
		if now.Sub(r.At) <= Burst {
			burst++
		} else {
			earlier++
		}
		if now.Sub(r.At) <= Window {
			recent = append(recent, r)
			continue
		}
		for _, e := range r.Entities {
			seen[e] = true
		}
	}
	var s Significance
	s.Reports = burst + earlier
	if s.Reports == 0 {
		return s
	}
	if last.IsZero() { // only older reports: the story has been quiet since
		last = first
	}

	sources, outlets, langs, countries := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var since time.Time
	for i, r := range recent {
		// Two articles by one outlet are one source; a report that names
		// no outlet is a source of its own.
		source := fmt.Sprintf("\x00%d", i)
		if len(r.Outlets) > 0 {
			source = r.Outlets[0]
		}
		sources[source] = true
		for _, o := range r.Outlets {
			outlets[o] = true
		}
		if r.Lang != "" {
			langs[r.Lang] = true
		}
		if r.Country != "" {
			countries[r.Country] = true
		}
		if since.IsZero() || r.At.Before(since) {
			since = r.At
		}
	}
	s.Sources, s.Outlets, s.Languages, s.Countries = len(sources), len(outlets), len(langs), len(countries)

	// Velocity: the burst's rate over the story's earlier rate. The
	// earlier rate is taken over at least one Burst, so a story born an
	// hour ago cannot divide by nearly nothing.
	if earlier > 0 {
		span := max(now.Add(-Burst).Sub(first), Burst)
		before := float64(earlier) / span.Hours()
		s.Velocity = (float64(burst) / Burst.Hours()) / before
	}

	// Entities named in the window that no earlier report named; a story
	// with no earlier reports names nothing for the first time.
	if s.Reports > len(recent) {
		fresh := map[string]int{}
		for _, r := range recent {
			for _, e := range r.Entities {
				if !seen[e] {
					fresh[e]++
				}
			}
		}
		for e := range fresh {
			s.New = append(s.New, e)
		}
		// The most mentioned first; ties by name, so the order is stable.
		slices.SortFunc(s.New, func(a, b string) int {
			if fresh[a] != fresh[b] {
				return fresh[b] - fresh[a]
			}
			return strings.Compare(a, b)
		})
	}

	breadth := saturate(float64(s.Sources), 3)*0.45 + saturate(float64(s.Languages-1), 1)*0.15 +
		saturate(float64(s.Countries-1), 2)*0.15
	accel := 0.0
	if s.Velocity > 1 {
		accel = saturate(math.Log2(s.Velocity), 2) * 0.15
	}
	novelty := saturate(float64(len(s.New)), 2) * 0.10
	recency := math.Exp2(-now.Sub(last).Hours() / halfLife.Hours())
	s.Score = math.Round((breadth+accel+novelty)*recency*1000) / 1000
	s.Reasons = s.reasons(now.Sub(since), now.Sub(last))
	return s
}

// saturate maps 0…∞ onto 0…1, reaching about 0.63 at x = half.
func saturate(x, half float64) float64 {
	if x <= 0 {
		return 0
	}
	return 1 - math.Exp(-x/half)
}

// reasons says in words what the figures say; span is how long ago the
// window's first report came out, idle how long ago its last.
func (s Significance) reasons(span, idle time.Duration) string {
	var parts []string
	if s.Sources > 0 {
		p := fmt.Sprintf("%s in %s", plural(s.Sources, "independent source", "independent sources"),
			plural(s.Languages, "language", "languages"))
		if s.Countries > 1 {
			p += fmt.Sprintf(" from %d countries", s.Countries)
		}
		if s.Outlets > s.Sources {
			p += fmt.Sprintf(" (%d outlets counting copies)", s.Outlets)
		}
		parts = append(parts, p+" in "+plural(int(math.Ceil(max(span, time.Hour).Hours())), "hour", "hours"))
	} else {
		parts = append(parts, fmt.Sprintf("quiet for %s", idle.Round(time.Hour)))
	}
	if s.Velocity >= 2 {
		parts = append(parts, fmt.Sprintf("%.0f× its usual pace", s.Velocity))
	}
	if len(s.New) > 0 {
		names := s.New[:min(len(s.New), 3)]
		parts = append(parts, "first mention of "+strings.Join(names, ", "))
	}
	return strings.Join(parts, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Development thresholds. A story becomes a development when it first
// crosses DevelopmentScore, or when an existing story's score jumps by
// JumpScore while it moves at twice its usual pace or names someone new.
// Within a day, three independent sources from two countries cross the
// threshold (0.34), as do two in two languages from two countries (0.37);
// two from one country (0.22) and one source do not, however many papers
// carry its copies.
const (
	DevelopmentScore = 0.3
	JumpScore        = 0.15
)

// IsDevelopment says whether the change from before to now is news for
// the desk, and why. before is the story's previous assessment (the zero
// value for a story not assessed before).
// One outlet alone is never a development, however fast it publishes.
func IsDevelopment(before, now Significance) (bool, string) {
	switch {
	case now.Sources < 2:
		return false, ""
	case before.Reports == 0 && now.Score >= DevelopmentScore:
		return true, "new story: " + now.Reasons
	case before.Score < DevelopmentScore && now.Score >= DevelopmentScore:
		return true, "crossed the desk's threshold: " + now.Reasons
	case now.Score-before.Score >= JumpScore && (now.Velocity >= 2 || len(now.New) > 0):
		return true, "story jumps: " + now.Reasons
	}
	return false, ""
}
