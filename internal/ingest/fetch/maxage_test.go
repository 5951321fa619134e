package fetch

import (
	"testing"
	"time"
)

func TestMaxAge(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want time.Duration
	}{
		{nil, 0},
		{[]string{"max-age=300"}, 5 * time.Minute},
		{[]string{"public, max-age=600, s-maxage=60"}, time.Minute},
		{[]string{"no-cache", `max-age="120"`}, 2 * time.Minute},
		{[]string{"max-age=-5"}, 0},
		{[]string{"max-age=banana"}, 0},
		{[]string{"max-age=99999999999"}, 7 * 24 * time.Hour},
	} {
		if got := maxAge(tc.in); got != tc.want {
			t.Errorf("maxAge(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
