package site

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/store"
)

// maxQuery caps a search query, in bytes; a longer one is cut.
const maxQuery = 200

// searchResults is how many articles a search shows.
const searchResults = 30

// search serves GET /search?q=...: published articles holding every word
// of the query (stems and numbers matched as the site indexes them), newest
// first. Articles are indexed by their public text only, and each result's
// snippet comes from it, so no reader learns members-only words here.
func (s *Site) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > maxQuery {
		q = q[:maxQuery]
		for !utf8.ValidString(q) {
			q = q[:len(q)-1]
		}
	}
	terms := text.SearchTerms(q, s.SiteLang)
	var found []beatdesk.Draft
	if len(terms) > 0 {
		err := s.Store.View(r.Context(), func(tx *store.Tx) (err error) {
			found, err = tx.SearchPublished(r.Context(), terms, searchResults)
			return err
		})
		if err != nil {
			return err
		}
	}
	results := s.teasers(found)
	for i, d := range found {
		results[i].Dek = snippet(d, q)
	}
	title := "Search"
	if q != "" {
		title = "Search: " + q
	}
	return s.Render(w, r, http.StatusOK, "site/search", title, struct {
		Query   string
		Asked   bool
		Results []teaser
	}{q, len(terms) > 0, results})
}

// snippet is the sentence of the article's public text that best shows
// why it matched: the first holding a word of the query, else the dek.
func snippet(d beatdesk.Draft, q string) string {
	public := strings.TrimPrefix(d.PublicText(), d.Headline+"\n\n")
	words := strings.Fields(strings.ToLower(q))
	for _, line := range strings.Split(public, "\n") {
		lower := strings.ToLower(line)
		for _, w := range words {
			if len(w) > 2 && strings.Contains(lower, w) {
				return clip(line, 240)
			}
		}
	}
	return clip(strings.SplitN(public, "\n", 2)[0], 240)
}

// clip shortens s to about n bytes at a word boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut < n/2 {
		cut = n
		for !utf8.ValidString(s[:cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}
