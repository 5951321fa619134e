package extractive

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"beatdesk/internal/draft/cite"
)

// A dated fact is what the article shape asks a draft to be dense with:
// a sentence that carries a figure (a number other than a date or a bare
// year, as cite.Figures reads it) or a date (a month or weekday named, a
// year, or a CJK date such as 11月14日). In a draft it must also be
// cited; an entry of the timeline counts, as its frame carries the
// source's date.

// monthNumbers maps folded month names, and calendarNames month and
// weekday names, in the languages of the demo corpus and of publication.
// English "may" and "march" are dates only capitalised (see hasDate).
var monthNumbers, calendarNames = func() (map[string]int, map[string]bool) {
	months, names := map[string]int{}, map[string]bool{}
	for _, line := range []string{
		"january february march april may june july august september october november december",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
		"janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro",
		"januar februar marz april mai juni juli august september oktober november dezember",
		"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
		"يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
	} {
		for i, w := range strings.Fields(line) {
			months[cite.Fold(w)] = i + 1
			names[cite.Fold(w)] = true
		}
	}
	months[cite.Fold("setiembre")], months[cite.Fold("ابريل")], months[cite.Fold("اغسطس")], months[cite.Fold("اكتوبر")] = 9, 4, 8, 10
	for _, line := range []string{
		"monday tuesday wednesday thursday friday saturday sunday",
		"lunes martes miercoles jueves viernes sabado domingo",
		"lundi mardi mercredi jeudi vendredi samedi dimanche",
		"segunda-feira terca-feira quarta-feira quinta-feira sexta-feira sabado domingo",
		"montag dienstag mittwoch donnerstag freitag samstag sonntag",
		"lunedi martedi mercoledi giovedi venerdi sabato domenica",
		"الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الأحد الاحد",
	} {
		for _, w := range strings.Fields(line) {
			names[cite.Fold(w)] = true
		}
	}
	for m := range months {
		names[m] = true
	}
	return months, names
}()

// capitalisedOnly are names that are also ordinary words in lower case.
var capitalisedOnly = map[string]bool{"may": true, "march": true, "marco": true}

// hasDate reports whether s names a date: a month or weekday, a year
// between 1900 and 2100 standing alone, or a CJK date (digits before 年,
// 月 or 日).
func hasDate(s string) bool {
	for _, w := range words(s) {
		f := cite.Fold(w)
		if calendarNames[f] {
			if capitalisedOnly[f] && !unicode.IsUpper([]rune(w)[0]) {
				continue
			}
			return true
		}
		if len(w) == 4 {
			if y, err := strconv.Atoi(w); err == nil && y >= 1900 && y <= 2100 {
				return true
			}
		}
	}
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		if strings.ContainsRune("年月日", rs[i]) && unicode.IsDigit(rs[i-1]) {
			return true
		}
	}
	return false
}

// words splits s into words: letters, digits and inner hyphens.
func words(s string) []string {
	ws := strings.FieldsFunc(s, func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && !unicode.IsMark(c) && c != '-'
	})
	for i, w := range ws {
		ws[i] = strings.Trim(w, "-")
	}
	return ws
}

// scheduled reports whether s names a day after published, its source's
// publication time, and at most 90 days after it (a date further out is
// more often a misread than an agenda): "talks on 17 November" in
// an article of 14 November, "el 17 de noviembre". Without a year
// written, the date is taken in the year that puts it nearest to
// published.
func scheduled(s string, published time.Time) bool {
	if published.IsZero() {
		return false
	}
	ws := words(s)
	pub := time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
	for i, w := range ws {
		m, ok := monthNumbers[cite.Fold(w)]
		if !ok || (capitalisedOnly[cite.Fold(w)] && !unicode.IsUpper([]rune(w)[0])) {
			continue
		}
		// The day before the month ("17 November", "17 de noviembre") or
		// after it ("November 17").
		day := 0
		for _, j := range []int{i - 1, i - 2, i + 1} {
			if j < 0 || j >= len(ws) || (j == i-2 && cite.Fold(ws[i-1]) != "de") {
				continue
			}
			if d, err := strconv.Atoi(ws[j]); err == nil && d >= 1 && d <= 31 {
				day = d
				break
			}
		}
		if day == 0 {
			continue
		}
		year := pub.Year()
		if i+1 < len(ws) {
			if y, err := strconv.Atoi(ws[i+1]); err == nil && y >= 1900 && y <= 2100 {
				year = y
			} else if i+2 < len(ws) && cite.Fold(ws[i+1]) == "de" {
				if y, err := strconv.Atoi(ws[i+2]); err == nil && y >= 1900 && y <= 2100 {
					year = y
				}
			}
		}
		at := time.Date(year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
		if year == pub.Year() && at.Sub(pub) < -183*24*time.Hour {
			at = at.AddDate(1, 0, 0) // "3 January" in a December article
		}
		if at.After(pub) && at.Sub(pub) <= 90*24*time.Hour {
			return true
		}
	}
	return false
}

// datedFact reports whether s carries a date or a figure. Citation
// markers are not figures.
func datedFact(s string) bool {
	return len(cite.Figures(s)) > 0 || hasDate(markerless(s))
}

// markerless drops citation markers ("[3]") so their digits are not read
// as a year.
func markerless(s string) string { return citeMarker.ReplaceAllString(s, " ") }

var citeMarker = regexp.MustCompile(`\[\d+\]`)

// datedFacts counts the cited sentences of a draft text (the dek or a
// paragraph) that are dated facts: each sentence carrying a citation
// marker and a date or figure, its attribution frame included (so a
// timeline entry, dated by its frame, counts).
func datedFacts(text string) int {
	n := 0
	for _, s := range cite.Sentences(text) {
		if citeMarker.MatchString(s) && datedFact(s) {
			n++
		}
	}
	return n
}
