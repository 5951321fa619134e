package synth

import "strings"

// A vocab is what the generator writes with in one language: common
// function words and content words (so a language detector recognises the
// text and stemming has real endings to remove), month names for dates,
// the local way of grouping thousands, and the labels of a news site's
// boilerplate (navigation, comments, footer) that extraction must strip.
type vocab struct {
	lang      string
	function  []string
	content   []string
	months    [12]string
	dateFmt   string // day, month: "%d %s"
	thousands string // separator between groups of three digits
	nav       []string
	labels    siteLabels
}

type siteLabels struct {
	Home, By, Published, MostRead, Related, Comments, Reply, Newsletter, SignUp, Share, Rights, About, Contact, Privacy, Terms, Cookies, Fictional string
}

func fields(s string) []string { return strings.Fields(s) }

// vocabs are our own word lists, written for this generator.
var vocabs = map[string]*vocab{
	"en": {
		lang: "en",
		function: fields(`the the the of of and and to to in in a a is was that for on with as by at from it its
			this has have had been be are were will would not but or after before over under about into than
			more most some many other new their they his her which who when while also only still against between`),
		content: fields(`government minister president officials police city council country region people workers families
			report reports said says told announced confirmed denied expected plans plan election vote voters
			parliament court judge ruling law budget money prices price market markets bank banks companies company
			trade deal talks agreement crisis protest protests strike strikes water power energy fuel oil gas
			storm flood floods fire rain drought harvest farmers schools teachers students hospital hospitals doctors
			health care army troops border migrants security attack attacks investigation charges arrested released
			week month year today yesterday morning night days hours weeks months years percent million billion
			increase rise fell rose higher lower record growth inflation rates debt loans jobs wages unemployment
			project projects road roads bridge port railway airport network service services system systems
			residents neighbours village town capital province district state national local international public
			private federal central northern southern eastern western major small large long short early late
			first second third last next previous several dozens hundreds thousands spokesman spokeswoman statement
			interview meeting summit visit leaders leader party parties opposition coalition campaign candidate
			support critics analysts experts data figures survey study results questions answers decision decisions
			pressure response measures rules reform reforms demand demands cost costs damage losses victims
			rescue emergency relief aid supplies shortage shortages delays delay closure closed reopened opened`),
		months:    [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		dateFmt:   "%d %s",
		thousands: ",",
		nav:       fields(`World Politics Business Economy Climate Science Health Sport Culture Opinion Video Podcasts Weather Travel Technology Education`),
		labels: siteLabels{Home: "Home", By: "By", Published: "Published", MostRead: "Most read", Related: "Related stories",
			Comments: "Comments", Reply: "Reply", Newsletter: "Get the morning briefing in your inbox.", SignUp: "Sign up",
			Share: "Share this article", Rights: "All rights reserved.", About: "About us", Contact: "Contact",
			Privacy: "Privacy policy", Terms: "Terms of use", Cookies: "We use cookies to measure readership.",
			Fictional: "Synthetic outlet generated for the beatdesk ingest benchmark"},
	},
	"es": {
		lang: "es",
		function: fields(`el la los las de de del y y en en a que que se por con para un una es fue han ha
			su sus al como más pero este esta esos estas desde hasta sobre entre tras durante sin también
			ya muy donde cuando mientras según ante contra hacia porque aunque todavía solo otros otras`),
		content: fields(`gobierno ministro presidente autoridades policía ciudad ayuntamiento país región personas trabajadores
			familias informe informó dijo afirmó anunció confirmó negó previsto planes plan elecciones votación votantes
			congreso tribunal juez sentencia ley presupuesto dinero precios precio mercado mercados banco bancos empresas
			empresa comercio acuerdo negociaciones crisis protesta protestas huelga huelgas agua electricidad energía
			combustible petróleo tormenta inundación inundaciones incendio lluvias sequía cosecha agricultores escuelas
			maestros estudiantes hospital hospitales médicos salud ejército tropas frontera migrantes seguridad ataque
			investigación cargos detenidos liberados semana mes año hoy ayer mañana noche días horas semanas meses años
			ciento millones aumento subida cayó subió récord crecimiento inflación deuda préstamos empleo salarios
			desempleo proyecto carretera puente puerto ferrocarril aeropuerto red servicio sistema vecinos pueblo capital
			provincia distrito estado nacional local internacional público privado federal central norte sur este oeste
			grandes pequeños primer segundo tercer último próximo varios decenas cientos miles portavoz comunicado
			entrevista reunión cumbre visita líderes partido partidos oposición coalición campaña candidato apoyo críticos
			analistas expertos datos cifras encuesta estudio resultados preguntas decisión presión respuesta medidas
			normas reforma reformas exigencias coste costes daños pérdidas víctimas rescate emergencia ayuda suministros
			escasez retrasos cierre cerrado reabierto abierto`),
		months:    [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		dateFmt:   "%d de %s",
		thousands: ".",
		nav:       fields(`Internacional Política Economía Sociedad Clima Ciencia Salud Deportes Cultura Opinión Vídeos Tiempo Viajes Tecnología Educación`),
		labels: siteLabels{Home: "Portada", By: "Por", Published: "Publicado", MostRead: "Lo más leído", Related: "Noticias relacionadas",
			Comments: "Comentarios", Reply: "Responder", Newsletter: "Recibe nuestro boletín cada mañana.", SignUp: "Suscríbete",
			Share: "Comparte esta noticia", Rights: "Todos los derechos reservados.", About: "Quiénes somos", Contact: "Contacto",
			Privacy: "Política de privacidad", Terms: "Aviso legal", Cookies: "Usamos cookies para medir la audiencia.",
			Fictional: "Medio sintético generado para la prueba de rendimiento de beatdesk"},
	},
	"fr": {
		lang: "fr",
		function: fields(`le la les de de des du et et en en à à que qui se par pour dans un une est a été ont
			son sa ses au aux comme plus mais ce cette ces depuis jusqu sur entre après pendant sans aussi
			déjà très où quand alors selon devant contre vers parce encore seulement autres leurs leur`),
		content: fields(`gouvernement ministre président autorités police ville mairie pays région personnes travailleurs familles
			rapport indiqué déclaré affirmé annoncé confirmé démenti prévu projets projet élections scrutin électeurs
			parlement tribunal juge décision loi budget argent prix marché marchés banque banques entreprises entreprise
			commerce accord négociations crise manifestation manifestations grève grèves eau électricité énergie
			carburant pétrole tempête inondation inondations incendie pluies sécheresse récolte agriculteurs écoles
			enseignants étudiants hôpital hôpitaux médecins santé armée troupes frontière migrants sécurité attaque
			enquête accusations interpellés libérés semaine mois année aujourd hier matin nuit jours heures semaines
			années pour cent millions hausse augmentation baisse record croissance inflation dette prêts emplois salaires
			chômage chantier route pont port chemin aéroport réseau service système habitants village capitale province
			département état national local international public privé fédéral central nord sud est ouest grands petits
			premier deuxième troisième dernier prochain plusieurs dizaines centaines milliers porte-parole communiqué
			entretien réunion sommet visite dirigeants parti partis opposition coalition campagne candidat soutien
			critiques analystes experts données chiffres sondage étude résultats questions réponse pression mesures
			règles réforme réformes revendications coût coûts dégâts pertes victimes secours urgence aide
			approvisionnement pénurie retards fermeture fermé rouvert ouvert`),
		months:    [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		dateFmt:   "%d %s",
		thousands: " ",
		nav:       fields(`International Politique Économie Société Planète Sciences Santé Sport Culture Idées Vidéos Météo Voyage Technologies Éducation`),
		labels: siteLabels{Home: "Accueil", By: "Par", Published: "Publié le", MostRead: "Les plus lus", Related: "Sur le même sujet",
			Comments: "Commentaires", Reply: "Répondre", Newsletter: "Recevez notre lettre chaque matin.", SignUp: "S'inscrire",
			Share: "Partager cet article", Rights: "Tous droits réservés.", About: "Qui sommes-nous", Contact: "Contact",
			Privacy: "Politique de confidentialité", Terms: "Mentions légales", Cookies: "Nous utilisons des cookies pour mesurer l'audience.",
			Fictional: "Média synthétique généré pour le banc d'essai de beatdesk"},
	},
	"pt": {
		lang: "pt",
		function: fields(`o a os as de de do da dos das e e em em no na nos nas que que se por com para um uma
			é foi foram tem têm seu sua seus suas ao como mais mas este esta estes desde até sobre entre após
			durante sem também já muito onde quando enquanto segundo contra porque ainda apenas outros outras`),
		content: fields(`governo ministro presidente autoridades polícia cidade prefeitura país região pessoas trabalhadores
			famílias relatório informou disse afirmou anunciou confirmou negou previsto planos plano eleições votação
			eleitores congresso tribunal juiz decisão lei orçamento dinheiro preços preço mercado mercados banco bancos
			empresas empresa comércio acordo negociações crise protesto protestos greve greves água eletricidade energia
			combustível petróleo tempestade enchente enchentes incêndio chuvas seca colheita agricultores escolas
			professores estudantes hospital hospitais médicos saúde exército tropas fronteira migrantes segurança ataque
			investigação acusações presos libertados semana mês ano hoje ontem manhã noite dias horas semanas meses anos
			cento milhões aumento alta caiu subiu recorde crescimento inflação dívida empréstimos empregos salários
			desemprego projeto estrada ponte porto ferrovia aeroporto rede serviço sistema moradores vila capital
			província distrito estado nacional local internacional público privado federal central norte sul leste
			oeste grandes pequenos primeiro segundo terceiro último próximo vários dezenas centenas milhares porta-voz
			nota entrevista reunião cúpula visita líderes partido partidos oposição coalizão campanha candidato apoio
			críticos analistas especialistas dados números pesquisa estudo resultados perguntas resposta pressão
			medidas regras reforma reformas exigências custo custos danos perdas vítimas resgate emergência ajuda
			suprimentos escassez atrasos fechamento fechado reaberto aberto`),
		months:    [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		dateFmt:   "%d de %s",
		thousands: ".",
		nav:       fields(`Mundo Política Economia Sociedade Clima Ciência Saúde Esportes Cultura Opinião Vídeos Tempo Viagem Tecnologia Educação`),
		labels: siteLabels{Home: "Início", By: "Por", Published: "Publicado em", MostRead: "Mais lidas", Related: "Notícias relacionadas",
			Comments: "Comentários", Reply: "Responder", Newsletter: "Receba nosso boletim todas as manhãs.", SignUp: "Inscreva-se",
			Share: "Compartilhe esta notícia", Rights: "Todos os direitos reservados.", About: "Quem somos", Contact: "Contato",
			Privacy: "Política de privacidade", Terms: "Termos de uso", Cookies: "Usamos cookies para medir a audiência.",
			Fictional: "Veículo sintético gerado para o teste de desempenho do beatdesk"},
	},
	"de": {
		lang: "de",
		function: fields(`der die das die der den dem des und und in in im zu von mit für auf ist war wurde wurden hat haben
			ein eine einen einem nicht sich auch als nach bei aus über unter vor seit bis durch gegen zwischen
			noch schon sehr wo wenn während laut weil aber oder nur mehr weitere andere ihre ihr sein seine`),
		content: fields(`Regierung Minister Präsident Behörden Polizei Stadt Stadtrat Land Region Menschen Arbeiter Familien
			Bericht teilte sagte erklärte kündigte bestätigte bestritt erwartet Pläne Plan Wahl Abstimmung Wähler
			Parlament Gericht Richter Urteil Gesetz Haushalt Geld Preise Preis Markt Märkte Bank Banken Unternehmen
			Handel Abkommen Gespräche Krise Protest Proteste Streik Streiks Wasser Strom Energie Kraftstoff Öl Gas
			Sturm Hochwasser Überschwemmungen Brand Regen Dürre Ernte Landwirte Schulen Lehrer Studenten Krankenhaus
			Krankenhäuser Ärzte Gesundheit Armee Truppen Grenze Migranten Sicherheit Angriff Ermittlungen Anklage
			festgenommen freigelassen Woche Monat Jahr heute gestern Morgen Nacht Tage Stunden Wochen Monate Jahre
			Prozent Millionen Milliarden Anstieg stieg fiel höher niedriger Rekord Wachstum Inflation Schulden Kredite
			Arbeitsplätze Löhne Arbeitslosigkeit Projekt Straße Brücke Hafen Bahn Flughafen Netz Dienst System Anwohner
			Dorf Hauptstadt Provinz Bezirk Staat national lokal international öffentlich privat zentral nördlich südlich
			östlich westlich große kleine erste zweite dritte letzte nächste mehrere Dutzende Hunderte Tausende Sprecher
			Sprecherin Mitteilung Interview Treffen Gipfel Besuch Führung Partei Parteien Opposition Koalition Wahlkampf
			Kandidat Unterstützung Kritiker Analysten Experten Daten Zahlen Umfrage Studie Ergebnisse Fragen Entscheidung
			Druck Antwort Maßnahmen Regeln Reform Reformen Forderungen Kosten Schäden Verluste Opfer Rettung Notfall
			Hilfe Versorgung Mangel Verzögerungen Schließung geschlossen wiedereröffnet geöffnet`),
		months:    [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		dateFmt:   "%d. %s",
		thousands: ".",
		nav:       fields(`Ausland Politik Wirtschaft Gesellschaft Klima Wissen Gesundheit Sport Kultur Meinung Video Wetter Reisen Technik Bildung`),
		labels: siteLabels{Home: "Startseite", By: "Von", Published: "Veröffentlicht am", MostRead: "Meistgelesen", Related: "Mehr zum Thema",
			Comments: "Kommentare", Reply: "Antworten", Newsletter: "Unser Newsletter jeden Morgen in Ihrem Postfach.", SignUp: "Anmelden",
			Share: "Artikel teilen", Rights: "Alle Rechte vorbehalten.", About: "Über uns", Contact: "Kontakt",
			Privacy: "Datenschutz", Terms: "Nutzungsbedingungen", Cookies: "Wir verwenden Cookies zur Reichweitenmessung.",
			Fictional: "Synthetisches Medium für den Lasttest von beatdesk"},
	},
}

// langShares is how feeds divide between languages, in parts of 100.
var langShares = []struct {
	lang  string
	parts int
}{{"en", 40}, {"es", 15}, {"fr", 15}, {"pt", 15}, {"de", 15}}

// syllables build invented names of people, places and organisations:
// capitalised words no dictionary has, so each story's names are its own.
var syllables = fields(`ka lo mi ra ve to sa na dre bel cor dan el fa gri hal in jo kel lum mar nor os pel
	qua ren sil tor ul var wen xa yor zel ba ce di fo gu ha ki le mo nu pi ro su ta vi`)
