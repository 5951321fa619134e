package text

import (
	"strings"
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/hungarian"
	"github.com/blevesearch/snowballstem/irish"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"github.com/blevesearch/snowballstem/tamil"
	"github.com/blevesearch/snowballstem/turkish"
)

// stemmers maps an ISO 639-1 code to its Snowball stemmer. Languages not
// listed keep their words whole.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"ar": arabic.Stem,
	"da": danish.Stem,
	"de": german.Stem,
	"en": english.Stem,
	"es": spanish.Stem,
	"fi": finnish.Stem,
	"fr": french.Stem,
	"ga": irish.Stem,
	"hu": hungarian.Stem,
	"it": italian.Stem,
	"nb": norwegian.Stem,
	"nl": dutch.Stem,
	"nn": norwegian.Stem,
	"no": norwegian.Stem,
	"pt": portuguese.Stem,
	"ro": romanian.Stem,
	"ru": russian.Stem,
	"sv": swedish.Stem,
	"ta": tamil.Stem,
	"tr": turkish.Stem,
}

// HasStemmer reports whether words of lang are reduced to stems.
func HasStemmer(lang string) bool {
	_, ok := stemmers[baseLang(lang)]
	return ok
}

// stemmer stems words of one language, reusing one Snowball environment.
type stemmer struct {
	stem  func(*snowballstem.Env) bool
	env   *snowballstem.Env
	known *stemCache
}

func newStemmer(lang string) *stemmer {
	f := stemmers[lang]
	if f == nil {
		return nil
	}
	return &stemmer{stem: f, env: snowballstem.NewEnv(""), known: stemCaches[lang]}
}

// stemCacheWords bounds each language's cache of stems; a full cache is
// emptied and refilled by the words in use. Words repeat (Zipf), so a
// cache of the commonest answers most look-ups. Search asks it for names;
// reading an article does not (see uncached).
const stemCacheWords = 50_000

// A stemCache remembers the stems of one language's words. It is safe for
// concurrent use.
type stemCache struct {
	mu sync.RWMutex
	m  map[string]string
}

// stemCaches holds one cache for each language with a stemmer; the map
// itself is never changed.
var stemCaches = func() map[string]*stemCache {
	m := make(map[string]*stemCache, len(stemmers))
	for lang := range stemmers {
		m[lang] = &stemCache{m: map[string]string{}}
	}
	return m
}()

func (c *stemCache) get(w string) (string, bool) {
	c.mu.RLock()
	stem, ok := c.m[w]
	c.mu.RUnlock()
	return stem, ok
}

func (c *stemCache) put(w, stem string) {
	c.mu.Lock()
	if len(c.m) >= stemCacheWords {
		clear(c.m)
	}
	c.m[strings.Clone(w)] = stem
	c.mu.Unlock()
}

// Stem returns w's stem.
func (s *stemmer) Stem(w string) string {
	if s == nil {
		return w
	}
	if stem, ok := s.known.get(w); ok {
		return stem
	}
	stem := s.snowball(w)
	s.known.put(w, stem)
	return stem
}

// uncached returns w's stem without asking the cache. The lexicon
// (lexicon.go) asks only for words new to it and remembers their stems
// itself; filling the cache cost more than stemming the few words it
// would have answered (other spellings of a word already read: "Strikes"
// after "strikes").
func (s *stemmer) uncached(w string) string {
	if s == nil {
		return w
	}
	return s.snowball(w)
}

// snowball returns w's stem by the Snowball stemmer. The generated
// stemmers are not written for hostile input, so a panic falls back to
// the word itself rather than taking the pipeline down.
func (s *stemmer) snowball(w string) (out string) {
	defer func() {
		if recover() != nil {
			s.env = snowballstem.NewEnv("")
			out = w
		}
	}()
	s.env.SetCurrent(w)
	s.stem(s.env)
	if s.env.Current() == "" {
		return w
	}
	return s.env.Current()
}
