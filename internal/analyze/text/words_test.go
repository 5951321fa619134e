package text

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/clipperhouse/uax29/v2/words"
)

func uax29(s string) []string {
	var out []string
	for it := words.FromString(s); it.Next(); {
		out = append(out, it.Value())
	}
	return out
}

func ascii29(s string) []string {
	var out []string
	for it := (&asciiWords{s: s}); it.Next(); {
		out = append(out, it.Value())
	}
	return out
}

// TestASCIIWordsAsUAX29 checks that the ASCII segmenter splits as the
// Unicode one does: on every ASCII character in every neighbourhood that
// matters (random strings over a small alphabet), and on news.
func TestASCIIWordsAsUAX29(t *testing.T) {
	var all strings.Builder
	for c := range 128 {
		all.WriteByte(byte(c))
	}
	alphabet := "aZ09_ .,;:'\"\r\n\t-!?$%()" + all.String()
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{all.String(), "U.S. e.g. Reid's 1,200 3.5 1;2 a:b a_1 _x x__ 12'34 a.1 1.a a'.b  \r\n\r\r\n"}
	for range 100_000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			if rng.IntN(2) == 0 {
				b[i] = alphabet[rng.IntN(24)] // the characters with rules
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if got, want := ascii29(s), uax29(s); !slices.Equal(got, want) {
			t.Fatalf("%q: ascii segments %q, UAX #29 %q", s, got, want)
		}
	}
	// News, when the data sets are here.
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("data sets absent (%v): news not compared", err)
	}
	var news []string
	for _, a := range ecbArticles(t) {
		news = append(news, a[0], a[1])
	}
	news = append(news, uciHeadlines(t, 20_000)...)
	for _, s := range news {
		if !isASCII(s) {
			continue
		}
		if got, want := ascii29(s), uax29(s); !slices.Equal(got, want) {
			t.Fatalf("%q: ascii segments %q, UAX #29 %q", s, got, want)
		}
	}
}

func FuzzASCIIWords(f *testing.F) {
	f.Add("U.S. e.g. Reid's 1,200 3.5\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if got, want := ascii29(s), uax29(s); !slices.Equal(got, want) {
			t.Fatalf("%q: ascii segments %q, UAX #29 %q", s, got, want)
		}
	})
}
