package score

import (
	"strings"
	"testing"

	"beatdesk/internal/analyze/entity"
	"beatdesk/internal/draft/persona"
)

func TestRouteStory(t *testing.T) {
	ps := persona.Default()
	for _, tc := range []struct {
		name, title, text string
		langs             []string
		want              string
	}{
		{"cartel violence in Mexico (en)",
			"Gunmen kill 12 in Culiacán as Sinaloa cartel war grinds on",
			"Gunmen killed 12 people in Culiacán, the capital of Sinaloa state, on Sunday, officials said, as the war between factions of the Sinaloa cartel entered its tenth month. Homicides in the state have tripled. Mexico's security cabinet sent 600 more troops; fuel theft and oil pipeline taps were also reported.",
			[]string{"en"}, "valeria-montes"},
		{"cartel violence in Mexico (es)",
			"Ataque armado en Culiacán deja 12 muertos",
			"Un grupo armado asesinó a 12 personas en Culiacán, Sinaloa. La violencia entre facciones del cártel de Sinaloa suma más de 1.200 homicidios desde septiembre, según la fiscalía estatal. El gobierno mexicano envió a la Guardia Nacional.",
			[]string{"es"}, "valeria-montes"},
		{"gangs in Brazil (pt)",
			"Operação policial contra o Comando Vermelho deixa mortos no Rio de Janeiro",
			"Uma operação da polícia contra o Comando Vermelho no Complexo do Alemão, no Rio de Janeiro, deixou 18 mortos. A facção controla rotas de cocaína. A violência no Brasil...",
			[]string{"pt"}, "valeria-montes"},
		{"oil prices naming Saudi Arabia",
			"Oil jumps as OPEC+ extends output cuts",
			"Brent crude rose 3% to $86 a barrel on Monday after OPEC+ agreed to extend output cuts into the third quarter. Saudi Arabia will keep its voluntary cut of one million barrels a day, Riyadh said. WTI crude gained 2.8%. Traders expect oil inventories to fall.",
			[]string{"en"}, "ingrid-solberg"},
		{"oil prices (es)",
			"El petróleo sube tras el recorte de la OPEP",
			"El precio del petróleo Brent subió un 3% hasta 86 dólares por barril después de que la OPEP+ acordara prolongar sus recortes. Arabia Saudí mantendrá su recorte voluntario. El crudo WTI ganó un 2,8%.",
			[]string{"es"}, "ingrid-solberg"},
		{"central bank naming the US",
			"Fed holds interest rates steady, signals cuts later this year",
			"The Federal Reserve held its benchmark interest rate at 5.25% to 5.5% on Wednesday and signalled two rate cuts later this year as inflation cools. Wall Street rallied; the Nasdaq rose 1.2%. Investors in the United States had expected the decision, and Treasury bond yields fell.",
			[]string{"en"}, "julian-marsh"},
		{"ECB in French",
			"La BCE baisse ses taux d'intérêt",
			"La Banque centrale européenne a abaissé ses taux d'intérêt d'un quart de point jeudi à Francfort, l'inflation dans la zone euro étant revenue à 2,2 %. La récession menace l'Allemagne, selon les investisseurs.",
			[]string{"fr"}, "julian-marsh"},
		{"Congress vote",
			"Senate passes spending bill hours before government shutdown",
			"The Senate voted 68-31 late on Friday to pass a stopgap spending bill, averting a government shutdown. The House of Representatives approved it earlier. Republicans and Democrats in Congress traded blame; the White House said the president would sign it in Washington.",
			[]string{"en"}, "daniel-whitford"},
		{"drone strikes on Ukraine (ru)",
			"Россия атаковала Харьков дронами",
			"Российские войска ночью атаковали Харьков беспилотниками и ракетами, сообщили власти Украины. Системы ПВО сбили 40 дронов. В Москве заявили, что удары нанесены по военным объектам; переговоры о перемирии не начались.",
			[]string{"ru"}, "katrin-lindqvist"},
		{"NATO in German",
			"NATO verstärkt Ostflanke",
			"Die NATO verlegt weitere Truppen nach Litauen und Polen. Verteidigungsminister in Berlin kündigten höhere Verteidigungsausgaben an; Russland drohte mit Gegenmaßnahmen.",
			[]string{"de"}, "katrin-lindqvist"},
		{"Gaza in Arabic",
			"غارات إسرائيلية على غزة",
			"قتل 30 فلسطينيا في غارات إسرائيلية على قطاع غزة ليل الأحد، وفق وزارة الصحة في غزة. وقالت حماس إن مفاوضات وقف إطلاق النار في القاهرة متعثرة، فيما طالبت عائلات الرهائن بصفقة.",
			[]string{"ar"}, "samir-haddad"},
		{"Sudan war (en)",
			"RSF shells El Fasher as famine spreads in Darfur",
			"The Rapid Support Forces shelled El Fasher, the last army-held city in Darfur, killing at least 20 people, according to local activists. Famine has been confirmed in the Zamzam camp, where displaced families shelter. Sudan's army said it repelled the attack.",
			[]string{"en"}, "amara-diallo"},
		{"Sahel junta (fr)",
			"Au Mali, la junte prolonge la transition",
			"La junte militaire au pouvoir au Mali a prolongé la transition de cinq ans. Les groupes djihadistes du JNIM multiplient les attaques dans le centre du pays, près de Mopti, et au Burkina Faso voisin.",
			[]string{"fr"}, "amara-diallo"},
		{"Taiwan drills (zh)",
			"解放军在台湾周边举行军演",
			"中国人民解放军东部战区周一在台湾周边海空域举行联合军演，出动军舰和战机。台湾国防部表示，共侦测到45架次军机。北京称演习是对台独势力的警告。",
			[]string{"zh"}, "hana-liu"},
		{"North Korea missile (ko)",
			"북한, 동해상으로 탄도미사일 발사",
			"북한이 30일 오전 동해상으로 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다. 한국과 일본은 도발을 규탄했다.",
			[]string{"ko"}, "hana-liu"},
		{"Kashmir attack (en)",
			"Militants kill 26 tourists in Kashmir's Pahalgam",
			"Militants opened fire on tourists near Pahalgam in Indian-administered Kashmir, killing 26 people. India blamed Pakistan-based groups and suspended the Indus Waters Treaty; Islamabad denied involvement.",
			[]string{"en"}, "priya-raman"},
		{"Pakistan in Urdu",
			"کراچی میں دہشت گردی کا حملہ",
			"کراچی میں دہشت گردی کے حملے میں 5 افراد ہلاک ہو گئے۔ پاکستان کی فوج نے کہا کہ طالبان ذمہ دار ہیں۔",
			[]string{"ur"}, "priya-raman"},
		{"heatwave and climate",
			"Record heatwave strains power grid as climate talks open",
			"A record heatwave pushed electricity demand to new highs across southern Europe, straining the power grid, as delegates gathered for climate talks on emissions and the phase-out of coal and other fossil fuels.",
			[]string{"en"}, "ingrid-solberg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			routes := RouteStory(ps, Signals{Title: tc.title, Text: tc.text, Langs: tc.langs, Outlets: 3})
			if len(routes) == 0 {
				t.Fatalf("no route; want %s", tc.want)
			}
			if routes[0].PersonaSlug != tc.want {
				t.Errorf("routed to %s (%.3f: %s), want %s; all: %+v", routes[0].PersonaSlug, routes[0].Score, routes[0].Reason, tc.want, routes)
			}
			if routes[0].Reason == "" {
				t.Error("the winning route has no reason")
			}
			for i := 1; i < len(routes); i++ {
				if routes[i].Score > routes[i-1].Score {
					t.Errorf("routes not best first: %+v", routes)
				}
			}
		})
	}
}

func TestRouteStoryNothingMatches(t *testing.T) {
	routes := RouteStory(persona.Default(), Signals{
		Title: "New sourdough recipe wins baking contest",
		Text:  "The judges praised the crust and the crumb of the winning loaf.",
	})
	if len(routes) != 0 {
		t.Errorf("a baking story was routed: %+v", routes)
	}
	if routes := RouteStory(nil, Signals{Title: "Gunmen kill 12 in Culiacán"}); routes != nil {
		t.Errorf("no personas, but routes %+v", routes)
	}
}

func TestReason(t *testing.T) {
	routes := RouteStory(persona.Default(), Signals{
		Title: "Gunmen kill 12 in Culiacán",
		Text:  "Gunmen killed 12 people in Culiacán, Sinaloa, as cartel violence rose. Homicides doubled in Sinaloa this year, Mexico's government said.",
	})
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	got := routes[0].Reason
	want := "places in Mexico (Culiacán, Sinaloa); topics: cartel, homicides"
	if got != want {
		t.Errorf("reason\n got  %q\n want %q", got, want)
	}
}

// Given mentions are used as they are; the text is not searched again.
func TestRouteStoryUsesGivenMentions(t *testing.T) {
	ms := []entity.Mention{{Place: entity.Place{Name: "Lagos", Country: "NG", Region: "sub-saharan-africa", Kind: "city"}, Count: 4}}
	routes := RouteStory(persona.Default(), Signals{Title: "Floods", Text: "Heavy rain in Mexico City.", Mentions: ms})
	if len(routes) == 0 || routes[0].PersonaSlug != "amara-diallo" || !strings.Contains(routes[0].Reason, "Nigeria (Lagos)") {
		t.Errorf("routes = %+v", routes)
	}
}

func TestBreadthRaisesScoreNotOrder(t *testing.T) {
	s := Signals{Title: "Gunmen kill 12 in Culiacán", Text: "Cartel violence in Sinaloa, Mexico."}
	s.Outlets = 1
	one := RouteStory(persona.Default(), s)
	s.Outlets = 8
	many := RouteStory(persona.Default(), s)
	if len(one) == 0 || len(one) != len(many) || one[0].PersonaSlug != many[0].PersonaSlug || many[0].Score <= one[0].Score {
		t.Errorf("one outlet %+v; eight outlets %+v", one, many)
	}
}

func TestWordMatches(t *testing.T) {
	for _, tc := range []struct {
		term, word string
		want       bool
	}{
		{"cartel", "carteles", true},
		{"cartel", "cartels", true},
		{"coup", "coups", true},
		{"coup", "coupon", false},
		{"oil", "oils", true},
		{"oil", "oily", false},
		{"inflation", "inflationary", true},
		{"санкции", "санкций", true},
		{"junta", "juntas", true},
		{"homicide", "homicides", true},
		{"election", "elect", false},
	} {
		if got := wordMatches(tc.term, tc.word); got != tc.want {
			t.Errorf("wordMatches(%q, %q) = %v, want %v", tc.term, tc.word, got, tc.want)
		}
	}
}

func TestFoldWord(t *testing.T) {
	for in, want := range map[string]string{
		"Cárteles":  "carteles",
		"HOMICÍDIO": "homicidio",
		"والحوثيين": "حوثيين",
		"للحوثيين":  "حوثيين",
		"Санкций":   "санкции",
		"आतंकी":     "आतंकी",
	} {
		if got := foldWord(in); got != want {
			t.Errorf("foldWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkRouteStory(b *testing.B) {
	ps := persona.Default()
	s := Signals{Title: "Gunmen kill 12 in Culiacán as Sinaloa cartel war grinds on",
		Text: strings.Repeat("Gunmen killed 12 people in Culiacán, the capital of Sinaloa state, on Sunday. Homicides have tripled. ", 40)}
	RouteStory(ps, s)
	b.ReportAllocs()
	for b.Loop() {
		RouteStory(ps, s)
	}
}
