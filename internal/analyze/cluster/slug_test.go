package cluster

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSlugWords(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want []string
	}{
		{"http://www.bloomberg.com/news/2014-03-11/sac-capital-to-rename-as-point72-asset-management-memo-says.html",
			[]string{"sac", "capital", "to", "rename", "as", "asset", "management", "memo", "says"}},
		// A year kept, a long id dropped, the query not read.
		{"http://www.example.com/2014/05/american-idol-2014-finale-recap-1226886303843/?utm_source=rss",
			[]string{"american", "idol", "2014", "finale", "recap"}},
		// The UCI set keeps the feed's backslash before a query; a short
		// number is kept, whatever it counts.
		{`http://www.latimes.com/business/la-fi-mo-federal-reserve-plosser-stimulus-economy-20140310,0,1312750.story\?track=rss`,
			[]string{"la", "fi", "mo", "federal", "reserve", "plosser", "stimulus", "economy", "0"}},
		{"https://example.es/mundo/terremoto-sacude-el-sur-de-m%C3%A9xico", []string{"terremoto", "sacude", "el", "sur", "de", "méxico"}},
		// No segment of three words: a section and an id say nothing.
		{"http://www.capitalfm.co.ke/news/2014/03/71699/", nil},
		{"http://example.com/tech-news/", nil},
		{"example.com", nil},
		{"", nil},
		{"http://example.com/a-b-c#x-y-z-w-v", []string{"a", "b", "c"}},
	} {
		if got := SlugWords(tc.url); !slices.Equal(got, tc.want) {
			t.Errorf("SlugWords(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
	// A hostile address is read only so far, and gives only so many words.
	long := "http://example.com/" + strings.Repeat("word-", 100_000)
	if got := SlugWords(long); len(got) != slugWords {
		t.Errorf("an address of %d bytes gave %d words, want %d", len(long), len(got), slugWords)
	}
}

// TestHeadlineReadsItsAddress checks that a headline alone gains the
// words of its address, and that a full article does not.
func TestHeadlineReadsItsAddress(t *testing.T) {
	ix := NewIndex()
	at := time.Date(2014, 5, 22, 0, 0, 0, 0, time.UTC)
	const addr = "http://www.example.com/2014/05/caleb-johnson-wins-american-idol-finale/"
	head := Doc{Title: "The winner is crowned", URL: addr, Lang: "en", Published: at}
	v := ix.Add(head)
	if !hasStem(v, "caleb") || !hasStem(v, "idol") {
		t.Errorf("headline with address: terms %v, want the address's words (caleb, idol) among them", KeyTerms(v, 20))
	}
	full := head
	full.Text = "The season ended on Wednesday night after a long run of live shows."
	if v := ix.Add(full); hasStem(v, "caleb") {
		t.Errorf("full article: terms %v include the address's words; its text says enough", KeyTerms(v, 20))
	}
}

// hasStem reports whether v holds a term that starts with the word's
// stem, written as a name or not.
func hasStem(v map[string]float64, word string) bool {
	for term := range v {
		if strings.HasPrefix(strings.TrimPrefix(term, "@"), word[:4]) {
			return true
		}
	}
	return false
}
