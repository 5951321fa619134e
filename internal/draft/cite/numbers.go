package cite

import (
	"regexp"
	"strings"
)

// numberPattern finds figures as written: "1,200", "1.200", "1 200",
// "3.5", "12%", "12 per cent", "12 por ciento". The first alternative
// takes digit groups separated by spaces only when the first group is
// short, so "in 2024 120 people" stays two numbers.
var numberPattern = regexp.MustCompile(`(?i)(\d{1,3}(?: \d{3})+\b|\d+(?:[.,]\d+)*)` +
	`(\s?%|\s?(?:per\s?cent|percent|por\s?ciento|pour\s?cent|por\s?cento|per\s?cento|prozent)\b)?`)

// A figure is one number found in a text: as written, and the readings
// it may stand for. Each reading is a set of canonical values that must
// all be present for the figure to count as found.
type figure struct {
	text     string
	start    int
	end      int
	readings [][]string
}

// figures finds the numbers in s, which must be normalised (no-break and
// thin spaces already turned into plain ones).
func figures(s string) []figure {
	var out []figure
	for _, m := range numberPattern.FindAllStringSubmatchIndex(s, -1) {
		// A digit glued to a letter ("G7", "COVID-19") still counts;
		// citation markers are removed before this runs.
		raw := s[m[2]:m[3]]
		pct := m[4] >= 0
		f := figure{text: strings.TrimSpace(s[m[0]:m[1]]), start: m[0], end: m[1]}
		for _, r := range readings(raw) {
			if pct {
				for i := range r {
					r[i] += "%"
				}
			}
			f.readings = append(f.readings, r)
		}
		out = append(out, f)
	}
	return out
}

// readings lists what a written number may mean. "1,200" is 1200 in
// English and 1.2 in Spanish; "1.200" the reverse; "1 200" is 1200 or the
// two numbers 1 and 200; "14.11.2024" is three numbers.
func readings(raw string) [][]string {
	if strings.Contains(raw, " ") {
		parts := strings.Fields(raw)
		var each []string
		for _, p := range parts {
			each = append(each, canonical(p, ""))
		}
		return [][]string{{canonical(strings.Join(parts, ""), "")}, each}
	}
	seps := []byte{}
	for i := 0; i < len(raw); i++ {
		if raw[i] == '.' || raw[i] == ',' {
			seps = append(seps, raw[i])
		}
	}
	if len(seps) == 0 {
		return [][]string{{canonical(raw, "")}}
	}
	groups := strings.FieldsFunc(raw, func(c rune) bool { return c == '.' || c == ',' })
	same := true
	for _, c := range seps {
		same = same && c == seps[0]
	}
	var out [][]string
	if !same {
		// "1,200.50" or "1.200,50": the last separator is the decimal point.
		whole := strings.Join(groups[:len(groups)-1], "")
		return [][]string{{canonical(whole, groups[len(groups)-1])}}
	}
	thousands := true
	for _, g := range groups[1:] {
		thousands = thousands && len(g) == 3
	}
	if thousands {
		out = append(out, []string{canonical(strings.Join(groups, ""), "")})
	}
	if len(seps) == 1 {
		out = append(out, []string{canonical(groups[0], groups[1])})
	} else if !thousands {
		var each []string
		for _, g := range groups {
			each = append(each, canonical(g, ""))
		}
		out = append(out, each)
	}
	return out
}

// canonical writes a number without leading zeros or trailing decimal
// zeros, with a point for the decimal separator.
func canonical(intPart, frac string) string {
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return intPart
	}
	return intPart + "." + frac
}

// figureSet holds every value a passage's numbers may stand for. A
// percentage also counts as its bare number.
func figureSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, f := range figures(s) {
		for _, r := range f.readings {
			for _, v := range r {
				set[v] = true
				set[strings.TrimSuffix(v, "%")] = true
			}
		}
	}
	return set
}

// found reports whether any reading of f is wholly in set.
func (f figure) found(set map[string]bool) bool {
	for _, r := range f.readings {
		ok := true
		for _, v := range r {
			ok = ok && set[v]
		}
		if ok {
			return true
		}
	}
	return false
}

// Figures returns the numbers written in s, as written ("1,340", "12%"),
// leaving out citation markers, dates ("14 November 2024") and bare
// years: the figures a reader would call the story's numbers.
func Figures(s string) []string {
	s = markerPattern.ReplaceAllString(normalise(s), " ")
	var dates []span
	for _, e := range dateExprs(s) {
		dates = append(dates, span{e.start, e.end})
	}
	var out []string
	for _, f := range figures(blank(s, dates)) {
		if len(f.readings) == 1 && len(f.readings[0]) == 1 {
			if v := f.readings[0][0]; len(v) == 4 && v >= "1900" && v <= "2100" && f.text == v {
				continue
			}
		}
		out = append(out, f.text)
	}
	return out
}
