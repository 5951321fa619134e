package extract

import (
	"slices"
	"strings"
)

// The main-text extractors keep some of a site's furniture when it sits
// inside the article's container: "read also" links between paragraphs,
// photo credits, newsletter and comment prompts, copyright lines. Such a
// paragraph is short and says what it is in a few stock words, so it is
// recognised by those words, in the languages beatdesk reads most. A
// long paragraph is never dropped: stock words inside real reporting
// ("declined to comment", "subscribers rose") come in longer sentences.

const (
	// cueMaxWords: a "read also" line is the cue and a headline.
	cueMaxWords = 25
	// headingMaxWords: a cue this short stands alone as a heading over a
	// list of links ("Related articles", "Auch interessant").
	headingMaxWords = 8
	// linkMaxWords: under such a heading, paragraphs this short are the
	// linked headlines.
	linkMaxWords = 12
	// creditMaxWords and promptMaxWords bound photo credits and calls to
	// subscribe, follow or comment.
	creditMaxWords = 20
	promptMaxWords = 30
)

// readAlsoCues open a paragraph that points at other articles. Matched at
// the start, lower case, after leading arrows and dashes.
var readAlsoCues = []string{
	// English
	"read more:", "read also", "see also", "related:", "related articles", "related stories",
	"related posts", "you may also like", "recommended for you", "more from",
	// German
	"lesen sie auch", "lesen sie hier", "lies auch", "auch lesen", "siehe auch", "mehr zum thema",
	"mehr dazu", "zum weiterlesen", "weiterlesen:", "schon gelesen", "auch interessant",
	"das könnte sie auch interessieren", "das könnte dich auch interessieren",
	"das thema könnte dich auch interessieren", "das könnte ihnen auch gefallen",
	"empfohlene beiträge", "weitere beiträge", "weitere artikel", "weitere themen", "mehr themen",
	"neueste artikel", "ähnliche artikel", "ähnliche beiträge", "verwandte artikel", "passend zum thema",
	// Spanish and Portuguese
	"lea también", "lea más", "lea además", "lea:", "lee también", "lee más", "le puede interesar",
	"te puede interesar", "puede interesarte", "también te puede interesar", "tambien te puede interesar",
	"vea también", "ver también", "mira también", "mira:", "puedes ver", "contenido relacionado",
	"artículos relacionados", "noticias relacionadas", "más noticias", "más sobre",
	"leia também", "leia mais", "veja também",
	// French
	"à lire aussi", "a lire aussi", "lire aussi", "voir aussi",
	// Polish
	"czytaj też", "czytaj także", "czytaj również", "zobacz też", "zobacz także",
}

// creditLabels open a photo credit or a copyright line ("Foto: dpa",
// "Titelbild: …", "© 2022 …"); a caption may also end with one.
var creditLabels = []string{
	"foto", "fotos", "photo", "photos", "bild", "bilder", "titelbild", "beitragsbild", "bildquelle",
	"symbolbild", "rubriklistenbild", "fotocredit", "image", "picture", "credit", "credits", "crédit",
	"crédits", "crédit photo", "crédits photo", "crédits photos", "copyright", "foto de portada", "imagen",
}

// creditTail: how far from a caption's end a closing credit may start.
const creditTail = 70

// isCredit reports whether a short paragraph is a photo credit or a
// copyright line, or a caption ending with one.
func isCredit(lower string) bool {
	l := strings.TrimLeft(lower, "([ ")
	if strings.HasPrefix(l, "©") || strings.HasPrefix(l, "copyright ") {
		return true
	}
	for _, label := range creditLabels {
		if rest, ok := strings.CutPrefix(l, label); ok && strings.HasPrefix(strings.TrimLeft(rest, " "), ":") {
			return true
		}
	}
	tail := lower[max(0, len(lower)-creditTail):]
	for _, mark := range []string{"©", "foto:", "fotos:", "photo:", "bild:", "credit:", "crédit:"} {
		if i := strings.LastIndex(tail, mark); i >= 0 && !strings.ContainsAny(tail[i:], ".!?") {
			return true
		}
	}
	return false
}

// promptPhrases mark a call to subscribe, follow, comment or download, a
// comment section's furniture, or a rights notice.
var promptPhrases = []string{
	"newsletter", "subscribe ", "subscribe.", "already a subscriber", "sign up to ", "sign up for ",
	"sign up here", "signing up", "abonnieren", "abonniere ", "abonnez", "bereits abonnent",
	"suscríbete", "suscribete", "suscribirse", "subskrypcj",
	"follow us", "folgen sie uns", "folge uns", "siguenos", "síguenos", "síganos",
	"canal de telegram", "canal de youtube", "canal de whatsapp",
	"view comments", "post a comment", "leave a comment", "add a comment", "comments are moderated",
	"comments are closed", "kommentare geschlossen", "kommentare schreiben", "keine kommentare",
	"kommentar schreiben", "publier un commentaire", "publier un nouveau commentaire",
	"nicht eingeloggt", "eingeloggt sein", "zum antworten anmelden",
	"letter to the editor", "leserbrief", "download the app", "download our app",
	"all rights reserved", "alle rechte vorbehalten", "todos los derechos reservados",
	"tous droits réservés", "wszelkie prawa zastrzeżone",
}

// commentCounts end a comment counter ("4 comments", "0 Kommentare").
var commentCounts = []string{"comment", "comments", "kommentar", "kommentare", "commentaire", "commentaires", "comentario", "comentarios"}

// isPrompt reports whether a short paragraph is a prompt or notice.
func isPrompt(lower string) bool {
	for _, p := range promptPhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	fields := strings.Fields(lower)
	for i := 1; i < len(fields); i++ {
		if slices.Contains(commentCounts, strings.Trim(fields[i], ".,:;!?()")) && isNumber(fields[i-1]) {
			return true
		}
	}
	return false
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// dropBoilerplate returns the paragraphs of text that are not furniture,
// joined as Extract's text is.
func dropBoilerplate(text string) string {
	if text == "" {
		return text
	}
	paras := strings.Split(text, "\n\n")
	kept := paras[:0]
	underHeading := false
	for _, p := range paras {
		words := countWords(p)
		if isReadAlso(p, words) {
			underHeading = words <= headingMaxWords
			continue
		}
		if underHeading && words <= linkMaxWords {
			continue
		}
		underHeading = false
		if words <= promptMaxWords {
			lower := strings.ToLower(p)
			if words <= creditMaxWords && isCredit(lower) || isPrompt(lower) {
				continue
			}
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "\n\n")
}

func isReadAlso(p string, words int) bool {
	if words > cueMaxWords {
		return false
	}
	l := strings.ToLower(strings.TrimLeft(p, ">»›-–—* "))
	for _, cue := range readAlsoCues {
		if strings.HasPrefix(l, cue) {
			return true
		}
	}
	return false
}
