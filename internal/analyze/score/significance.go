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
	Sources   int     // independent sources in the window (copies counted once)
	Outlets   int     // outlets in the window, copies included
	Languages int     // in the window
	Countries int     // of the outlets, in the window
	Velocity  float64 // reports per hour in the window over the story's own earlier rate; 0 for a new story
	New       []string
}

// Window is the recent stretch of a story significance looks at.
const Window = 3 * time.Hour

// halfLife is how fast an idle story's significance fades.
const halfLife = 12 * time.Hour

// Assess weighs a story's reports as of now: independent sources,
// languages and countries in the last Window, velocity against the
// story's own earlier pace, entities named for the first time, and
// recency. Reports after now are ignored (no look-ahead).
//
// The weights reflect what an editor counts: breadth first (sources from
// several countries and languages make a story international), then
// acceleration (a story suddenly moving faster than it has), then novelty
// (a new name in an old story is often the development). Each part is
// saturating, so no single one can carry a story alone.
func Assess(reports []Report, now time.Time) Significance {
	var recent, earlier []Report
	var first, last time.Time
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
		if now.Sub(r.At) <= Window {
			recent = append(recent, r)
		} else {
			earlier = append(earlier, r)
		}
	}
	var s Significance
	if len(recent) == 0 && len(earlier) == 0 {
		return s
	}

	outlets, langs, countries := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range recent {
		for _, o := range r.Outlets {
			outlets[o] = true
		}
		if r.Lang != "" {
			langs[r.Lang] = true
		}
		if r.Country != "" {
			countries[r.Country] = true
		}
	}
	s.Reports = len(recent) + len(earlier)
	s.Sources, s.Outlets, s.Languages, s.Countries = len(recent), len(outlets), len(langs), len(countries)

	// Velocity: the window's rate over the story's earlier rate. The
	// earlier rate is taken over at least one Window, so a story born an
	// hour ago cannot divide by nearly nothing.
	if len(earlier) > 0 {
		span := max(now.Add(-Window).Sub(first), Window)
		before := float64(len(earlier)) / span.Hours()
		s.Velocity = (float64(len(recent)) / Window.Hours()) / before
	}

	// Entities named in the window that no earlier report named.
	seen := map[string]bool{}
	for _, r := range earlier {
		for _, e := range r.Entities {
			seen[e] = true
		}
	}
	if len(earlier) > 0 {
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

	breadth := saturate(float64(s.Sources), 6)*0.45 + saturate(float64(s.Languages-1), 2)*0.15 +
		saturate(float64(s.Countries-1), 3)*0.15
	accel := 0.0
	if s.Velocity > 1 {
		accel = saturate(math.Log2(s.Velocity), 2) * 0.15
	}
	novelty := saturate(float64(len(s.New)), 2) * 0.10
	recency := math.Exp2(-now.Sub(last).Hours() / halfLife.Hours())
	s.Score = math.Round((breadth+accel+novelty)*recency*1000) / 1000
	s.Reasons = s.reasons(now.Sub(last))
	return s
}

// saturate maps 0…∞ onto 0…1, reaching about 0.63 at x = half.
func saturate(x, half float64) float64 {
	if x <= 0 {
		return 0
	}
	return 1 - math.Exp(-x/half)
}

// reasons says in words what the figures say.
func (s Significance) reasons(idle time.Duration) string {
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
		parts = append(parts, p+" in 3 hours")
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
const (
	DevelopmentScore = 0.45
	JumpScore        = 0.15
)

// IsDevelopment says whether the change from before to now is news for
// the desk, and why. before is the story's previous assessment (the zero
// value for a story not assessed before).
func IsDevelopment(before, now Significance) (bool, string) {
	switch {
	case before.Reports == 0 && now.Score >= DevelopmentScore:
		return true, "new story: " + now.Reasons
	case before.Score < DevelopmentScore && now.Score >= DevelopmentScore:
		return true, "crossed the desk's threshold: " + now.Reasons
	case now.Score-before.Score >= JumpScore && (now.Velocity >= 2 || len(now.New) > 0):
		return true, "story jumps: " + now.Reasons
	}
	return false, ""
}
