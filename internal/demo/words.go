package demo

import (
	"fmt"
	"time"
)

// words are an outlet's boilerplate in its language: the navigation, the
// byline, the sidebar and the footer that extraction has to strip.
type words struct {
	Dir        string // text direction of the page
	Nav        []string
	Home       string
	By         string
	MostRead   string
	Latest     string
	Newsletter string
	SignUp     string
	Share      string
	Rights     string
	About      string
	Contact    string
	Privacy    string
	Terms      string
	Cookies    string
	Fictional  string // the visible notice that the outlet is not real
	months     [12]string
	date       string // fmt verbs: day, month name, year, hour:minute
}

// fictionalEN is shown beside every translated notice so that nobody, in any
// language, mistakes the demo for a real publication.
const fictionalEN = "Fictional outlet for the beatdesk demo"

var wordsByLang = map[string]*words{
	"en": {
		Dir: "ltr", Nav: []string{"World", "Politics", "Business", "Climate", "Opinion"},
		Home: "Home", By: "By", MostRead: "Most read", Latest: "Latest news",
		Newsletter: "Get the morning briefing in your inbox, every weekday.", SignUp: "Sign up",
		Share: "Share this article", Rights: "All rights reserved.", About: "About us",
		Contact: "Contact", Privacy: "Privacy policy", Terms: "Terms of use",
		Cookies:   "We use cookies to measure readership. Manage your preferences.",
		Fictional: fictionalEN,
		months:    [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		date:      "%d %s %d, %s GMT",
	},
	"es": {
		Dir: "ltr", Nav: []string{"Mundo", "Política", "Economía", "Clima", "Opinión"},
		Home: "Portada", By: "Por", MostRead: "Lo más leído", Latest: "Últimas noticias",
		Newsletter: "Recibe nuestro boletín matutino cada día laborable.", SignUp: "Suscríbete",
		Share: "Comparte esta noticia", Rights: "Todos los derechos reservados.", About: "Quiénes somos",
		Contact: "Contacto", Privacy: "Política de privacidad", Terms: "Aviso legal",
		Cookies:   "Usamos cookies para medir la audiencia. Configura tus preferencias.",
		Fictional: "Medio ficticio creado para la demostración de beatdesk",
		months:    [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		date:      "%d de %s de %d, %s GMT",
	},
	"fr": {
		Dir: "ltr", Nav: []string{"International", "Politique", "Économie", "Climat", "Idées"},
		Home: "Accueil", By: "Par", MostRead: "Les plus lus", Latest: "Dernières actualités",
		Newsletter: "Recevez notre lettre du matin chaque jour de la semaine.", SignUp: "S’inscrire",
		Share: "Partager cet article", Rights: "Tous droits réservés.", About: "Qui sommes-nous",
		Contact: "Contact", Privacy: "Confidentialité", Terms: "Mentions légales",
		Cookies:   "Nous utilisons des cookies pour mesurer l’audience. Gérer mes choix.",
		Fictional: "Média fictif créé pour la démonstration de beatdesk",
		months:    [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		date:      "%d %s %d à %s GMT",
	},
	"pt": {
		Dir: "ltr", Nav: []string{"Mundo", "Política", "Economia", "Clima", "Opinião"},
		Home: "Início", By: "Por", MostRead: "Mais lidas", Latest: "Últimas notícias",
		Newsletter: "Receba o nosso boletim da manhã em todos os dias úteis.", SignUp: "Assinar",
		Share: "Compartilhe esta notícia", Rights: "Todos os direitos reservados.", About: "Quem somos",
		Contact: "Contato", Privacy: "Política de privacidade", Terms: "Termos de uso",
		Cookies:   "Usamos cookies para medir a audiência. Gerencie suas preferências.",
		Fictional: "Veículo fictício criado para a demonstração do beatdesk",
		months:    [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		date:      "%d de %s de %d, %s GMT",
	},
	"ar": {
		Dir: "rtl", Nav: []string{"العالم", "سياسة", "اقتصاد", "مناخ", "رأي"},
		Home: "الرئيسية", By: "بقلم", MostRead: "الأكثر قراءة", Latest: "آخر الأخبار",
		Newsletter: "اشترك في نشرتنا الصباحية لتصلك كل يوم عمل.", SignUp: "اشترك",
		Share: "شارك المقال", Rights: "جميع الحقوق محفوظة.", About: "من نحن",
		Contact: "اتصل بنا", Privacy: "سياسة الخصوصية", Terms: "شروط الاستخدام",
		Cookies:   "نستخدم ملفات تعريف الارتباط لقياس عدد القراء. إدارة التفضيلات.",
		Fictional: "منصة إخبارية خيالية أُنشئت لعرض beatdesk التجريبي",
		months:    [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		date:      "%d %s %d، %s GMT",
	},
}

// wordsFor returns the boilerplate for lang, English when there is none.
func wordsFor(lang string) *words {
	if w, ok := wordsByLang[lang]; ok {
		return w
	}
	return wordsByLang["en"]
}

// Date formats t the way the outlet's readers expect, in UTC.
func (w *words) Date(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf(w.date, t.Day(), w.months[t.Month()-1], t.Year(), t.Format("15:04"))
}
