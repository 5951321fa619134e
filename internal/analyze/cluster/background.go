package cluster

import (
	"math"
	"strings"
)

// A Background is a sample of articles in each language, against which a
// pair's similarity is weighed: how alike two articles are says more once
// it is known how alike each of them is to articles in general. Build it
// from the Profiles of the articles being compared, or of recent ones of
// their kind. It is read-only once built, so safe for concurrent use.
type Background struct {
	byLang map[string][]Profile
}

const (
	// backgroundPerLang is how many articles of each language a Background
	// keeps: the usual similarity is a mean, which a few hundred estimate
	// well, and each comparison costs one Compare per kept article.
	backgroundPerLang = 300
	// minBackground is the fewest articles of a language that make a
	// usual similarity; below it typical values stand in.
	minBackground = 20
)

// NewBackground keeps up to backgroundPerLang of ps in each language,
// spread evenly over ps, copies of one text counted once.
func NewBackground(ps []Profile) *Background {
	all := map[string][]Profile{}
	seen := map[uint64]bool{}
	for _, p := range ps {
		if seen[p.sum] {
			continue
		}
		seen[p.sum] = true
		l := baseLanguage(p.Lang)
		all[l] = append(all[l], p)
	}
	b := &Background{byLang: map[string][]Profile{}}
	for l, list := range all {
		n := min(len(list), backgroundPerLang)
		kept := make([]Profile, n)
		for i := range kept {
			kept[i] = list[i*len(list)/n]
		}
		b.byLang[l] = kept
	}
	return b
}

// Compare returns the signals of x and y, with their usual similarities
// when the background holds enough articles in both languages.
func (b *Background) Compare(x, y Profile) Signals {
	g := Compare(x, y)
	ux, okx := b.usual(x, y)
	uy, oky := b.usual(y, x)
	if okx && oky {
		g.Usual = &Usual{
			Cosine: (ux.Cosine + uy.Cosine) / 2,
			Grams:  (ux.Grams + uy.Grams) / 2,
			Names:  (ux.Names + uy.Names) / 2,
		}
	}
	return g
}

// usual returns the mean square roots of x's signals against the
// background articles in other's language, x and other left out.
func (b *Background) usual(x, other Profile) (Usual, bool) {
	var u Usual
	n := 0
	for _, p := range b.byLang[baseLanguage(other.Lang)] {
		if p.sum == x.sum || p.sum == other.sum {
			continue
		}
		g := Compare(x, p)
		u.Cosine += math.Sqrt(g.Cosine)
		u.Grams += math.Sqrt(g.Grams)
		u.Names += math.Sqrt(g.Names)
		n++
	}
	if n < minBackground {
		return Usual{}, false
	}
	k := float64(n)
	return Usual{u.Cosine / k, u.Grams / k, u.Names / k}, true
}

// baseLanguage is a language tag's language: "pt-BR" → "pt".
func baseLanguage(l string) string {
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return strings.ToLower(l)
}

// script names the script a language is written in, by its tag; Latin for
// the languages not listed. Unknown ("") is Latin too: most articles are.
func script(lang string) string {
	switch baseLanguage(lang) {
	case "zh", "ja":
		return "Han"
	case "ko":
		return "Hangul"
	case "ar", "fa", "ur", "ps":
		return "Arabic"
	case "ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg":
		return "Cyrillic"
	case "el":
		return "Greek"
	case "he", "yi":
		return "Hebrew"
	case "hi", "mr", "ne":
		return "Devanagari"
	case "th":
		return "Thai"
	case "ka":
		return "Georgian"
	case "hy":
		return "Armenian"
	}
	return "Latin"
}
