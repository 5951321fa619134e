package cite

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// months maps folded month names (and common English abbreviations) in
// the languages beatdesk publishes in to their number.
var months = map[string]int{}

// weekdays maps folded weekday names to their number (Sunday = 0).
var weekdays = map[string]int{}

// capitalOnly lists names that are dates only when capitalised: English
// "May" and "March" are also a verb, "Sat" a past tense.
var capitalOnly = setOf("may", "march", "mar", "jan", "feb", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec", "sun", "sat", "wed")

func init() {
	names := []string{
		"january february march april may june july august september october november december",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
		"janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro",
		"januar februar marz april mai juni juli august september oktober november dezember",
		"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
		"jan feb mar apr may jun jul aug sep oct nov dec",
	}
	for _, line := range names {
		for i, n := range strings.Fields(line) {
			months[n] = i + 1
		}
	}
	months["sept"] = 9
	months["setiembre"] = 9
	days := []string{
		"sunday monday tuesday wednesday thursday friday saturday",
		"domingo lunes martes miercoles jueves viernes sabado",
		"dimanche lundi mardi mercredi jeudi vendredi samedi",
		"domingo segunda-feira terca-feira quarta-feira quinta-feira sexta-feira sabado",
		"sonntag montag dienstag mittwoch donnerstag freitag samstag",
		"domenica lunedi martedi mercoledi giovedi venerdi sabato",
	}
	for _, line := range days {
		for i, n := range strings.Fields(line) {
			weekdays[n] = i
		}
	}
	var alts []string
	for n := range months {
		alts = append(alts, regexp.QuoteMeta(n))
	}
	// Longest first, so "septiembre" wins over "sep".
	sort.Slice(alts, func(i, j int) bool {
		if len(alts[i]) != len(alts[j]) {
			return len(alts[i]) > len(alts[j])
		}
		return alts[i] < alts[j]
	})
	month := `(` + strings.Join(alts, "|") + `)\.?`
	day := `(\d{1,2})(?:st|nd|rd|th|er|º|°)?`
	year := `(?:,?\s+(?:de\s+|del\s+)?(\d{4}))?`
	// "14 November", "14 de noviembre de 2024", "le 14 novembre 2024".
	dayMonth = regexp.MustCompile(`(?i)\b` + day + `\s+(?:de\s+)?` + month + `(?:\b|$)` + year)
	// "November 14", "Nov. 14, 2024".
	monthDay = regexp.MustCompile(`(?i)\b` + month + `\s+` + day + `\b` + year)
}

var dayMonth, monthDay *regexp.Regexp

// A dateExpr is a day and month written in a text, with the year if given.
type dateExpr struct {
	text       string
	start, end int
	day, month int
	year       int // 0 when not written
}

// dateExprs finds day-and-month expressions in s, with offsets into s.
// The patterns run only near month names: most sentences have none, and
// the month alternation is slow to try at every position.
func dateExprs(s string) []dateExpr {
	folded, at := foldWithOffsets(s)
	var windows []span
	for _, w := range wordSpans(folded) {
		if _, ok := months[strings.TrimSuffix(w.text, ".")]; ok {
			a, b := max(0, w.start-12), min(len(folded), w.end+16)
			if n := len(windows); n > 0 && windows[n-1].end >= a {
				windows[n-1].end = b
			} else {
				windows = append(windows, span{a, b})
			}
		}
	}
	var out []dateExpr
	for _, win := range windows {
		// Widen to rune boundaries; the patterns need whole words.
		for win.start > 0 && !utf8.RuneStart(folded[win.start]) {
			win.start--
		}
		for win.end < len(folded) && !utf8.RuneStart(folded[win.end]) {
			win.end++
		}
		for _, e := range dateExprsIn(s, folded[win.start:win.end], at[win.start:]) {
			if len(out) == 0 || e.start >= out[len(out)-1].end {
				out = append(out, e)
			}
		}
	}
	return out
}

// dateExprsIn runs the date patterns over folded, a part of the folded
// sentence; at maps its byte offsets to offsets in s.
func dateExprsIn(s, folded string, at []int) []dateExpr {
	var out []dateExpr
	add := func(m []int, dayGroup, monthGroup, yearGroup int) {
		d, _ := strconv.Atoi(folded[m[2*dayGroup]:m[2*dayGroup+1]])
		mname := folded[m[2*monthGroup]:m[2*monthGroup+1]]
		e := dateExpr{text: s[at[m[0]]:at[m[1]]], start: at[m[0]], end: at[m[1]], day: d, month: months[mname]}
		if m[2*yearGroup] >= 0 {
			e.year, _ = strconv.Atoi(folded[m[2*yearGroup]:m[2*yearGroup+1]])
		}
		if e.day >= 1 && e.day <= 31 && e.month > 0 {
			out = append(out, e)
		}
	}
	for _, m := range dayMonth.FindAllStringSubmatchIndex(folded, -1) {
		add(m, 1, 2, 3)
	}
	for _, m := range monthDay.FindAllStringSubmatchIndex(folded, -1) {
		add(m, 2, 1, 3)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// foldWithOffsets folds s rune by rune and returns, for every byte of the
// result, the byte offset in s it came from (plus one entry for the end),
// so positions found in the folded text cut the original.
func foldWithOffsets(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	offsets := make([]int, 0, len(s)+1)
	for i, c := range s {
		var f string
		if c < utf8.RuneSelf {
			f = string(unicode.ToLower(c))
		} else {
			f = fold(string(c))
		}
		b.WriteString(f)
		for range len(f) {
			offsets = append(offsets, i)
		}
	}
	offsets = append(offsets, len(s))
	return b.String(), offsets
}

// isPublishedOn reports whether a date written as day/month(/year) names
// the day t falls on, in t's own zone or in UTC a day either side (a
// source's local date can differ from the UTC one by a day).
func isPublishedOn(e dateExpr, t time.Time) bool {
	if t.IsZero() {
		return false
	}
	same := func(u time.Time) bool {
		return u.Day() == e.day && int(u.Month()) == e.month && (e.year == 0 || u.Year() == e.year)
	}
	u := t.UTC()
	return same(t) || same(u) || same(u.AddDate(0, 0, -1)) || same(u.AddDate(0, 0, 1))
}

// calendarWord returns the month number (1-12) or weekday number plus 100
// that the word w names, or 0. w is the word as written, so English
// "May" counts and "may" does not.
func calendarWord(w string) int {
	f := fold(w)
	if capitalOnly[f] {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return 0
		}
	}
	if m, ok := months[f]; ok {
		return m
	}
	if d, ok := weekdays[f]; ok {
		return 100 + d
	}
	return 0
}
