package extractive

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// A vocabulary is what the writer says in its own words in one
// publication language: section titles, the attribution frames it wraps
// around a quoted sentence, and how it writes a date. Everything else in
// a draft is the sources' words.
type vocabulary struct {
	lang string

	// Section titles; since heads the correspondent's earlier coverage
	// and what is new since.
	happened, numbers, why, background, watch, since string

	// frames take the outlet (%[1]s), a language label or "" (%[2]s) and
	// the quoted sentence (%[3]s). dated adds the source's publication
	// date (%[4]s) for the timeline. earlier introduces the
	// correspondent's own earlier article: its author (%[1]s), headline
	// (%[3]s) and publication date (%[4]s).
	frames  []string
	dated   string
	undated string // the timeline's frame when a source has no date
	earlier string

	label string // language label, "in %s" gives " (in Spanish)"
	// gloss follows a quote with its translation (%s, in quotation
	// marks); untranslated replaces label when no engine could translate.
	gloss, untranslated string
	marks               [][2]string // quotation marks, preferred first
	months              [12]string  // month names for dates
	date                string      // fmt layout: %[1]d day, %[2]s month
	year                string      // appended when the year is not the current one: %[1]d
	cues                []string    // forward-looking words and phrases, folded
	stakes              []string    // words that say why a fact matters (a record, a risk, a first), folded
}

var vocabularies = map[string]vocabulary{
	"en": {
		lang: "en", happened: "What happened", numbers: "The numbers", why: "Why it matters",
		background: "Background", watch: "What to watch", since: "What has changed since",
		frames:  []string{"According to %[1]s%[2]s, %[3]s", "%[1]s reported%[2]s: %[3]s", "%[1]s wrote%[2]s: %[3]s"},
		dated:   "On %[4]s, %[1]s reported%[2]s: %[3]s",
		undated: "%[1]s reported%[2]s: %[3]s",
		earlier: "On %[4]s, %[1]s wrote: %[3]s",
		label:   " (in %s)",
		gloss:   " (translation: %s)", untranslated: " (in %s, untranslated)",
		marks:  [][2]string{{"“", "”"}, {"«", "»"}},
		months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		date:   "%[1]d %[2]s", year: " %[1]d",
		cues: []string{"will", "would", "plans", "plan to", "planned", "expected", "expects", "next week", "next month",
			"next year", "upcoming", "scheduled", "deadline", "is due", "are due", "is set to", "are set to", "could", "vote on",
			"hearing", "trial", "investigation", "pledged", "promised", "warned", "new talks"},
		stakes: []string{"first", "largest", "biggest", "highest", "lowest", "worst", "record", "most", "since", "means",
			"threat", "threatens", "risk", "risks", "impact", "affect", "affects", "crucial", "critical", "crisis", "key",
			"major", "because", "consequences", "analyst", "analysts", "warned", "fear", "fears", "concern", "concerns",
			"blow", "setback", "percent", "half", "a third", "accounts for", "depend", "depends"},
	},
	"es": {
		lang: "es", happened: "Qué pasó", numbers: "Las cifras", why: "Por qué importa",
		background: "Contexto", watch: "Qué vigilar", since: "Qué ha cambiado desde entonces",
		frames:  []string{"Según %[1]s%[2]s, %[3]s", "%[1]s informó%[2]s: %[3]s", "%[1]s publicó%[2]s: %[3]s"},
		dated:   "El %[4]s, %[1]s informó%[2]s: %[3]s",
		undated: "%[1]s informó%[2]s: %[3]s",
		earlier: "El %[4]s, %[1]s escribió: %[3]s",
		label:   " (en %s)",
		gloss:   " (traducción: %s)", untranslated: " (en %s, sin traducir)",
		marks:  [][2]string{{"«", "»"}, {"“", "”"}},
		months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		date:   "%[1]d de %[2]s", year: " de %[1]d",
		cues: []string{"proximo", "proxima", "se espera", "prevé", "preve", "planea", "podria", "podrian", "debera", "deberan",
			"va a", "van a", "tendra", "sera", "seran", "habra", "mantendra", "mantendran", "seguira", "seguiran",
			"continuara", "continuaran", "convoco", "ha convocado", "audiencia", "juicio", "votacion", "investigacion", "advirtio", "prometio"},
		stakes: []string{"primer", "primera", "mayor", "record", "peor", "desde", "amenaza", "riesgo", "impacto", "afecta",
			"crisis", "clave", "grave", "consecuencias", "analista", "analistas", "advirtio", "temor", "preocupacion", "golpe",
			"por ciento", "la mitad", "depende"},
	},
	"fr": {
		lang: "fr", happened: "Ce qui s'est passé", numbers: "Les chiffres", why: "Pourquoi c'est important",
		background: "Contexte", watch: "À surveiller", since: "Ce qui a changé depuis",
		frames:  []string{"Selon %[1]s%[2]s, %[3]s", "%[1]s rapporte%[2]s : %[3]s", "%[1]s écrit%[2]s : %[3]s"},
		dated:   "Le %[4]s, %[1]s rapportait%[2]s : %[3]s",
		undated: "%[1]s rapporte%[2]s : %[3]s",
		earlier: "Le %[4]s, %[1]s a écrit : %[3]s",
		label:   " (en %s)",
		gloss:   " (traduction : %s)", untranslated: " (en %s, non traduit)",
		marks:  [][2]string{{"«", "»"}, {"“", "”"}},
		months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		date:   "%[1]d %[2]s", year: " %[1]d",
		cues: []string{"prochain", "prochaine", "devrait", "devraient", "sera", "seront", "va", "vont", "prevu", "audience", "proces", "vote", "enquete"},
		stakes: []string{"premier", "premiere", "record", "pire", "plus grand", "depuis", "menace", "risque", "impact", "crise",
			"cle", "grave", "consequences", "analyste", "craint", "inquietude", "pour cent", "la moitie", "depend"},
	},
	"pt": {
		lang: "pt", happened: "O que aconteceu", numbers: "Os números", why: "Por que importa",
		background: "Contexto", watch: "O que observar", since: "O que mudou desde então",
		frames:  []string{"Segundo %[1]s%[2]s, %[3]s", "%[1]s informou%[2]s: %[3]s", "%[1]s publicou%[2]s: %[3]s"},
		dated:   "Em %[4]s, %[1]s informou%[2]s: %[3]s",
		undated: "%[1]s informou%[2]s: %[3]s",
		earlier: "Em %[4]s, %[1]s escreveu: %[3]s",
		label:   " (em %s)",
		gloss:   " (tradução: %s)", untranslated: " (em %s, sem tradução)",
		marks:  [][2]string{{"“", "”"}, {"«", "»"}},
		months: [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		date:   "%[1]d de %[2]s", year: " de %[1]d",
		cues: []string{"proximo", "proxima", "devera", "deverao", "vai", "vao", "sera", "serao", "previsto", "audiencia", "julgamento", "votacao", "investigacao"},
		stakes: []string{"primeiro", "primeira", "recorde", "pior", "maior", "desde", "ameaca", "risco", "impacto", "crise",
			"chave", "grave", "consequencias", "analista", "temor", "preocupacao", "por cento", "metade", "depende"},
	},
}

// vocabularyFor returns the vocabulary of a publication language,
// English for one it does not have.
func vocabularyFor(lang string) vocabulary {
	if v, ok := vocabularies[baseLang(lang)]; ok {
		return v
	}
	return vocabularies["en"]
}

// languageLabel returns the label for a quote left in lang, e.g.
// " (in Spanish)", or "" when lang is the publication language or
// unknown.
func (v vocabulary) languageLabel(lang string) string {
	if name := v.languageName(lang); name != "" {
		return fmt.Sprintf(v.label, name)
	}
	return ""
}

// languageName names lang in the publication language ("Spanish"), or
// returns "" when lang is the publication language or unknown.
func (v vocabulary) languageName(lang string) string {
	lang = baseLang(lang)
	if lang == "" || lang == v.lang {
		return ""
	}
	t, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	return display.Languages(language.Make(v.lang)).Name(t)
}

// formatDate writes the day t falls on in its own zone, with the year
// when it is not now's year.
func (v vocabulary) formatDate(t, now time.Time) string {
	s := fmt.Sprintf(v.date, t.Day(), v.months[t.Month()-1])
	if t.Year() != now.Year() {
		s += fmt.Sprintf(v.year, t.Year())
	}
	return s
}

// quote wraps a source sentence in quotation marks that do not occur in
// it, so the verifier reads the quote as one span.
func (v vocabulary) quote(s string) string {
	for _, m := range v.marks {
		if !strings.Contains(s, m[0]) && !strings.Contains(s, m[1]) {
			return m[0] + s + m[1]
		}
	}
	return v.marks[0][0] + s + v.marks[0][1]
}

func baseLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}
