package sourcelist

import (
	"net/url"
	"strings"
	"testing"

	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/draft/persona"
)

func TestDefault(t *testing.T) {
	ss := Default()
	if len(ss) < 60 {
		t.Errorf("%d default sources, want at least 60", len(ss))
	}
	langs := map[string]int{}
	feeds := map[string]string{}
	regions := map[string]int{}
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		if s.Lang == "" || s.Country == "" || s.SiteURL == "" {
			t.Errorf("%s: every default source needs a language, a country and a site URL", s.Name)
		}
		langs[s.Lang]++
		key := feedKey(t, s.FeedURL)
		if other, dup := feeds[key]; dup {
			t.Errorf("%s and %s share the feed %s", other, s.Name, s.FeedURL)
		}
		feeds[key] = s.Name
		r, ok := entity.CountryRegion(s.Country)
		if !ok {
			t.Errorf("%s: unknown country %q", s.Name, s.Country)
		}
		regions[r]++
	}
	if len(langs) < 15 {
		t.Errorf("%d languages (%v), want at least 15", len(langs), langs)
	}
	for _, p := range persona.Default() {
		for _, r := range p.Regions {
			if r == "world" {
				continue // thematic beats read every source
			}
			if regions[r] == 0 {
				t.Errorf("%s covers %s, but no default source is based there", p.Slug, r)
			}
		}
	}
	t.Logf("%d sources, %d languages %v, by region %v", len(ss), len(langs), langs, regions)
}

// feedKey ignores the scheme, a "www." and a trailing slash, which do not
// make a different feed.
func feedKey(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("feed %q: %v", raw, err)
	}
	return strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimSuffix(u.RequestURI(), "/")
}

func TestDefaultReturnsACopy(t *testing.T) {
	a := Default()
	a[0].Name = "changed"
	if Default()[0].Name == "changed" {
		t.Error("changing the result of Default changed the defaults")
	}
}

func TestParseRejectsBadEntries(t *testing.T) {
	for _, bad := range []string{
		`- {name: "X", feed_url: "ftp://x.example/feed", lang: en, country: GB}`,
		`- {name: "", feed_url: "https://x.example/feed", lang: en, country: GB}`,
		`- {name: "X", feed_url: "https://x.example/feed", lang: eng, country: GB}`,
		`- {name: "X", feed: "https://x.example/feed"}`,
	} {
		if _, err := parse([]byte(bad)); err == nil {
			t.Errorf("parse(%s) accepted a bad entry", bad)
		}
	}
}
