package text

import "strings"

// SearchTerms returns the distinct terms under which a text is indexed for
// search, and by which a query is looked up: the same words, stems and
// numbers as Terms, without the name marker, and for a name also the stem
// of its word, so "Venezuelans" in a headline and "venezuelan" typed in a
// search box meet. Order is first appearance.
func SearchTerms(s, lang string) []string {
	st := newStemmer(baseLang(lang))
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range Terms(s, lang) {
		if IsName(t) {
			name := strings.TrimPrefix(t, NamePrefix)
			add(name)
			if st != nil && !strings.ContainsAny(name, " ") {
				add(st.Stem(name))
			}
			continue
		}
		add(t)
	}
	return out
}
