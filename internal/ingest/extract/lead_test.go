package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const leadPage = `<html><head>
<meta name="description" content="Die Stadt sperrt die alte Brücke ab Juni für Autos, weil Gutachter Risse in zwei Pfeilern gefunden haben …">
</head><body>
<nav><a href="/">Start</a></nav>
<div class="most-read"><a href="/other">Die Stadt sperrt die alte Brücke ab Juni für Autos, weil Gutachter Risse in zwei Pfeilern gefunden haben</a></div>
<article>
<header><h1>Alte Brücke wird gesperrt</h1>
<p class="teaser">Die Stadt sperrt die alte Brücke ab Juni für den Autoverkehr, weil Gutachter Risse in zwei Pfeilern gefunden haben.</p></header>
<p>Der Stadtrat hat am Dienstag beschlossen, die Brücke zu schließen.</p>
</article>
</body></html>`

func TestFindLead(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(leadPage))
	if err != nil {
		t.Fatal(err)
	}
	desc := "Die Stadt sperrt die alte Brücke ab Juni für Autos, weil Gutachter Risse in zwei Pfeilern gefunden haben …"
	want := "Die Stadt sperrt die alte Brücke ab Juni für den Autoverkehr, weil Gutachter Risse in zwei Pfeilern gefunden haben."
	body := "Der Stadtrat hat am Dienstag beschlossen, die Brücke zu schließen."

	if got := findLead(doc, desc, body); got != want {
		t.Errorf("findLead = %q, want the teaser paragraph %q", got, want)
	}
	if got := findLead(doc, desc, want+"\n\n"+body); got != "" {
		t.Errorf("the text holds the lead already, but findLead = %q", got)
	}
	if got := findLead(doc, "Alte Brücke wird gesperrt", body); got != "" {
		t.Errorf("a description too short to be a lead matched %q", got)
	}
	if got := findLead(doc, "Ganz andere Worte über den Haushalt der Stadt im nächsten Jahr", body); got != "" {
		t.Errorf("an unrelated description matched %q", got)
	}
	if got := findLead(doc, "<p>"+desc+"</p>", body); got != want {
		t.Errorf("a description with markup in it: findLead = %q", got)
	}
}

func TestLeadMatches(t *testing.T) {
	desc := "Shanghai Electric baut in Dubai das größte solarthermische Kraftwerk der Welt. Nun hat die Anlage No. 1 den Betrieb aufgenommen."
	for _, c := range []struct {
		block string
		want  bool
	}{
		{desc, true},
		{"Shanghai Electric baut in Dubai das größte solarthermische Kraftwerk der Welt. Nun hat die Anlage Nummer Eins den Betrieb aufgenommen. Nach Fertigstellung sollen fast 1 Gigawatt installiert sein.", true},
		{"Shanghai Electric baut", false}, // too short
		{"In Dubai baut Shanghai Electric das größte solarthermische Kraftwerk der Welt, und nun läuft die Anlage.", false},         // another opening
		{"Shanghai Electric baut Windparks in Europa, Asien und Afrika und beschäftigt dort mehr als zehntausend Menschen.", false}, // few shared words
	} {
		if got := leadMatches(normaliseSpace(c.block), desc); got != c.want {
			t.Errorf("leadMatches(%q) = %v, want %v", c.block, got, c.want)
		}
	}
}
