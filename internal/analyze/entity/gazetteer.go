package entity

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

//go:embed gazetteer.txt
var gazetteerText string

// A Place is somewhere a text can mention: a country, a city, or an area
// (a province, a disputed territory, a sea, a region such as the Sahel).
type Place struct {
	Name    string // English name, e.g. "Culiacán", "Mexico", "Gaza"
	Country string // ISO 3166-1 alpha-2; "" for contested or multi-country areas
	Region  string // slug of one of beatdesk.Regions
	Kind    string // "country", "city" or "area"
}

// A name is one way of writing one or more places, as folded tokens with
// the case each token must have in the text.
type name struct {
	toks   []string // folded tokens
	caps   []bool   // token must begin upper-case in the text (cased scripts)
	exact  []string // raw tokens the text must match exactly, or nil
	person bool     // also a first name: skip when a capitalised word follows
	run    int      // script run of the first token (see scriptRun)
	places []int32  // indexes into gazetteer.places; the first is the default
}

// gazetteer is the built index.
type gazetteer struct {
	places []Place
	// index maps a folded first token to the names that start with it,
	// longest first, so the first that fits is the longest match.
	index map[string][]*name
}

// theGazetteer is built on first use (about 60 ms); packages that only
// need CountryRegion never pay it.
var theGazetteer = sync.OnceValue(func() *gazetteer {
	g, err := build(gazetteerText)
	if err != nil {
		panic(err) // the embedded file is checked by TestGazetteerBuilds
	}
	return g
})

// build makes the index from CLDR country names and the gazetteer text.
func build(text string) (*gazetteer, error) {
	b := builder{
		g:       &gazetteer{index: make(map[string][]*name, 16384)},
		byKey:   make(map[string]*name, 16384),
		country: make(map[string]int32, 256),
	}
	for _, code := range Countries() {
		b.country[code] = b.add(Place{Name: CountryName(code, "en"), Country: code, Region: countryRegion[code], Kind: "country"})
	}
	for _, code := range Countries() {
		if en := CountryName(code, "en"); !slices.Contains(displayDeny[code], en) {
			b.alias(b.country[code], en)
		}
		if displaySkip[code] {
			continue
		}
		for _, lang := range displayLangs {
			n := displayName(code, language.MustParse(lang))
			for _, a := range displayAliases(code, n) {
				if !slices.Contains(displayDeny[code], a) {
					b.alias(b.country[code], a)
				}
			}
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if err := b.line(line); err != nil {
			return nil, fmt.Errorf("gazetteer.txt line %d: %w", i+1, err)
		}
	}
	for _, list := range b.g.index {
		slices.SortStableFunc(list, func(a, b *name) int { return len(b.toks) - len(a.toks) })
	}
	return b.g, nil
}

type builder struct {
	g       *gazetteer
	byKey   map[string]*name
	country map[string]int32
	scratch tokens
}

func (b *builder) add(p Place) int32 {
	b.g.places = append(b.g.places, p)
	return int32(len(b.g.places) - 1)
}

// line reads one line of gazetteer.txt.
func (b *builder) line(line string) error {
	line = strings.TrimSpace(line)
	if line == "" || line[0] == '#' {
		return nil
	}
	fields := strings.Split(line, "|")
	head := strings.Fields(fields[0])
	aliases := fields[1:]
	if len(head) < 2 || len(aliases) == 0 {
		return fmt.Errorf("want \"KIND CODE [REGION] | name | alias...\", got %q", line)
	}
	kind, code := head[0], head[1]
	var p int32
	switch kind {
	case "country":
		c, ok := b.country[code]
		if !ok {
			return fmt.Errorf("unknown country code %q", code)
		}
		p = c
	case "city", "area":
		pl := Place{Kind: kind, Name: strings.TrimLeft(strings.TrimSpace(aliases[0]), "=~!")}
		if code == "-" {
			if len(head) != 3 {
				return fmt.Errorf("a place with no country needs a region: %q", line)
			}
			pl.Region = head[2]
		} else {
			region, ok := countryRegion[code]
			if !ok {
				return fmt.Errorf("unknown country code %q", code)
			}
			pl.Country, pl.Region = code, region
		}
		if _, ok := regionCountries[pl.Region]; !ok {
			return fmt.Errorf("unknown region %q", pl.Region)
		}
		p = b.add(pl)
	default:
		return fmt.Errorf("kind must be country, city or area, not %q", kind)
	}
	for _, a := range aliases {
		for _, x := range expand(strings.TrimSpace(a)) {
			b.alias(p, x)
		}
	}
	return nil
}

// expand applies one brace group: "mexican{o,a}" → mexicano, mexicana.
func expand(a string) []string {
	open := strings.IndexByte(a, '{')
	close := strings.IndexByte(a, '}')
	if open < 0 || close < open {
		return []string{a}
	}
	var out []string
	for _, alt := range strings.Split(a[open+1:close], ",") {
		out = append(out, a[:open]+alt+a[close+1:])
	}
	return out
}

// alias records that text a (with its marks) names place p.
func (b *builder) alias(p int32, a string) {
	mode := byte(0)
	if a != "" && strings.IndexByte("=~!", a[0]) >= 0 {
		mode, a = a[0], a[1:]
	}
	t := &b.scratch
	t.tokenize(a)
	if len(t.list) == 0 {
		return
	}
	// One Han or kana character is too short to be a name on its own.
	if len(t.list) == 1 && single(firstRune(t.key(0))) {
		return
	}
	n := &name{toks: make([]string, len(t.list)), caps: make([]bool, len(t.list))}
	for i, tk := range t.list {
		n.toks[i] = t.key(i)
		n.caps[i] = mode != '~' && tk.cased && tk.upper
	}
	if mode == '=' {
		n.exact = make([]string, len(t.list))
		for i, tk := range t.list {
			n.exact[i] = a[tk.rawStart:tk.rawEnd]
		}
	}
	n.person = mode == '!'
	n.run = scriptRun(firstRune(n.toks[0]))
	key := strings.Join(n.toks, "\x00")
	if old, ok := b.byKey[key]; ok {
		old.merge(n, p)
		return
	}
	n.places = []int32{p}
	b.byKey[key] = n
	b.g.index[n.toks[0]] = append(b.g.index[n.toks[0]], n)
}

// merge folds a second spelling of the same tokens into n. The stricter
// case rule wins, so an acronym never becomes matchable in lower case.
func (n *name) merge(other *name, p int32) {
	if !slices.Contains(n.places, p) {
		n.places = append(n.places, p)
	}
	for i := range n.caps {
		n.caps[i] = n.caps[i] || other.caps[i]
	}
	if n.exact == nil {
		n.exact = other.exact
	}
	n.person = n.person || other.person
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}
