package robots

import (
	"testing"
)

// FuzzParse: any robots.txt parses without panicking, into rules whose
// answers do not panic either, and normalising is idempotent.
//
//	go test ./internal/ingest/robots -run '^$' -fuzz '^FuzzParse$' -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"User-agent: *\nDisallow: /private\nAllow: /private/ok\nCrawl-delay: 2\nSitemap: https://x.example/s.xml\n",
		"Disallow: /orphan\nUser-agent : beatdesk\nDisallow: /*.pdf$\n",
		"\ufeffUser-agent: *\r\nDisallow: /a*b$c\r\n",
		"User-agent: *\nCrawl-delay: 1e308\nCrawl-delay: NaN\n",
		"<html><body>not robots</body></html>",
		"User-agent: a\nDisallow:\nUser-agent: b\nDisallow: /\n",
		"user-agent:*\ndisallow:/*\x00$\n",
	} {
		f.Add(s, "/private/x?y=1")
	}
	f.Fuzz(func(t *testing.T, body, path string) {
		n := normalise([]byte(body))
		if again := normalise(n); string(again) != string(n) {
			t.Fatalf("normalise not idempotent:\n%q\n%q", n, again)
		}
		rules := parse([]byte(body))
		if rules == nil {
			t.Fatalf("normalised input rejected by the library: %q", n)
		}
		for _, agent := range []string{"beatdesk", "", "*"} {
			rules.FindGroup(agent).Test("/" + path)
		}
	})
}
