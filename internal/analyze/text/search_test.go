package text

import (
	"slices"
	"testing"
)

func TestSearchTermsMeetQueries(t *testing.T) {
	doc := SearchTerms("Venezuelans protest in Caracas as inflation reaches 1,200 per cent. Officials in Caracas said talks failed.", "en")
	for _, q := range []string{"venezuelan", "Caracas", "protests", "1200", "inflation"} {
		for _, term := range SearchTerms(q, "en") {
			if !slices.Contains(doc, term) {
				t.Errorf("query %q → term %q not among the document's terms %v", q, term, doc)
			}
		}
	}
	if n := len(doc); n != len(uniq(doc)) {
		t.Errorf("terms repeat: %v", doc)
	}
	for _, term := range doc {
		if IsName(term) {
			t.Errorf("a name marker reached the search terms: %q", term)
		}
	}
}

func uniq(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}
