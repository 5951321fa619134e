package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Reading a word means lower-casing it, asking whether it is a stop word,
// stemming it, and for a capitalised word folding its accents into a
// name: several map look-ups and allocations, repeated for every "the"
// and "said" of every article. A word as written always gives the same
// answers in one language, so a lexicon remembers them: one look-up per
// word of an article, and the terms it returns are shared strings.

// lexiconWords bounds each language's lexicon; a full lexicon is emptied
// and refilled by the words in use, as the stem cache is. Three months of
// English headlines (UCI) hold about 65,000 distinct words as written.
const lexiconWords = 100_000

// A lexeme is what the reading of one word, as written, needs to know.
// It is never changed once made, so it is shared freely.
type lexeme struct {
	lower string // the word lower-cased
	// term is the word's term when it is not read as a name: its stem,
	// or the word itself when it holds a digit. "" when the word is
	// dropped: a stop word, or a single character.
	term string
	// name is the word's term when it is read as a name; "" when it is
	// never one (not capitalised, or a month in English).
	name     string
	scale    int  // the power of ten the word stands for after a number, or 0
	letter   bool // it starts with a letter
	upper    bool // it starts with an upper-case letter
	hasUpper bool // it has an upper-case (or title-case) letter
	allUpper bool // it is written in capitals (two letters or more)
	isLower  bool // it is written as its lower case
	// Hashes (lowerHash) of lower, for wordSet, and of term and name, for
	// counting terms.
	hash, termHash, nameHash uint64
}

// dropped reports whether the word gives no term.
func (e *lexeme) dropped() bool { return e.term == "" }

// A lexicon holds one language's lexemes. It is safe for concurrent use.
type lexicon struct {
	lang string
	mu   sync.RWMutex
	m    map[string]*lexeme
}

// lexicons holds a lexicon for each language whose words read
// differently (its own stop words, stemmer, scale words or not-names), and
// one, under otherLang, that all other languages share. The map itself is
// never changed.
var lexicons = func() map[string]*lexicon {
	m := map[string]*lexicon{otherLang: {lang: otherLang, m: map[string]*lexeme{}}}
	add := func(lang string) {
		if m[lang] == nil {
			m[lang] = &lexicon{lang: lang, m: map[string]*lexeme{}}
		}
	}
	for lang := range stopWords {
		add(lang)
	}
	for lang := range stemmers {
		add(lang)
	}
	for lang := range scaleWords {
		add(lang)
	}
	for lang := range notNames {
		add(lang)
	}
	return m
}()

// otherLang names the lexicon of languages with no word lists of their
// own; it is no language code, so it finds none of their lists.
const otherLang = "other"

func lexiconOf(lang string) *lexicon {
	if l := lexicons[lang]; l != nil {
		return l
	}
	return lexicons[otherLang]
}

// lookUp sets the lexeme of every word token of toks (not numbers nor
// Chinese or Japanese characters), making those the lexicon lacks.
func (l *lexicon) lookUp(toks [][]token) {
	missing := 0
	l.mu.RLock()
	for _, t := range toks {
		for i := range t {
			tk := &t[i]
			if tk.number || tk.cjk {
				continue
			}
			if tk.lex = l.m[tk.word]; tk.lex == nil {
				missing++
			}
		}
	}
	l.mu.RUnlock()
	if missing == 0 {
		return
	}

	made := make(map[string]*lexeme, missing)
	var st *stemmer
	for _, t := range toks {
		for i := range t {
			tk := &t[i]
			if tk.number || tk.cjk || tk.lex != nil {
				continue
			}
			if tk.lex = made[tk.word]; tk.lex == nil {
				if st == nil {
					st = newStemmer(l.lang)
				}
				w := strings.Clone(tk.word) // not a slice of the article
				tk.lex = l.read(w, st)
				made[w] = tk.lex
			}
		}
	}
	l.mu.Lock()
	if len(l.m)+len(made) > lexiconWords {
		clear(l.m)
	}
	for w, e := range made {
		l.m[w] = e
	}
	l.mu.Unlock()
}

// lexemeOf returns the lexeme of the word w, making it if the lexicon
// lacks it: lookUp for a single word.
func (l *lexicon) lexemeOf(w string) *lexeme {
	l.mu.RLock()
	e := l.m[w]
	l.mu.RUnlock()
	if e != nil {
		return e
	}
	w = strings.Clone(w) // not a slice of the caller's text
	e = l.read(w, newStemmer(l.lang))
	l.mu.Lock()
	if len(l.m) >= lexiconWords {
		clear(l.m)
	}
	l.m[w] = e
	l.mu.Unlock()
	return e
}

// read reads the word w, as written. Its lower case may be w itself:
// w must not be a slice of an article.
func (l *lexicon) read(w string, st *stemmer) *lexeme {
	lower := strings.ToLower(w)
	first, _ := utf8.DecodeRuneInString(w)
	e := &lexeme{
		lower:    lower,
		hash:     lowerHash(lower),
		scale:    scaleOf(w, l.lang),
		letter:   unicode.IsLetter(first),
		upper:    unicode.IsUpper(first),
		hasUpper: hasUpper(w),
		allUpper: allUpper(w),
		isLower:  lower == w,
	}
	if utf8.RuneCountInString(w) < 2 || stopWords[l.lang][lower] {
		return e
	}
	if (e.upper || unicode.IsTitle(first)) && !notNames[l.lang][lower] {
		e.name = NamePrefix + foldAccents(strings.ReplaceAll(lower, ".", ""))
	}
	if strings.ContainsFunc(lower, unicode.IsDigit) {
		e.term = lower // "g7", "covid19", "10km": codes, not words to stem
	} else {
		e.term = st.uncached(lower)
	}
	e.termHash, e.nameHash = lowerHash(e.term), lowerHash(e.name)
	return e
}

// foldAccents removes combining marks ("são" → "sao"), so a name matches
// across languages that spell it with and without accents.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	fold := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(fold, s)
	if err != nil {
		return s
	}
	return out
}
