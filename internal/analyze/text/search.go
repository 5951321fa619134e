package text

import (
	"strings"

	"beatdesk"
)

// PublishedTerms are the terms a published article is found by: those
// of its public text only (beatdesk.Draft.PublicText), so a search can
// neither match nor reveal members-only words. lang is the site's
// language, in which readers' queries are read too (see SearchTerms).
func PublishedTerms(d beatdesk.Draft, lang string) []string {
	return SearchTerms(d.PublicText(), lang)
}

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
