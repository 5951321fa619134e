package extract

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestPublicationTime(t *testing.T) {
	lima := time.FixedZone("", -5*3600)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	doc, _ := html.Parse(strings.NewReader(`<p>Veröffentlicht am 3. Mai 2022</p>`))
	empty, _ := html.Parse(strings.NewReader(`<p>Kein Datum hier.</p>`))
	cases := []struct {
		name            string
		found, declared time.Time
		doc             *html.Node
		url             string
		wantDay         string
		wantInstant     time.Time // zero: not checked
	}{
		{"an evening in Lima keeps its day", day("2022-05-07"), time.Date(2022, 5, 7, 20, 6, 0, 0, lima), empty, "", "2022-05-07",
			time.Date(2022, 5, 8, 1, 6, 0, 0, time.UTC)},
		{"a declared local time beats a found day close by", day("2022-05-02"), time.Date(2022, 5, 8, 6, 0, 0, 0, lima), empty, "", "2022-05-08", time.Time{}},
		{"but not one years away", day("2017-07-12"), time.Date(2019, 6, 17, 18, 28, 0, 0, time.FixedZone("", 2*3600)), empty, "", "2017-07-12", time.Time{}},
		{"a declared UTC time loses to a found day", day("2022-05-03"), time.Date(2022, 5, 4, 0, 44, 52, 0, time.UTC), empty, "", "2022-05-03", time.Time{}},
		{"23:00 UTC on the dot is the next day's midnight in Berlin", time.Time{}, time.Date(2021, 11, 4, 23, 0, 0, 0, time.UTC), empty, "", "2021-11-05",
			time.Date(2021, 11, 4, 23, 0, 0, 0, time.UTC)},
		{"only a found day", day("2020-01-06"), time.Time{}, empty, "", "2020-01-06", time.Time{}},
		{"nothing declared or found: the address", time.Time{}, time.Time{}, doc, "https://x.example/2021/10/29/story", "2021-10-29", time.Time{}},
		{"nothing declared or found: the text", time.Time{}, time.Time{}, doc, "https://x.example/story", "2022-05-03", time.Time{}},
		{"no date anywhere", time.Time{}, time.Time{}, empty, "https://x.example/story", "", time.Time{}},
	}
	for _, c := range cases {
		got := publicationTime(c.found, c.declared, c.doc, c.url)
		gotDay := ""
		if !got.IsZero() {
			gotDay = got.Format(time.DateOnly)
		}
		if gotDay != c.wantDay {
			t.Errorf("%s: day %q, want %q (got %v)", c.name, gotDay, c.wantDay, got)
		}
		if !c.wantInstant.IsZero() && !got.Equal(c.wantInstant) {
			t.Errorf("%s: instant %v, want %v", c.name, got.UTC(), c.wantInstant)
		}
	}
}

// TestPublishedDayInPageZone checks the promise of Result: Published in
// UTC, PublishedDay in the page's own zone.
func TestPublishedDayInPageZone(t *testing.T) {
	page := `<html lang="es"><head><title>Congreso</title>
<meta property="article:published_time" content="2022-05-03T22:46:08-03:00"></head>
<body><article><h1>Congreso</h1><p>` + strings.Repeat("El Congreso aprobó la ley en una sesión larga y tensa. ", 30) + `</p></article></body></html>`
	r, err := Extract([]byte(page), "https://diario.example/politica/congreso")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2022, 5, 4, 1, 46, 8, 0, time.UTC); !r.Published.Equal(want) || r.Published.Location() != time.UTC {
		t.Errorf("Published = %v, want %v in UTC", r.Published, want)
	}
	if r.PublishedDay != "2022-05-03" {
		t.Errorf("PublishedDay = %q, want the page's own day 2022-05-03", r.PublishedDay)
	}
}

func TestURLDate(t *testing.T) {
	for u, want := range map[string]string{
		"https://a.example/2020/04/07/people-behind-the-code/":  "2020-04-07",
		"https://a.example/news/2022-01-27-bridge-closes":       "2022-01-27",
		"https://a.example/actualidad/20220503/juicio":          "2022-05-03",
		"https://a.example/media-news/meldungen/29-10-2021":     "2021-10-29",
		"https://a.example/2022/13/45/not-a-day":                "",
		"https://a.example/article-8772683/chef-joins.html":     "",
		"https://a.example/magazin/best-of-2022-projekte?x=1":   "",
		"https://a.example/produkt/12345678/ein-langer-artikel": "",
	} {
		got := ""
		if d := urlDate(u); !d.IsZero() {
			got = d.Format(time.DateOnly)
		}
		if got != want {
			t.Errorf("urlDate(%q) = %q, want %q", u, got, want)
		}
	}
}

func TestTextDate(t *testing.T) {
	for s, want := range map[string]string{
		"Stand: 27.01.2022, 14:03 Uhr":                     "2022-01-27",
		"Veröffentlicht am 3. März 2022 von der Redaktion": "2022-03-03",
		"Posted on January 27th, 2022 by admin":            "2022-01-27",
		"Publicado el 4 de mayo de 2022":                   "2022-05-04",
		"le 12 mars 2020":                                  "2020-03-12",
		"2019-10-22 | Ratgeber":                            "2019-10-22",
		"Mittwoch, 4. Mai 2022 und am 27.01.2023":          "2022-05-04", // the first one written
		"Seite 3 von 12":                                   "",
		"Im Jahr 2022 kamen 3 Mai-Käfer":                   "",
		"31.02.2022":                                       "", // no such day
	} {
		got := ""
		if d := textDate(s); !d.IsZero() {
			got = d.Format(time.DateOnly)
		}
		if got != want {
			t.Errorf("textDate(%q) = %q, want %q", s, got, want)
		}
	}
}
