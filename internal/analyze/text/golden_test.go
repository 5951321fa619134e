package text

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/terms.golden from the code as it is")

// goldenTexts are titles and bodies in the languages and shapes the
// reading treats differently: names learnt from elsewhere, Title Case and
// capitals, stop words, numbers and scale words, elisions, scripts
// without spaces, accents, and text that is not valid UTF-8.
var goldenTexts = []struct{ lang, title, body string }{
	{"en", "Dockworkers Strike Shuts Rotterdam Port",
		"Dockworkers in Rotterdam began a 48-hour strike on Tuesday, the FNV union said. About 1,200 workers stopped loading ships; the port's operators said talks would resume in March. \"We won't accept a 2.5% rise,\" said Jan de Vries of the FNV."},
	{"en", "TARA REID CHECKS INTO REHAB", "Tara Reid, 33, has entered the Promises Treatment Center in Malibu, California. Reid's representative Jack Ketsoyan confirmed it. REID IS FINE, HE SAID."},
	{"en", "House passes $6.2 billion bill", "The U.S. House passed a $6.2 billion bill; the Senate's version costs 3.4 million dollars more. In 2023 thousands marched. On day 5 200 people left."},
	{"en", "Apple's iPhone 6 sales hit 10m in Q3", "iPhone sales rose 12% to 10,000,000 units, Apple Inc. (AAPL) said. The G7 and COVID-19 were mentioned, as was e.g. the e-mail of Mr. O'Neil."},
	{"es", "Huelga en el puerto de Valencia", "Los estibadores de São Paulo y México iniciaron una huelga. Unos 30 mil manifestantes pidieron 6,2 mil millones de dólares; El billón de pesos: 1 billón. En 2023 mil personas marcharon."},
	{"fr", "Grève à l'Élysée", "Le président s'est rendu à l'Élysée. Environ 1 200 personnes et 2\u00a0500 000 euros; un plan de 6,2 milliards de dollars et 2 millions d'emplois. Aujourd’hui, l’État d’urgence."},
	{"de", "Streik im Hamburger Hafen", "Am 01.02.2013 begann es. Ein Paket von 6,2 Milliarden Dollar wurde in Berlin beschlossen; die Gewerkschaft Verdi sagte, 1.200 Arbeiter streikten."},
	{"it", "Sciopero nel porto di Genova", "Dell'Unione europea si è parlato nell'incontro a Roma; 3,5 miliardi di euro per 1.200 lavoratori."},
	{"pt", "Greve no porto de Santos", "Cerca de 2 milhões de pessoas em São Paulo; o governo Lula anunciou 3,4 bilhões de reais."},
	{"ru", "Забастовка в порту", "В Москве забастовали докеры. Около 1 200 человек и 3,4 млрд рублей, сказал Путин."},
	{"ar", "إضراب في الميناء", "قال الرئيس إن ١٢٠٠ شخص و٣٫٥ مليون دولار في القاهرة. إيرادات بلغت 338 مليون دولار ثم 3.1 مليار دولار"},
	{"zh", "中国国家主席访问", "中国国家主席习近平周二抵达北京。约1200人参加。"},
	{"ja", "東京で地震", "東京で震度５の地震がありました。ソニーは１２００人を避難させた。"},
	{"tr", "İstanbul'da grev", "İstanbul'da 30 bin işçi greve çıktı; IŞIK ve Işık aynı değil. Ankara 2 milyar lira dedi."},
	{"el", "Απεργία στην Αθήνα", "ΑΘΗΝΑ: Η Αθήνα και ο Πειραιάς σε απεργία. Ω. Ω Ω"},
	{"", "Protesters in Caracas", "Manifestantes en Caracas marcharon el martes mientras Maduro habló ante 5.000 seguidores. The president said no."},
	{"xx-YY", "Unknown Language Here", "Words of a tongue with no lists: Kalo Mera, kalo 12,5 mera."},
	{"pt-BR", "Título", "Texto em português do Brasil com Brasília e 1.234,56 reais."},
	{"en", "Odd \xff\xfe bytes", "l'Élysée’s 1.200,5 and ǅemal in ǈubljana; Straße STRASSE ﬁnance; ３４５ ｔｅｓｔ Ｔｅｓｔ; \u0301x ' '' x' \r\n\r\n\tTab\u2009200\u202f300 mil"},
	{"fr", "", "Qu'il vienne jusqu'à Paris, lorsqu'Airbus et quoiqu'on dise."},
	{"en", "", ""},
}

// TestGolden holds the reading to the terms it gave before it was made
// faster: the same terms, in the same order, for every text above.
func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, g := range goldenTexts {
		title, body := Document(g.title, g.body, g.lang)
		fmt.Fprintf(&b, "%s\n  title %q\n  body  %q\n  terms %q\n  search %q\n", g.lang, title, body,
			Terms(g.title+"\n"+g.body, g.lang), SearchTerms(g.body, g.lang))
	}
	got := b.String()
	const path = "testdata/terms.golden"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d differs from %s:\n got %s\nwant %s", i+1, path, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", path, len(gl), len(wl))
	}
}
