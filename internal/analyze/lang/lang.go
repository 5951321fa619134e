// Package lang detects the language of an article's text.
//
// It applies lingua-go's method to lingua's data for all 75 of its
// languages, but holds lingua's n-gram models in compact tables of its own
// (models.go) instead of lingua's maps, and answers the top choice. Lingua
// first applies its rules (a script or letters only one language uses;
// rules.go). Otherwise the text's trigrams are scored against the models
// of every language written in its script (score.go), which settles texts
// of 200 letters and more (lingua's high-accuracy mode, too, uses
// trigrams alone from 120). A shorter text is scored again with unigrams
// to fivegrams, lingua's high-accuracy method, against the contenders:
// the languages whose trigram score came close to the best. Only then are
// those languages' longer n-gram tables loaded.
//
// It returns "" (the pipeline's "undetermined") only for junk: text with
// no letters, fewer than three outside Chinese, Japanese and Korean, or
// none lingua's models know. An earlier version also abstained below 0.7
// confidence; on lingua's test sentences that turned 0.935 into 0.920
// (every abstention counts as wrong) while the pipeline's texts, whole
// articles, are almost never close calls, so a best guess beats "und".
//
// On lingua's test data (`beatdesk eval lang`: mean accuracy over 75
// languages) New scores 0.962 on sentences, 0.886 on word pairs and 0.725
// on single words, 0.6 ms an item, at a peak RSS of 264 MB with 112 MB of
// model tables loaded. Lingua's own high-accuracy mode scores 0.961 on
// sentences but needs about 1.8 GB; the previous version of this package
// (lingua's low-accuracy mode, and its high-accuracy models for Hindi and
// Marathi) scored 0.942, 0.798 and 0.618 at 286 MB. On news articles,
// which take the trigram way, a process detecting 400 of them peaks at
// 106 MB of RSS (173 MB before).
//
// This is the only package that imports lingua-go: its models add 124 MB to
// any binary that links it. Other packages take the small Detector
// interface, so their test binaries stay small.
package lang

import (
	"math"
	"strings"
	"sync"
	"time"
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
	// longText is the number of letters from which texts are scored with
	// trigrams only. Lingua switches at 120; at 200, sentences (100 a
	// language) gain 0.0016 of accuracy, and articles, whose 300-character
	// samples hold about 250 letters, are still scored with trigrams only.
	longText = 200
	// contenderGap is how far (in natural log-probability) a language's
	// trigram score may fall behind the best for a short text to be scored
	// against it with all n-gram lengths. On lingua's sentences (100 a
	// language) 30 and 20 lose nothing against scoring every language of
	// the script, 10 loses 0.002; a short text in a language with close
	// relatives loads their tables only.
	contenderGap = 30
	// hintShare is how close to the top language the hinted one must come
	// (as a share of the top confidence) to win a close call.
	hintShare = 0.5
	// sampleRunes caps how much text is examined. Detection time grows with
	// the text, while the first 300 characters of 1,445 news articles in
	// 10 languages already gave the right language for all but five.
	sampleRunes = 300
)

// Lingua is the Detector over lingua-go's rules and models. The zero value
// is not usable; call New. It is safe for concurrent use.
type Lingua struct {
	once   sync.Once
	rules  lingua.LanguageDetector // lingua itself, for its rules only (see rules.go)
	models *modelSet
}

// New returns the Detector the pipeline uses. Its rules build on first use
// and its model tables load as texts need them, a language and n-gram
// length at a time, and stay loaded: the trigram tables of one script's
// languages take a few MB and a fraction of a second, all tables about
// 113 MB. Preload loads every language's trigram tables now.
func New() *Lingua { return &Lingua{} }

func (l *Lingua) load() {
	l.once.Do(func() {
		l.rules = newRules()
		l.models = sharedModels()
	})
}

// Preload builds the detector and loads the trigram tables of every
// language (and the shorter ones they back off to) now, so the first
// articles are not slow.
func (l *Lingua) Preload() {
	l.load()
	for _, lang := range lingua.AllLanguages() {
		for n := 1; n <= 3; n++ {
			l.models.table(lang, n)
		}
	}
}

// ModelStats describes the model tables loaded so far, which every
// detector in the process shares.
type ModelStats struct {
	Tables   int           // tables loaded, each one language's n-grams of one length
	Bytes    int64         // the memory they take
	LoadTime time.Duration // time spent loading them, summed over goroutines
	Failed   int           // tables lingua has that could not be read (a new lingua-go's format?)
}

// ModelStats reports the model tables loaded so far.
func (l *Lingua) ModelStats() ModelStats {
	l.load()
	m := l.models
	return ModelStats{int(m.loads.Load()), m.bytes.Load(), time.Duration(m.loadTime.Load()), int(m.failed.Load())}
}

// Detect implements Detector.
func (l *Lingua) Detect(text, hint string) string {
	return decide(l.rank(sample(text), true), hint)
}

// rank returns the confidence values of text's languages, best first:
// lingua's rules, or else the scores of the languages of text's script
// with trigrams and, when highAccuracy is set and the text is short, of
// the contenders among them with all n-gram lengths.
func (l *Lingua) rank(text string, highAccuracy bool) []scored {
	if text == "" {
		return nil
	}
	l.load()
	if lang, ok := ruled(l.rules, text); ok {
		return []scored{{lang, 1}}
	}
	g := newGrams(text)
	languages := scriptLanguages(text)
	values := l.models.rank(g, languages, trigramsOnly)
	if !highAccuracy || g.letters >= longText {
		return values
	}
	if len(values) > 0 {
		languages = contenders(values)
		if len(languages) == 1 {
			return values
		}
	}
	return l.models.rank(g, languages, allOrders)
}

// contenders returns the languages whose trigram score comes within
// contenderGap of the best.
func contenders(values []scored) []lingua.Language {
	var c []lingua.Language
	for _, v := range values {
		if v.value < values[0].value*math.Exp(-contenderGap) {
			break
		}
		c = append(c, v.lang)
	}
	return c
}

var (
	trigramsOnly = []int{3}
	allOrders    = []int{1, 2, 3, 4, 5}
)

// decide picks the answer from confidence values, best first: the top
// language, or the hinted one when it comes close. It returns "" only when
// there was no evidence at all.
func decide(values []scored, hint string) string {
	if len(values) == 0 || values[0].value == 0 {
		return "" // no letters lingua knows, or its models had no evidence
	}
	top := values[0]
	if h := normaliseHint(hint); h != "" {
		for _, v := range values {
			if code(v.lang) == h {
				if v.value >= hintShare*top.value {
					return h
				}
				break
			}
		}
	}
	return code(top.lang)
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
