package jobs

import "testing"

func TestCanonicalOf(t *testing.T) {
	for _, tc := range []struct{ page, declared, want string }{
		{"https://news.example/a?utm_source=x", "", "https://news.example/a"},
		{"https://amp.news.example/a/amp", "https://www.news.example/a", "https://www.news.example/a"},
		{"https://news.example/a", "https://www.news.example/a", "https://www.news.example/a"},
		{"https://m.news.example/a", "https://news.example/a", "https://news.example/a"},
		{"https://news.example/a", "https://other.example/a", "https://news.example/a"}, // another site: refused
		{"https://evil.example/a", "https://example/a", "https://evil.example/a"},       // no dot in the parent
		{"https://news.example/a", "javascript:alert(1)", "https://news.example/a"},     // not a URL we keep
		{"https://blog.co.uk/a", "https://news.co.uk/a", "https://blog.co.uk/a"},        // siblings are not one site
	} {
		if got := canonicalOf(tc.page, tc.declared); got != tc.want {
			t.Errorf("canonicalOf(%q, %q) = %q, want %q", tc.page, tc.declared, got, tc.want)
		}
	}
}
