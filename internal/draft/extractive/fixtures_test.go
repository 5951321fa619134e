package extractive

import (
	"time"

	"beatdesk"
)

// A story as four outlets told it, two in Spanish and two in English:
// people fleeing fighting in the Sinaloa highlands. The outlets and
// people are invented; the shape (wire copy, local paper, figures that
// differ in format, quotes, abbreviations) is what real coverage looks
// like.
var (
	mx = time.FixedZone("CST", -6*3600)

	testNow = time.Date(2024, 11, 16, 12, 0, 0, 0, time.UTC)

	testPersona = beatdesk.Persona{
		Slug: "lucia-ferrer", Name: "Lucía Ferrer",
		Beat:      "Latin American violence: cartel networks, migration flows, institutional failure",
		Regions:   []string{"latin-america"},
		Topics:    []string{"cartel", "desplazados", "displaced", "violencia", "violence"},
		Languages: []string{"es", "en"},
		Bio:       "I am an AI-powered journalist covering violence in Latin America.",
	}

	testStory = beatdesk.Story{
		ID: 42, Title: "Más de 1.300 desplazados por la violencia en la sierra de Sinaloa",
		Region: "latin-america", Countries: []string{"MX"}, Languages: []string{"es", "en"},
	}

	testArticles = []beatdesk.Article{
		{
			ID: 101, Outlet: "El Diario del Norte", Lang: "es",
			URL:       "https://eldiariodelnorte.example/sinaloa/desplazados-sierra",
			Title:     "Más de 1.300 desplazados por la violencia en la sierra de Sinaloa - El Diario del Norte",
			Published: time.Date(2024, 11, 14, 7, 15, 0, 0, mx), FetchedAt: time.Date(2024, 11, 14, 13, 20, 0, 0, time.UTC),
			Places: []string{"Sinaloa", "Culiacán", "Tamazula"},
			Text: "Al menos 1.340 personas han abandonado sus comunidades en la sierra de Sinaloa desde el martes, según un recuento de la Comisión Estatal de Derechos Humanos. Las familias llegaron a Culiacán en camionetas y a pie.\n\n" +
				"La gobernadora Ana Lucía Pérez visitó el albergue instalado en el gimnasio municipal el miércoles. «No vamos a abandonar a las familias de la sierra», dijo la gobernadora ante los desplazados. El Sr. Ramírez, coordinador del albergue, señaló que faltan colchones y medicinas.\n\n" +
				"Los enfrentamientos entre dos facciones del crimen organizado comenzaron el lunes en los límites con Durango. La Secretaría de la Defensa Nacional envió 600 elementos adicionales a la zona.\n\n" +
				"La comisión estima que el número de desplazados podría superar los 2.000 si la violencia continúa durante el fin de semana.",
		},
		{
			ID: 102, Outlet: "Gulf Wire", Lang: "en",
			URL:       "https://gulfwire.example/world/americas/sinaloa-displacement",
			Title:     "Fighting in Mexico's Sinaloa highlands forces 1,340 from their homes",
			Published: time.Date(2024, 11, 14, 18, 40, 0, 0, time.UTC), FetchedAt: time.Date(2024, 11, 14, 19, 0, 0, 0, time.UTC),
			Places: []string{"Sinaloa", "Culiacán", "Durango"},
			Text: "CULIACÁN, Mexico (Gulf Wire) - At least 1,340 people have fled villages in the highlands of Mexico's Sinaloa state since Tuesday, the state human rights commission said, as rival criminal factions fought for control of the area.\n\n" +
				"Governor Ana Lucía Pérez said on Wednesday that the state would open three new shelters in Culiacán by Monday. \"We will not abandon the families of the sierra,\" Pérez told reporters after visiting a shelter in a municipal gym.\n\n" +
				"Mexico's Defense Ministry said it had sent 600 additional troops to the area bordering Durango. Clashes began on Monday, according to local officials.\n\n" +
				"The violence follows a split within the Sinaloa cartel that U.S. officials say has left more than 500 people dead in the state since September. Dr. Miguel Ortega, a security analyst at the Autonomous University of Sinaloa, said the fighting had moved from the cities to the rural supply routes.\n\n" +
				"Read more: Mexico's cartel wars explained.",
		},
		{
			ID: 103, Outlet: "Noticias del Pacífico", Lang: "es",
			URL:       "https://noticiasdelpacifico.example/nacional/2024/11/15/sierra-sinaloa",
			Title:     "Sinaloa abrirá tres albergues más para familias desplazadas",
			Published: time.Date(2024, 11, 15, 10, 5, 0, 0, mx), FetchedAt: time.Date(2024, 11, 15, 16, 30, 0, 0, time.UTC),
			Places: []string{"Sinaloa", "Culiacán", "Tamazula"},
			Text: "El gobierno de Sinaloa abrirá tres albergues adicionales en Culiacán antes del lunes para atender a las familias que huyeron de la sierra. La Comisión Estatal de Derechos Humanos elevó el recuento a 1.412 personas desplazadas este viernes.\n\n" +
				"En el albergue del gimnasio municipal se han servido más de 4.500 comidas desde el miércoles, informó la Secretaría de Bienestar. La dependencia pidió donaciones de agua embotellada, pañales y cobijas.\n\n" +
				"Habitantes de Tamazula relataron que hombres armados quemaron al menos 12 viviendas el martes por la noche. Los pobladores dijeron que no piensan regresar mientras no haya presencia permanente del Ejército.\n\n" +
				"El Congreso del estado votará la próxima semana una partida de emergencia de 35,5 millones de pesos para los desplazados.",
		},
		{
			ID: 104, Outlet: "The Border Ledger", Lang: "en",
			URL:       "https://borderledger.example/2024/11/15/sinaloa-families-shelters",
			Title:     "Sinaloa shelters strain as displaced count rises to 1,412",
			Published: time.Date(2024, 11, 15, 22, 10, 0, 0, time.UTC), FetchedAt: time.Date(2024, 11, 15, 22, 30, 0, 0, time.UTC),
			Places: []string{"Sinaloa", "Culiacán", "Tamazula", "Durango"},
			Text: "Shelters in Culiacán were struggling on Friday to house families who fled the fighting in the Sinaloa highlands, where the number of displaced people rose to 1,412, according to the state human rights commission.\n\n" +
				"Volunteers at the municipal gym said they had served more than 4,500 meals since Wednesday. Mr. Ramírez, who runs the shelter, said it was short of mattresses and medicine.\n\n" +
				"Residents of Tamazula said armed men burned at least 12 homes on Tuesday night. Many said they would not return until the army set up a permanent base in the area.\n\n" +
				"State lawmakers are expected to vote next week on an emergency fund of 35.5 million pesos, roughly $1.7 million, for displaced families.",
		},
	}
)
