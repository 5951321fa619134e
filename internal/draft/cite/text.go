package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"golang.org/x/text/unicode/norm"
)

// normalise puts text in the one form every comparison uses: NFC, spaces
// for no-break and thin spaces, ASCII digits for Arabic-Indic ones, runs of
// white space collapsed. Quote marks are kept as they are.
func normalise(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range s {
		switch {
		case c >= '٠' && c <= '٩':
			c = '0' + (c - '٠')
		case c >= '۰' && c <= '۹':
			c = '0' + (c - '۰')
		case c == '٫':
			c = '.' // Arabic decimal separator
		case c == '٬':
			c = ',' // Arabic thousands separator
		}
		if unicode.IsSpace(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	return b.String()
}

// straightQuotes maps every double quote mark to " and every single one
// to ', so a curly quote in a draft matches a straight one in a source.
var straightQuotes = strings.NewReplacer(
	"“", `"`, "”", `"`, "„", `"`, "‟", `"`, "«", `"`, "»", `"`, "″", `"`,
	"‘", "'", "’", "'", "‚", "'", "‛", "'", "‹", "'", "›", "'", "′", "'",
)

// Fold lower-cases s, removes diacritics and straightens quotes: the form
// in which quotes, names and words are looked up in a passage, so
// "México" and "Mexico" or ’ and ' do not count as differences.
func Fold(s string) string { return fold(s) }

func fold(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return strings.ToLower(s) // nothing to fold but case
	}
	s = straightQuotes.Replace(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(c)
		}
	}
	return norm.NFC.String(b.String())
}

// words splits s into words: runs of letters, marks and digits. Each
// Chinese or Japanese character counts as a word of its own.
func words(s string) []string {
	var out []string
	start := -1
	for i, c := range s {
		if ideographic(c) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, string(c))
			continue
		}
		if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.M, c) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// pauses reports, for each word of s as words splits it, whether a
// comma, dash, bracket, colon or semicolon follows it before the next
// word: the places that set off an aside. A hyphen inside a word
// ("well-known") is no pause; one with a space before it is a dash.
func pauses(s string) []bool {
	var out []bool
	in := false
	prev := ' '
	for _, c := range s {
		switch {
		case ideographic(c):
			out = append(out, false)
			in = false
		case unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.M, c):
			if !in {
				out = append(out, false)
			}
			in = true
		default:
			in = false
			dash := c == '-' && unicode.IsSpace(prev)
			if len(out) > 0 && (dash || strings.ContainsRune(",;:()[]–—", c)) {
				out[len(out)-1] = true
			}
		}
		prev = c
	}
	return out
}

func ideographic(c rune) bool {
	return unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// stemmers by ISO 639-1 code. Other languages are compared by folded word.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"en": english.Stem, "es": spanish.Stem, "fr": french.Stem, "pt": portuguese.Stem,
	"de": german.Stem, "it": italian.Stem, "ru": russian.Stem, "ar": arabic.Stem,
}

// stem returns the folded stem of one lower-case word in lang.
func stem(word, lang string) string {
	if f, ok := stemmers[baseLang(lang)]; ok && !isNumber(word) {
		env := snowballstem.NewEnv(word)
		f(env)
		word = env.Current()
	}
	return fold(word)
}

func baseLang(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}

func isNumber(w string) bool {
	for _, c := range w {
		if !unicode.IsDigit(c) {
			return false
		}
	}
	return w != ""
}

// ContentWords returns the stems of the words of s that carry meaning: no
// stop words, no attribution verbs, no one-letter words. The extractive
// writer measures salience and near-repeats with them; the verifier
// measures lexical support with them, so both agree on what a word is.
func ContentWords(s, lang string) []string {
	var out []string
	for _, w := range words(normalise(s)) {
		lw := strings.ToLower(w)
		if !isContent(fold(lw)) {
			continue
		}
		out = append(out, stem(lw, lang))
	}
	return out
}

// isContent reports whether the folded word f carries meaning.
func isContent(f string) bool {
	if f == "" || stopWords[f] {
		return false
	}
	r, n := utf8.DecodeRuneInString(f)
	return n < len(f) || isNumber(f) || ideographic(r)
}

// stopWords are function words of the languages beatdesk publishes and
// reads most, plus the verbs of attribution a writer wraps around a quote
// ("according to", "reported", "según", "informó"). Folded forms.
var stopWords = setOf(
	// English
	"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
	"from", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
	"it", "its", "this", "that", "these", "those", "there", "their", "they", "them", "he",
	"she", "his", "her", "we", "our", "you", "your", "i", "not", "no", "so", "if", "than",
	"then", "into", "about", "after", "before", "over", "also", "which", "who", "whom",
	"what", "when", "where", "while", "will", "would", "could", "should", "can", "may",
	"do", "does", "did", "said", "says", "say", "told", "according", "reported", "reports",
	"report", "wrote", "writes", "added", "stated", "noted", "more", "most", "some", "such",
	"other", "all", "any", "each", "up", "out", "only", "just", "very", "per", "cent",
	// Spanish
	"el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "u", "e", "de", "del",
	"al", "en", "con", "por", "para", "sin", "sobre", "entre", "desde", "hasta", "que",
	"se", "su", "sus", "lo", "le", "les", "es", "son", "fue", "fueron", "ha", "han", "habia",
	"era", "eran", "este", "esta", "estos", "estas", "ese", "esa", "como", "mas", "pero",
	"tambien", "segun", "informo", "publico", "escribio", "dijo", "afirmo", "senalo",
	"ya", "muy", "cuando", "donde", "quien", "cual", "porque", "ni", "si", "ciento",
	// French
	"le", "les", "des", "du", "et", "ou", "au", "aux", "dans", "pour", "par", "avec", "sur",
	"qui", "ne", "pas", "est", "sont", "ont", "il", "elle", "ils", "elles", "selon",
	"rapporte", "rapportait", "ecrit", "indique", "cent",
	// Portuguese
	"os", "as", "um", "uma", "da", "do", "das", "dos", "na", "no", "nas", "nos", "em",
	"com", "sao", "foi", "segundo", "informou", "publicou", "escreveu", "disse",
	// German and Italian, the most frequent only
	"der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "dem", "il",
	"di", "che", "per", "non", "sono", "gli",
)
