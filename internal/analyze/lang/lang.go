// Package lang detects the language of an article's text.
//
// It wraps lingua-go in its low-accuracy mode (trigram models only), built
// for all 75 of its languages, and answers lingua's top choice. It returns
// "" (the pipeline's "undetermined") only for junk: text with no letters,
// fewer than three outside Chinese, Japanese and Korean, or none lingua's
// models know. An earlier version also abstained below 0.7 confidence;
// on lingua's test sentences that turned 0.935 into 0.920 (every abstention
// counts as wrong) while the pipeline's texts, whole articles, are almost
// never close calls, so a best guess on real text now beats "und".
//
// Short texts (under 120 letters, where lingua's high-accuracy mode
// differs) in Devanagari are re-ranked with the high-accuracy models of
// Hindi and Marathi, whose words the trigram models barely see.
// NewRefining goes further, re-ranking every unsure short text with
// high-accuracy models kept to a memory budget; see refine.go for why the
// pipeline does not use it.
//
// On lingua's test data (`beatdesk eval lang --limit 100`: mean accuracy
// over 75 languages) New scores 0.943 on sentences, 0.799 on word pairs
// and 0.625 on single words, at a peak RSS of 226 MB; lingua's own
// high-accuracy mode scores 0.961 on sentences but needs about 1.8 GB.
//
// This is the only package that imports lingua-go: its models add 124 MB to
// any binary that links it. Other packages take the small Detector
// interface, so their test binaries stay small.
package lang

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"
)

// A Detector names the language of a text.
type Detector interface {
	// Detect returns the ISO 639-1 code of text's language, or "" when the
	// text holds too few letters to tell. hint is a language the page or
	// feed declares (an HTML lang attribute, a feed's language, "pt-BR" and
	// the like are fine); it only settles close calls.
	Detect(text, hint string) string
}

// Tuning, measured on lingua's own test data.
const (
	// longText is the number of letters from which lingua's high-accuracy
	// mode uses trigrams only, so refining gains nothing.
	longText = 120
	// shortCandidates is how many of the trigram pass's best languages a
	// short text is re-ranked among.
	shortCandidates = 2
	// settled is the trigram pass's top confidence from which a short text
	// is not re-ranked: on lingua's sentences (100 a language), refining
	// only below 0.99 re-ranks 12 % of them and loses 0.001 of accuracy
	// against refining them all.
	settled = 0.99
	// hintShare is how close to the top language the hinted one must come
	// (as a share of the top confidence) to win a close call.
	hintShare = 0.5
	// sampleRunes caps how much text is examined. Detection time grows with
	// the text (about 2 ms for 150 characters, 4 ms for 300 and 9 ms for 500
	// on one core here), while the first 300 characters of 1,445 news
	// articles in 10 languages already gave the right language for all but
	// five.
	sampleRunes = 300
)

// Lingua is the lingua-go Detector. The zero value is not usable; call New
// or NewRefining. It is safe for concurrent use.
type Lingua struct {
	budget     int64   // bytes of high-accuracy models the refiner may keep; 0: no refiner
	candidates int     // languages a short text is re-ranked among
	settled    float64 // trigram confidence from which a short text is not re-ranked

	once       sync.Once
	all        lingua.LanguageDetector // trigram models of every language
	devanagari lingua.LanguageDetector // all models of Hindi and Marathi
	refine     *refiner                // nil unless NewRefining, or when lingua's caches are out of reach
}

// New returns the Detector the pipeline uses: lingua's trigram models of
// all languages, plus its high-accuracy models of Hindi and Marathi (3 MB)
// for short texts in their shared script. The models load on first use
// (about a second and 55 MB of memory); call Preload to pay that at
// start-up instead.
func New() *Lingua {
	return &Lingua{candidates: shortCandidates, settled: settled}
}

// NewRefining returns a Detector that also re-ranks every short text the
// trigram models are unsure of among their best few languages with
// lingua's high-accuracy models, keeping an estimated budget bytes of those
// loaded (least recently used evicted). It is more accurate on short texts
// and slow while models load (10 to 300 ms a language), which on input
// mixing many languages is most of the time; see refine.go.
func NewRefining(budget int64) *Lingua {
	l := New()
	l.budget = budget
	return l
}

func (l *Lingua) load(preload bool) {
	l.once.Do(func() {
		all := lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithLowAccuracyMode()
		dev := lingua.NewLanguageDetectorBuilder().FromLanguages(lingua.AllLanguagesWithDevanagariScript()...)
		if preload {
			all, dev = all.WithPreloadedLanguageModels(), dev.WithPreloadedLanguageModels()
		}
		l.all, l.devanagari = all.Build(), dev.Build()
		if l.budget > 0 {
			l.refine, _ = newRefiner(l.budget) // on error, Detect goes without
		}
	})
}

// Preload builds the detector and loads the trigram models of every
// language now, so the first articles are not slow.
func (l *Lingua) Preload() { l.load(true) }

// Detect implements Detector.
func (l *Lingua) Detect(text, hint string) string {
	text = sample(text)
	if text == "" {
		return ""
	}
	l.load(false)
	values := l.all.ComputeLanguageConfidenceValues(text)
	if countLetters(text) < longText {
		// Lingua's high-accuracy mode differs from the trigram pass only
		// below longText letters.
		switch {
		case devanagari(values, text):
			values = l.devanagari.ComputeLanguageConfidenceValues(text)
		case l.refine != nil && values[0].Value() < l.settled:
			if c := candidates(values, l.candidates); len(c) > 1 {
				values = l.refine.rank(text, c)
			}
		}
	}
	return decide(values, hint)
}

// devanagari reports whether the trigram pass ranked Hindi or Marathi
// first, or found no evidence at all in a text in their script. Their
// words split into pieces too short for trigrams (vowel signs are not
// letters), so on short texts the trigram models are often silent or wrong
// (lingua's sentences: 67 and 72 % right, against 95 and 96 % with all
// models).
func devanagari(values []lingua.ConfidenceValue, text string) bool {
	switch values[0].Language() {
	case lingua.Hindi, lingua.Marathi:
		return values[0].Value() > 0
	}
	return values[0].Value() == 0 && strings.IndexFunc(text, func(r rune) bool { return unicode.Is(unicode.Devanagari, r) }) >= 0
}

// candidates returns up to n languages lingua's trigram pass ranked first,
// leaving out those it gave no chance.
func candidates(values []lingua.ConfidenceValue, n int) []lingua.Language {
	var c []lingua.Language
	for _, v := range values[:min(n, len(values))] {
		if v.Value() == 0 {
			break
		}
		c = append(c, v.Language())
	}
	return c
}

// decide picks the answer from lingua's confidence values, best first: the
// top language, or the hinted one when it comes close. It returns "" only
// when lingua had no evidence at all.
func decide(values []lingua.ConfidenceValue, hint string) string {
	if len(values) == 0 || values[0].Value() == 0 {
		return "" // no letters lingua knows, or its models had no evidence
	}
	top := values[0]
	if h := normaliseHint(hint); h != "" {
		for _, v := range values {
			if code(v.Language()) == h {
				if v.Value() >= hintShare*top.Value() {
					return h
				}
				break
			}
		}
	}
	return code(top.Language())
}

// code returns the lower-case ISO 639-1 code of a lingua language.
func code(l lingua.Language) string {
	return strings.ToLower(l.IsoCode639_1().String())
}

// normaliseHint reduces a declared language to an ISO 639-1 code lingua
// knows: "en-US" → "en", "no" → "nb". It returns "" for anything else.
func normaliseHint(hint string) string {
	hint = strings.TrimSpace(hint)
	if i := strings.IndexAny(hint, "-_"); i >= 0 {
		hint = hint[:i]
	}
	hint = strings.ToLower(hint)
	if hint == "no" {
		hint = "nb" // lingua tells Bokmål from Nynorsk; "no" is almost always Bokmål
	}
	if len(hint) != 2 {
		return ""
	}
	if lingua.GetLanguageFromIsoCode639_1(lingua.GetIsoCode639_1FromValue(hint)) == lingua.Unknown {
		return ""
	}
	return hint
}

// sample returns the first sampleRunes runes of text, cut at a space, or
// "" when text holds too few letters to say anything.
func sample(text string) string {
	text = strings.ToValidUTF8(text, " ")
	letters, n := 0, 0
	end := len(text)
	for i, r := range text {
		if n == sampleRunes {
			end = i
			if j := strings.LastIndexFunc(text[:i], unicode.IsSpace); j > i/2 {
				end = j
			}
			break
		}
		n++
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minLetters(text) {
		return ""
	}
	return strings.TrimSpace(text[:end])
}

// countLetters returns the number of letters in text.
func countLetters(text string) int {
	n := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// minLetters is the fewest letters worth a guess: one Chinese or Japanese
// character is a word, and lingua itself gives no answer below three
// letters of other scripts.
func minLetters(text string) int {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }))
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
		return 1
	}
	return 3
}
