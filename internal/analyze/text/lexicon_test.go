package text

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// A word reads the same whether its lexeme is made for it, found in the
// lexicon, or made again after the lexicon was emptied.
func TestLexiconColdAndWarm(t *testing.T) {
	title, body := "Dockworkers Strike Shuts Rotterdam Port",
		"Dockworkers in Rotterdam began a strike. The FNV union said 1,200 workers stopped; Rotterdam's port waited."
	l := lexiconOf("en")
	empty := func() {
		l.mu.Lock()
		clear(l.m)
		l.mu.Unlock()
	}
	empty()
	coldTitle, coldBody := Document(title, body, "en")
	warmTitle, warmBody := Document(title, body, "en")
	if !slices.Equal(coldTitle, warmTitle) || !slices.Equal(coldBody, warmBody) {
		t.Errorf("cold %q %q, warm %q %q", coldTitle, coldBody, warmTitle, warmBody)
	}
	if !slices.Contains(warmBody, "@rotterdam") || !slices.Contains(warmBody, "strike") {
		t.Errorf("body terms %q lack @rotterdam or strike", warmBody)
	}
	empty()
	if again, _ := Document(title, body, "en"); !slices.Equal(again, coldTitle) {
		t.Errorf("after emptying %q, before %q", again, coldTitle)
	}
}

// A full lexicon is emptied rather than grown.
func TestLexiconBound(t *testing.T) {
	l := &lexicon{lang: "en", m: map[string]*lexeme{}}
	var words []string
	for i := range lexiconWords + 10 {
		words = append(words, fmt.Sprint("w", i, "x"))
	}
	for chunk := range slices.Chunk(words, 1000) {
		toks := make([]token, len(chunk))
		for i, w := range chunk {
			toks[i] = token{word: w}
		}
		l.lookUp([][]token{toks})
		for _, tk := range toks {
			if tk.lex == nil || tk.lex.lower != tk.word {
				t.Fatalf("%q read as %+v", tk.word, tk.lex)
			}
		}
	}
	if n := len(l.m); n > lexiconWords {
		t.Errorf("lexicon holds %d words, more than %d", n, lexiconWords)
	}
}

// Articles read at once share the lexicons; run with -race.
func TestDocumentConcurrent(t *testing.T) {
	texts := []struct{ title, body, lang string }{
		{"Dockworkers Strike Shuts Rotterdam Port", "Dockworkers in Rotterdam began a strike on Tuesday. About 1,200 workers.", "en"},
		{"Huelga en Valencia", "Los estibadores de México iniciaron una huelga de 6,2 mil millones.", "es"},
		{"Grève à l'Élysée", "Le président s'est rendu à l'Élysée avec 1 200 personnes.", "fr"},
	}
	want := make([][]string, len(texts))
	for i, x := range texts {
		_, want[i] = Document(x.title, x.body, x.lang)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := range 200 {
				i := (g + n) % len(texts)
				if n%50 == 0 {
					l := lexiconOf(texts[i].lang)
					l.mu.Lock()
					clear(l.m)
					l.mu.Unlock()
				}
				if _, got := Document(texts[i].title, texts[i].body, texts[i].lang); !slices.Equal(got, want[i]) {
					t.Errorf("%s: got %q, want %q", texts[i].lang, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// The reading asks whether a word written in lower case is one it saw
// capitalised only of words that are their own lower case, which holds
// because lower-casing a lower-cased word changes nothing.
func TestLowerCaseIsStable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		once := strings.ToLower(string(r))
		if twice := strings.ToLower(once); twice != once {
			t.Fatalf("%U: lower case %q, lower-cased again %q", r, once, twice)
		}
	}
}

// The title's and body's terms share an array; appending to the title's
// must not write over the body's.
func TestDocumentPartsApart(t *testing.T) {
	title, body := Document("Strike in Rotterdam", "Workers in Rotterdam stopped.", "en")
	want := slices.Clone(body)
	_ = append(title, "x")
	if !slices.Equal(body, want) {
		t.Errorf("appending to the title's terms changed the body's: %q, want %q", body, want)
	}
}
