package beatdesk

import (
	"regexp"
	"testing"
)

// markerPattern is what StripMarkers removes, written as the regular
// expression it replaced.
var markerPattern = regexp.MustCompile(`\s*\[\d+\]`)

func TestStripMarkers(t *testing.T) {
	for _, s := range []string{
		"", "no markers", "fled [1].", "fled [1] [2].", "fled[1][2]", "[1] at the start", "a \t\n[12]b",
		"not a marker [a] [1]", "brackets [ 1] [1 ] [] [", "unclosed [12", "[[1]]", "x [1]y [2]",
		"numbers [2025] in text", "wide space\u00a0[1] stays", "trailing [3]",
	} {
		if got, want := StripMarkers(s), markerPattern.ReplaceAllString(s, ""); got != want {
			t.Errorf("StripMarkers(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzStripMarkers checks StripMarkers against the regular expression on
// any input.
func FuzzStripMarkers(f *testing.F) {
	for _, s := range []string{"fled [1].", "a [1] [2]", "[[1]]", "x [a] [1]", " \t[9]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := StripMarkers(s), markerPattern.ReplaceAllString(s, ""); got != want {
			t.Errorf("StripMarkers(%q) = %q, want %q", s, got, want)
		}
	})
}
