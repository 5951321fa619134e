package cluster

import (
	"testing"
	"time"
)

// Three stories, each reported by two English and two Spanish outlets. Two
// are of the same kind (port strikes, on two continents) and must stay
// apart; the third is an earthquake.
var multilingual = []struct {
	story string
	doc   Doc
}{
	{"rotterdam", Doc{Lang: "en",
		Title: "Rotterdam dockworkers strike as pay talks collapse",
		Text: `Dockworkers at the port of Rotterdam walked off the job on Tuesday after talks with terminal operators over pay and automation broke down, halting container traffic at Europe's largest port.
The FNV union said about 1,200 members had joined the 48-hour stoppage and warned of longer action. "The operators want to replace our people with machines," said union negotiator Niek Stam.
Shipping lines including Maersk diverted vessels to Antwerp and Hamburg, and port officials said at least 40 ships were waiting off the Dutch coast.`}},
	{"rotterdam", Doc{Lang: "en",
		Title: "Strike shuts Europe's biggest port",
		Text: `Rotterdam's container terminals stood idle on Tuesday as some 1,200 dockers began a 48-hour strike called by the FNV union.
Niek Stam, who leads the union's negotiating team, said the terminal operators had refused to guarantee jobs threatened by automated cranes. The operators called the strike disproportionate.
Maersk said it would send ships to Antwerp instead; about 40 vessels were at anchor in the North Sea by evening.`}},
	{"rotterdam", Doc{Lang: "es",
		Title: "Huelga de estibadores paraliza el puerto de Rotterdam",
		Text: `Los estibadores del puerto de Rotterdam iniciaron el martes una huelga de 48 horas tras el fracaso de las negociaciones salariales con los operadores de terminales.
Unos 1.200 trabajadores secundaron el paro convocado por el sindicato FNV, según su negociador Niek Stam, que acusó a las empresas de querer sustituir a los trabajadores por máquinas.
Navieras como Maersk desviaron buques hacia Amberes y Hamburgo, y al menos 40 barcos esperaban frente a la costa neerlandesa.`}},
	{"rotterdam", Doc{Lang: "es",
		Title: "Rotterdam, el mayor puerto de Europa, en huelga",
		Text: `El mayor puerto de Europa quedó paralizado este martes. Cerca de 1.200 estibadores de Rotterdam secundan una huelga de 48 horas convocada por el sindicato FNV en protesta por la automatización.
"No vamos a aceptar que nos reemplacen con grúas automáticas", declaró Niek Stam, negociador del sindicato. Maersk anunció que sus buques harán escala en Amberes.
Unos 40 barcos aguardaban fondeados en el mar del Norte al caer la tarde.`}},

	{"santos", Doc{Lang: "en",
		Title: "Brazil's Santos port hit by dockworkers' strike",
		Text: `Dockworkers at Santos, Latin America's busiest port, began a 72-hour strike on Monday over a new law that lets terminals hire outside the union's labour pool, the Sindestiva union said.
About 3,000 workers joined the walkout, according to union president Carlos Menezes, and coffee and soybean exporters warned of delays. Port authority Santos Port Authority said 60 ships were waiting to berth.
Brazil's ports minister called for talks in Brasilia on Wednesday.`}},
	{"santos", Doc{Lang: "en",
		Title: "Coffee exports stall as Santos dockers walk out",
		Text: `Brazilian coffee and soy shipments were held up on Monday as some 3,000 dockers at Santos stopped work for 72 hours.
Sindestiva president Carlos Menezes said the strike was a response to rules allowing terminal operators to bypass registered dockworkers. About 60 vessels were queuing off the coast of São Paulo state, the port authority said.
Talks with the federal government are scheduled in Brasilia on Wednesday.`}},
	{"santos", Doc{Lang: "es",
		Title: "Huelga de estibadores en Santos, el principal puerto de Brasil",
		Text: `Los estibadores del puerto de Santos, el más activo de América Latina, comenzaron el lunes una huelga de 72 horas contra una nueva ley que permite a las terminales contratar fuera del sindicato, informó Sindestiva.
Unos 3.000 trabajadores se sumaron al paro, según el presidente del sindicato, Carlos Menezes. Los exportadores de café y soja advirtieron de retrasos y 60 buques esperaban para atracar.
El ministro de Puertos convocó una reunión en Brasilia el miércoles.`}},
	{"santos", Doc{Lang: "es",
		Title: "Paro en Santos frena las exportaciones de café de Brasil",
		Text: `Las exportaciones brasileñas de café y soja quedaron frenadas el lunes por un paro de 72 horas de unos 3.000 estibadores en Santos.
Carlos Menezes, presidente de Sindestiva, dijo que la huelga responde a las normas que permiten a los operadores prescindir de los estibadores registrados. Unos 60 barcos aguardaban frente a la costa del estado de São Paulo.
El gobierno federal negociará con el sindicato en Brasilia el miércoles.`}},

	{"quake", Doc{Lang: "en",
		Title: "Magnitude 6.8 earthquake strikes northern Chile",
		Text: `A magnitude 6.8 earthquake struck near the city of Coquimbo in northern Chile on Sunday night, killing at least three people and cutting power to 120,000 homes, the disaster agency Senapred said.
The quake hit at a depth of 35 km, the U.S. Geological Survey said. Coquimbo and La Serena residents fled to higher ground after a brief tsunami warning.
Interior minister Carolina Toha said schools in the region would stay closed on Monday.`}},
	{"quake", Doc{Lang: "en",
		Title: "Three dead after strong quake in Chile's Coquimbo region",
		Text: `At least three people died and 120,000 homes lost electricity when a 6.8-magnitude earthquake shook the Coquimbo region of Chile late on Sunday.
Senapred, Chile's emergency service, briefly ordered the evacuation of the coast around La Serena. The USGS put the depth at 35 km.
Minister Carolina Toha told reporters that classes were suspended across the region.`}},
	{"quake", Doc{Lang: "es",
		Title: "Sismo de magnitud 6,8 sacude el norte de Chile",
		Text: `Un sismo de magnitud 6,8 sacudió la noche del domingo la región de Coquimbo, en el norte de Chile, y dejó al menos tres muertos y 120.000 hogares sin electricidad, informó el Senapred.
El terremoto tuvo una profundidad de 35 km. Vecinos de Coquimbo y La Serena evacuaron hacia zonas altas tras una breve alerta de tsunami.
La ministra del Interior, Carolina Tohá, anunció la suspensión de clases en la región el lunes.`}},
	{"quake", Doc{Lang: "es",
		Title: "Tres muertos por fuerte terremoto en Coquimbo",
		Text: `Al menos tres personas murieron y 120.000 viviendas quedaron sin luz tras el terremoto de magnitud 6,8 que sacudió Coquimbo el domingo por la noche.
El Senapred ordenó evacuar el borde costero de La Serena durante algunos minutos. La profundidad del sismo fue de 35 km.
La ministra Carolina Tohá confirmó que las clases quedarán suspendidas en toda la región.`}},
}

func TestMultilingual(t *testing.T) {
	start := time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)
	orders := map[string][]int{
		"interleaved":      {0, 4, 8, 2, 6, 10, 1, 5, 9, 3, 7, 11},
		"Spanish first":    {2, 3, 6, 7, 10, 11, 0, 1, 4, 5, 8, 9},
		"English first":    {0, 1, 4, 5, 8, 9, 2, 3, 6, 7, 10, 11},
		"reverse, es lead": {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			docs := make([]Doc, len(order))
			gold := make([]string, len(order))
			for i, j := range order {
				docs[i] = multilingual[j].doc
				docs[i].Published = start.Add(time.Duration(i) * 20 * time.Minute)
				gold[i] = multilingual[j].story
			}
			got := runOnline(docs)
			storyOf := map[string]int64{}
			for i := range got {
				if id, ok := storyOf[gold[i]]; ok && id != got[i] {
					t.Errorf("%q (%s) went to story %d, apart from the rest of its story (%d)", docs[i].Title, docs[i].Lang, got[i], id)
				}
				storyOf[gold[i]] = got[i]
			}
			if len(map[int64]bool{storyOf["rotterdam"]: true, storyOf["santos"]: true, storyOf["quake"]: true}) != 3 {
				t.Errorf("stories merged: %v", storyOf)
			}
		})
	}
}
