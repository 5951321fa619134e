package score

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// burst makes n independent reports in the hour before at, cycling
// through the given languages and countries.
func burst(at time.Time, n int, langs, countries []string, entities ...string) []Report {
	var out []Report
	for i := range n {
		out = append(out, Report{
			At:       at.Add(-time.Duration(i+1) * time.Hour / time.Duration(n+1)),
			Outlets:  []string{fmt.Sprintf("outlet-%d-%d", at.Unix(), i)},
			Lang:     langs[i%len(langs)],
			Country:  countries[i%len(countries)],
			Entities: entities,
		})
	}
	return out
}

func TestBreadthCountsIndependentSources(t *testing.T) {
	wide := Assess(burst(t0, 12, []string{"es", "en", "pt", "fr"}, []string{"MX", "US", "BR"}), t0)
	if wide.Sources != 12 || wide.Languages != 4 || wide.Countries != 3 ||
		wide.Reasons != "12 independent sources in 4 languages from 3 countries in 1 hour" {
		t.Errorf("wide story: %+v", wide)
	}

	// One wire report carried by ten outlets is one source.
	wire := Assess([]Report{{At: t0.Add(-time.Hour), Lang: "en", Country: "US",
		Outlets: strings.Fields("wire a b c d e f g h i")}}, t0)
	if wire.Sources != 1 || wire.Outlets != 10 || !strings.Contains(wire.Reasons, "1 independent source in 1 language (10 outlets counting copies)") {
		t.Errorf("wire copy: %+v", wire)
	}
	if wire.Score >= wide.Score/3 {
		t.Errorf("a wire copy in ten papers scores %.3f against %.3f for twelve independent sources", wire.Score, wide.Score)
	}
	if wide.Score < DevelopmentScore || wire.Score >= DevelopmentScore {
		t.Errorf("scores %.3f and %.3f; want only the wide story over the desk's threshold %.2f", wide.Score, wire.Score, DevelopmentScore)
	}
}

// TestJump: a story that had one report a day for five days suddenly gets
// six in an hour, naming someone new: a development.
func TestJump(t *testing.T) {
	var reports []Report
	for d := 5; d >= 1; d-- {
		reports = append(reports, Report{At: t0.Add(-time.Duration(d) * 24 * time.Hour), Outlets: []string{fmt.Sprint("daily-", d)},
			Lang: "es", Country: "MX", Entities: []string{"Culiacán"}})
	}
	before := Assess(reports, t0.Add(-Burst))
	reports = append(reports, burst(t0, 6, []string{"es", "en"}, []string{"MX", "US"}, "Culiacán", "Ana Lucía Pérez")...)
	now := Assess(reports, t0)

	if now.Velocity < 20 || len(now.New) != 1 || now.New[0] != "Ana Lucía Pérez" {
		t.Errorf("velocity %.1f, new %v", now.Velocity, now.New)
	}
	if !strings.Contains(now.Reasons, "× its usual pace") || !strings.HasSuffix(now.Reasons, "first mention of Ana Lucía Pérez") {
		t.Errorf("reasons %q", now.Reasons)
	}
	if ok, why := IsDevelopment(before, now); !ok || !strings.HasPrefix(why, "crossed the desk's threshold: 7 independent sources in 2 languages from 2 countries in 24 hours") {
		t.Errorf("IsDevelopment(%.3f → %.3f) = %v %q", before.Score, now.Score, ok, why)
	}
	// A story already over the threshold that jumps again is news again.
	more := append(reports, burst(t0.Add(2*time.Hour), 9, []string{"en", "fr", "pt"}, []string{"GB", "FR", "BR"}, "Culiacán", "Sedena")...)
	later := Assess(more, t0.Add(2*time.Hour))
	if ok, why := IsDevelopment(now, later); !ok || !strings.HasPrefix(why, "story jumps: ") || !strings.Contains(why, "Sedena") {
		t.Errorf("IsDevelopment(%.3f → %.3f) = %v %q", now.Score, later.Score, ok, why)
	}
	// The same figures a moment later are not news again.
	if ok, _ := IsDevelopment(now, Assess(reports, t0.Add(time.Minute))); ok {
		t.Error("an unchanged story was reported as a development twice")
	}
}

func TestNewStoryCrossesThreshold(t *testing.T) {
	now := Assess(burst(t0, 8, []string{"ar", "fr", "en"}, []string{"SD", "FR", "GB"}), t0)
	ok, why := IsDevelopment(Significance{}, now)
	if !ok || !strings.HasPrefix(why, "new story: 8 independent sources in 3 languages") {
		t.Errorf("IsDevelopment = %v %q (score %.3f)", ok, why, now.Score)
	}
	// One outlet filing update after update, naming new places, is not a
	// development either.
	var one []Report
	for i := range 6 {
		one = append(one, Report{At: t0.Add(-time.Duration(30-i) * time.Hour), Outlets: []string{"la-vigie"}, Lang: "fr", Country: "SN"})
	}
	first := Assess(one, t0.Add(-time.Hour))
	for i := range 5 {
		one = append(one, Report{At: t0.Add(-time.Duration(i) * time.Minute), Outlets: []string{"la-vigie"}, Lang: "fr", Country: "SN",
			Entities: []string{"Joal-Fadiouth", "El Hierro"}})
	}
	if busy := Assess(one, t0); busy.Velocity < 2 || len(busy.New) == 0 {
		t.Errorf("one outlet's burst: %+v", busy)
	} else if ok, why := IsDevelopment(first, busy); ok {
		t.Errorf("one outlet's burst (%.3f → %.3f) was a development: %s", first.Score, busy.Score, why)
	}
	quiet := Assess(burst(t0, 1, []string{"en"}, []string{"GB"}), t0)
	if ok, _ := IsDevelopment(Significance{}, quiet); ok {
		t.Errorf("a single report (score %.3f) was a development", quiet.Score)
	}
}

func TestFadesAndNoLookAhead(t *testing.T) {
	reports := burst(t0, 10, []string{"en", "de"}, []string{"DE", "PL"})
	fresh := Assess(reports, t0)
	day := Assess(reports, t0.Add(24*time.Hour))
	if day.Score > fresh.Score/10 || day.Sources != 0 || !strings.HasPrefix(day.Reasons, "quiet for 24h") {
		t.Errorf("a day later: %+v (fresh %.3f)", day, fresh.Score)
	}
	// Reports published after the moment assessed do not count.
	if early := Assess(reports, t0.Add(-2*time.Hour)); early.Sources != 0 || early.Score != 0 {
		t.Errorf("assessed before any report was out: %+v", early)
	}
}

// TestThresholdSayings holds the threshold's comment to its figures: over
// a day, three independent sources from two countries, or two in two
// languages from two countries, are news for the desk; two from one
// country, and one outlet's articles however many, are not.
func TestThresholdSayings(t *testing.T) {
	report := func(h int, outlet, lang, country string) Report {
		return Report{At: t0.Add(-time.Duration(h) * time.Hour), Outlets: []string{outlet}, Lang: lang, Country: country}
	}
	for _, tc := range []struct {
		name    string
		reports []Report
		want    bool
	}{
		{"three sources, two countries", []Report{report(20, "a", "en", "US"), report(9, "b", "en", "GB"), report(1, "c", "en", "US")}, true},
		{"two sources, two languages, two countries", []Report{report(20, "a", "en", "US"), report(2, "b", "es", "MX")}, true},
		{"two sources, one country", []Report{report(20, "a", "en", "US"), report(2, "b", "en", "US")}, false},
		{"one outlet three times", []Report{report(20, "a", "en", "US"), report(9, "a", "en", "US"), report(1, "a", "en", "US")}, false},
		{"three sources, but over two days", []Report{report(47, "a", "en", "US"), report(30, "b", "en", "GB"), report(1, "c", "en", "US")}, false},
	} {
		s := Assess(tc.reports, t0)
		if got := s.Score >= DevelopmentScore; got != tc.want {
			t.Errorf("%s: score %.3f (%s), over the threshold %v, want %v", tc.name, s.Score, s.Reasons, got, tc.want)
		}
	}
	one := Assess([]Report{report(20, "a", "en", "US"), report(9, "a", "en", "US")}, t0)
	if one.Sources != 1 || !strings.HasPrefix(one.Reasons, "1 independent source in 1 language in 20 hours") {
		t.Errorf("two articles by one outlet: %+v", one)
	}
}

// TestAssessFrom: a story read from its latest reports only, the older
// ones given by count and date, scores as the whole story does, save for
// names the older reports alone mentioned.
func TestAssessFrom(t *testing.T) {
	var all []Report
	for d := 6; d >= 1; d-- {
		all = append(all, Report{At: t0.Add(-time.Duration(d) * 24 * time.Hour), Outlets: []string{fmt.Sprint("daily-", d)},
			Lang: "fr", Country: "SN", Entities: []string{"Dakar"}})
	}
	all = append(all, burst(t0, 5, []string{"fr", "es"}, []string{"SN", "ES"}, "Dakar", "El Hierro")...)
	whole := Assess(all, t0)
	latest := AssessFrom(all[3:], Earlier{Reports: 3, Since: all[0].At}, t0)
	if whole.Score != latest.Score || whole.Reasons != latest.Reasons || whole.Velocity != latest.Velocity || whole.Reports != latest.Reports {
		t.Errorf("whole story: %+v\nlatest reports: %+v", whole, latest)
	}
	if len(whole.New) != 1 || whole.New[0] != "El Hierro" {
		t.Errorf("new names %v, want El Hierro", whole.New)
	}
	// Only older reports: the story is quiet, and nothing in it is new.
	quiet := AssessFrom(nil, Earlier{Reports: 4, Since: t0.Add(-48 * time.Hour)}, t0)
	if quiet.Reports != 4 || quiet.Sources != 0 || quiet.Score != 0 || !strings.HasPrefix(quiet.Reasons, "quiet for 48h") {
		t.Errorf("only older reports: %+v", quiet)
	}
}
