package lang

import (
	"errors"
	"reflect"
	"sync"
	"unicode"

	"github.com/pemistahl/lingua-go"
)

// Before scoring n-grams, lingua applies rules: a text mostly in a script
// only one language uses (Greek, Thai, Hangul ...), or in letters unique
// to one language, or whose alphabet and special letters leave one
// candidate, is decided at once. We keep those rules by asking a lingua
// detector first, but with its model caches filled with empty models, so
// that it never loads its own maps (1.8 GB for all models; 80 MB and more
// for the trigrams alone): a text the rules decide comes back with that
// language at confidence 1, any other with no evidence at all, and our
// tables take over.
//
// Lingua keeps models in package-level caches shared by every detector
// and exposes no way to fill them, so linguaCaches reaches them through a
// detector's unexported fields and checks their shape; a test fails if a
// future lingua changes it. This package is the only one that imports
// lingua, so no other detector in the process sees the empty models.

// newRules returns a lingua detector good for its rules only.
func newRules() lingua.LanguageDetector {
	if caches, err := linguaCaches(); err == nil {
		empty := map[string]float64{}
		for _, c := range caches {
			for _, l := range lingua.AllLanguages() {
				c.Store(l, empty)
			}
		}
	}
	// Were the caches out of reach, lingua would load its trigram maps:
	// the rules still work, at lingua's memory cost.
	return lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithLowAccuracyMode().Build()
}

// ruled returns the language lingua's rules give text, if they decide it.
func ruled(rules lingua.LanguageDetector, text string) (lingua.Language, bool) {
	v := rules.ComputeLanguageConfidenceValues(text)
	if len(v) > 0 && v[0].Value() == 1 && (len(v) == 1 || v[1].Value() == 0) {
		return v[0].Language(), true
	}
	return lingua.Unknown, false
}

// scriptLanguages returns the languages written in the script of most of
// text's words, among the scripts several languages share; all languages
// when it is none of them (the rules settle single-language scripts).
func scriptLanguages(text string) []lingua.Language {
	scripts := []struct {
		table     *unicode.RangeTable
		languages func() []lingua.Language
	}{
		{unicode.Latin, lingua.AllLanguagesWithLatinScript},
		{unicode.Cyrillic, lingua.AllLanguagesWithCyrillicScript},
		{unicode.Arabic, lingua.AllLanguagesWithArabicScript},
		{unicode.Devanagari, lingua.AllLanguagesWithDevanagariScript},
	}
	counts := make([]int, len(scripts))
	inWord := false
	for _, r := range text {
		if !unicode.IsLetter(r) {
			inWord = false
			continue
		}
		if inWord {
			continue
		}
		inWord = true
		for i, s := range scripts {
			if unicode.Is(s.table, r) {
				counts[i]++
				break
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	if counts[best] == 0 {
		return lingua.AllLanguages()
	}
	return scripts[best].languages()
}

// linguaCaches returns lingua's package-level caches of unigram to
// fivegram models. Every lingua detector holds pointers to the same
// caches; their values map a Language to a map[string]float64.
func linguaCaches() ([]*sync.Map, error) {
	probe := lingua.NewLanguageDetectorBuilder().FromLanguages(lingua.English, lingua.German).Build()
	v := reflect.ValueOf(probe)
	if v.Kind() != reflect.Struct {
		return nil, errors.New("lang: lingua's detector is no longer a struct")
	}
	var caches []*sync.Map
	for _, name := range []string{"unigramLanguageModels", "bigramLanguageModels", "trigramLanguageModels", "quadrigramLanguageModels", "fivegramLanguageModels"} {
		f := v.FieldByName(name)
		if !f.IsValid() || f.Type() != reflect.TypeFor[*sync.Map]() || f.IsNil() {
			return nil, errors.New("lang: lingua's detector has no " + name + " cache")
		}
		caches = append(caches, (*sync.Map)(f.UnsafePointer()))
	}
	return caches, nil
}
