package text

import (
	"strings"
	"unicode"
)

// asciiDigits rewrites decimal digits of any script (Arabic-Indic,
// Devanagari, full-width, ...) as ASCII, so "١٢٠٠" and "1200" are one term.
// It returns "" when s holds anything other than digits, ',' and '.'.
func asciiDigits(s string) string {
	if isASCIINumber(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '.':
			b.WriteRune(r)
		case r == '٫': // Arabic decimal separator
			b.WriteByte('.')
		case r == '٬': // Arabic thousands separator
			b.WriteByte(',')
		case unicode.IsDigit(r):
			b.WriteByte(byte('0' + digitValue(r)))
		default:
			return ""
		}
	}
	return b.String()
}

// isASCIINumber reports whether s holds only ASCII digits, ',' and '.'.
func isASCIINumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != ',' && c != '.' {
			return false
		}
	}
	return true
}

// digitValue returns the value of a Unicode decimal digit. Every block of
// decimal digits in Unicode runs 0 to 9 contiguously, so the offset within
// its range, modulo 10, is the value.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

// normalNumber writes a number the same way whatever the local convention:
// "1,200", "1.200" and "1200" become "1200"; "3,5" and "3.50" become "3.5";
// "1.200,50" and "1,200.50" become "1200.5". A lone separator followed by
// exactly three digits is read as grouping ("1.200" is 1200, as in most of
// the languages we read). Shapes that fit no convention, such as dates
// ("01.02.2013"), are kept as written. s holds ASCII digits, ',' and '.'.
func normalNumber(s string) string {
	if strings.IndexAny(s, ",.") < 0 {
		return trimLeadingZeros(s)
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '.' })
	seps := make([]byte, 0, 4)
	for i := 0; i < len(s); i++ {
		if s[i] == ',' || s[i] == '.' {
			seps = append(seps, s[i])
		}
	}
	if len(groups) != len(seps)+1 || s[0] == ',' || s[0] == '.' {
		return s // empty group: "1..2", ".5", "5."
	}
	last := seps[len(seps)-1]
	mixed := false
	for _, c := range seps[:len(seps)-1] {
		if c != last {
			mixed = true
		}
	}
	switch {
	case mixed:
		// "1.200,50": the last separator is the decimal point, every
		// earlier one groups thousands, and only the last may differ.
		for _, c := range seps[:len(seps)-1] {
			if c != seps[0] {
				return s
			}
		}
		if seps[0] == last || !thousands(groups[:len(groups)-1]) {
			return s
		}
		return decimal(strings.Join(groups[:len(groups)-1], ""), groups[len(groups)-1])
	case len(seps) > 1:
		if !thousands(groups) {
			return s
		}
		return trimLeadingZeros(strings.Join(groups, ""))
	case len(groups[1]) == 3 && groups[0] != "0" && thousands(groups):
		return trimLeadingZeros(groups[0] + groups[1])
	default:
		return decimal(groups[0], groups[1])
	}
}

// thousands reports whether groups read as digit grouping: one to three
// digits, then groups of exactly three.
func thousands(groups []string) bool {
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

func decimal(whole, frac string) string {
	whole = trimLeadingZeros(whole)
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}

func trimLeadingZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}
