package canon

import (
	"net/url"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.COM/News/Story", "https://example.com/News/Story"},
		{"HTTP://example.com:80/a", "http://example.com/a"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"https://example.com:8443/a", "https://example.com:8443/a"},
		{"http://example.com:443/a", "http://example.com:443/a"},
		{"https://example.com", "https://example.com/"},
		{"https://example.com/", "https://example.com/"},
		{"https://example.com/news/", "https://example.com/news/"},
		{"https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"https://example.com/a#comments", "https://example.com/a"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"https://example.com./a", "https://example.com/a"},
		{"  https://example.com/a  ", "https://example.com/a"},
		{"https://example.com/a?utm_source=x&utm_medium=y&id=7", "https://example.com/a?id=7"},
		{"https://example.com/a?fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&ref=tw&igshid=z", "https://example.com/a"},
		{"https://example.com/a?UTM_Campaign=x&p=2", "https://example.com/a?p=2"},
		{"https://example.com/a?b=2&a=1&a=0", "https://example.com/a?a=0&a=1&b=2"},
		{"https://example.com/a?", "https://example.com/a"},
		{"https://example.com/a?q=hello%20world", "https://example.com/a?q=hello+world"},
		{"https://example.com/a?q=hello+world", "https://example.com/a?q=hello+world"},
		{"https://example.com/a?amp", "https://example.com/a?amp"},
		{"https://example.com/a?amp=", "https://example.com/a?amp="},
		{"https://example.com/a%2Fb", "https://example.com/a%2Fb"},
		{"https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"},
		{"https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"},
		{"https://[2001:db8::1]:8080/x", "https://[2001:db8::1]:8080/x"},
	}
	for _, tt := range tests {
		got, err := URL(tt.in)
		if err != nil {
			t.Errorf("URL(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLRejects(t *testing.T) {
	for _, in := range []string{
		"", "example.com/a", "/relative/path", "ftp://example.com/a",
		"javascript:alert(1)", "mailto:a@example.com", "https:///nohost", "http://%zz/",
		"https:opaque",
	} {
		if got, err := URL(in); err == nil {
			t.Errorf("URL(%q) = %q, want an error", in, got)
		} else if !strings.Contains(err.Error(), "canon.URL") {
			t.Errorf("URL(%q) error %q lacks the operation name", in, err)
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct{ base, ref, want string }{
		{"https://example.com/feed/rss.xml", "/news/1", "https://example.com/news/1"},
		{"https://example.com/feed/rss.xml", "item?id=2", "https://example.com/feed/item?id=2"},
		{"https://example.com/feed/", "../a", "https://example.com/a"},
		{"https://example.com/feed", "//cdn.example.org/x", "https://cdn.example.org/x"},
		{"https://example.com/feed", "https://other.example/x", "https://other.example/x"},
		{"", "https://other.example/x", "https://other.example/x"},
		{"", "/relative", ""},
		{"https://example.com/", "  /spaced  ", "https://example.com/spaced"},
		{"https://example.com/", "javascript:alert(1)", ""},
		{"https://example.com/", "mailto:x@example.com", ""},
		{"https://example.com/", "", ""},
		{"not a base", "rel", ""},
	}
	for _, tt := range tests {
		if got := Resolve(tt.base, tt.ref); got != tt.want {
			t.Errorf("Resolve(%q, %q) = %q, want %q", tt.base, tt.ref, got, tt.want)
		}
	}
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{
		"https://Example.com:443/a/./b/../c/?utm_source=x&b=2&a=1#frag",
		"http://[::1]:80/%2F?amp",
		"https://example.com/caf%C3%A9?q=a+b;c=d",
		"https://u:p@h.example./?=&&",
		"http://example.com/%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := URL(raw)
		if err != nil {
			return
		}
		again, err := URL(got)
		if err != nil {
			t.Fatalf("URL(%q) = %q, which it then rejects: %v", raw, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: URL(%q) = %q, URL of that = %q", raw, got, again)
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			t.Fatalf("URL(%q) = %q is not an absolute http(s) URL without fragment", raw, got)
		}
	})
}
