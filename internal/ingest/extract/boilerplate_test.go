package extract

import (
	"strings"
	"testing"
)

func TestDropBoilerplate(t *testing.T) {
	long := "The council voted on Tuesday to close the old bridge to cars from June, after engineers found cracks in two of its piers and warned that repairs would take at least a year and cost more than the city had set aside."
	cases := []struct {
		name    string
		in      []string
		kept    []string
		dropped []string
	}{
		{"read-also lines in several languages",
			[]string{long, "Read more: Bridge repairs to cost millions", "Lea también: Cierran el puente viejo", "Lesen Sie auch: Die Brücke wird gesperrt", "» À lire aussi : le pont fermé", long},
			[]string{long},
			[]string{"Read more", "Lea también", "Lesen Sie auch", "À lire aussi"}},
		{"a related heading takes its short link list with it, not the next real paragraph",
			[]string{long, "Auch interessant", "Neue Brücke eröffnet", "Stadtrat tagt am Montag", "Weitere Themen:", "Verkehr", long + " Closing paragraph."},
			[]string{long, long + " Closing paragraph."},
			[]string{"Auch interessant", "Neue Brücke", "Stadtrat", "Weitere Themen", "Verkehr"}},
		{"photo credits and captions ending in one",
			[]string{long, "Foto: dpa", "Titelbild: Max Muster", "© Reuters", "The mayor at the opening. Photo: Jane Doe", "(Credit: City of Example)"},
			[]string{long},
			[]string{"Foto", "Titelbild", "Reuters", "mayor at the opening", "Credit"}},
		{"prompts to subscribe, follow, comment",
			[]string{long, "Sign up for our newsletter", "Síguenos en Telegram y Twitter", "4 Comments", "Kommentare geschlossen", "© 2022 Example Media. All rights reserved."},
			[]string{long},
			[]string{"newsletter", "Síguenos", "Comments", "Kommentare", "rights reserved"}},
		{"reporting that uses the stock words stays",
			[]string{"The ministry declined to comment.", "Netflix said subscribers rose by two million.", "The Read More Books shop opened in 2019 on the main square, selling second-hand novels and maps.", long},
			[]string{"declined to comment", "subscribers rose", "Read More Books", long},
			nil},
		{"a long paragraph is never dropped, whatever it says",
			[]string{"Read more: " + long + " " + long},
			[]string{"Read more: " + long},
			nil},
	}
	for _, c := range cases {
		got := dropBoilerplate(strings.Join(c.in, "\n\n"))
		for _, want := range c.kept {
			if !strings.Contains(got, want) {
				t.Errorf("%s: dropped %q\ngot: %q", c.name, want, got)
			}
		}
		for _, junk := range c.dropped {
			if strings.Contains(got, junk) {
				t.Errorf("%s: kept %q\ngot: %q", c.name, junk, got)
			}
		}
		if strings.Contains(got, "\n\n\n") || got != strings.TrimSpace(got) {
			t.Errorf("%s: untidy result %q", c.name, got)
		}
	}
	if got := dropBoilerplate(""); got != "" {
		t.Errorf("empty text gave %q", got)
	}
}
