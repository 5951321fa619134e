package extractive

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

func write(t *testing.T, lang string, articles []beatdesk.Article) beatdesk.Draft {
	t.Helper()
	d, err := Write(Input{Persona: testPersona, Story: testStory, Articles: articles, Lang: lang, Now: testNow})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if testing.Verbose() {
		t.Log("\n" + render(d))
	}
	return d
}

// render prints a draft the way an editor would read it.
func render(d beatdesk.Draft) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n%s\n", d.Headline, d.Dek)
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "\n## %s (members only: %v)\n", s.Title, s.MembersOnly)
		for _, p := range s.Paragraphs {
			fmt.Fprintf(&b, "%s\n\n", p)
		}
	}
	for _, c := range d.Citations {
		fmt.Fprintf(&b, "[%d] %s, %s (%s)\n", c.N, c.Outlet, c.Title, c.Published.Format(time.DateOnly))
	}
	return b.String()
}

// checkDraft asserts what every extractive draft must be.
func checkDraft(t *testing.T, d beatdesk.Draft, articles []beatdesk.Article, titles map[string]bool) {
	t.Helper()
	if err := d.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if d.Writer != "extractive" || d.PersonaSlug != testPersona.Slug || d.StoryID != testStory.ID || d.Region != "latin-america" {
		t.Errorf("Writer %q, PersonaSlug %q, StoryID %d, Region %q", d.Writer, d.PersonaSlug, d.StoryID, d.Region)
	}

	// Every claim passes the verifier.
	for _, f := range cite.Verify(&d) {
		if !f.Supported {
			t.Errorf("unsupported (section %d): %s\n  reason: %s", f.Section, f.Claim, f.Reason)
		}
	}
	if d.Unsupported() != 0 || len(d.Findings) == 0 {
		t.Errorf("draft carries %d findings, %d unsupported", len(d.Findings), d.Unsupported())
	}

	// Shape: three sections or more, public and members-only, titled
	// from the vocabulary; paragraphs of one to three sentences.
	var public, members int
	for _, s := range d.Sections {
		if !titles[s.Title] {
			t.Errorf("section title %q is not in the vocabulary", s.Title)
		}
		if s.MembersOnly {
			members++
		} else {
			public++
		}
		for _, p := range s.Paragraphs {
			if n := len(cite.Sentences(p)); n < 1 || n > 3 {
				t.Errorf("paragraph of %d sentences in %q: %s", n, s.Title, p)
			}
		}
	}
	if len(d.Sections) < 3 || public == 0 || members == 0 {
		t.Errorf("%d sections (%d public, %d members-only), want at least 3 with both kinds", len(d.Sections), public, members)
	}
	if n := len(cite.Sentences(d.Dek)); n < 1 || n > 2 {
		t.Errorf("dek has %d sentences", n)
	}

	// Citations: 1..n in first-use order, one per article, each passage
	// the article's quoted paragraphs, at least 3 of them and 2 outlets.
	var text strings.Builder
	text.WriteString(d.Dek)
	for _, s := range d.Sections {
		for _, p := range s.Paragraphs {
			text.WriteString(" " + p)
		}
	}
	next := 1
	for _, n := range beatdesk.CiteMarkers(text.String()) {
		if n == next {
			next++
		} else if n > next {
			t.Errorf("citation [%d] is used before [%d]", n, next)
		}
	}
	if len(d.Citations) != next-1 {
		t.Errorf("%d citations, %d used", len(d.Citations), next-1)
	}
	byID := map[int64]beatdesk.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	for i, c := range d.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d numbered %d", i+1, c.N)
		}
		if ownEarlier(c) {
			continue // checked by TestMemory
		}
		a, ok := byID[c.ArticleID]
		if !ok {
			t.Errorf("citation [%d] points at unknown article %d", c.N, c.ArticleID)
			continue
		}
		if c.Outlet != a.Outlet || c.URL != a.URL || c.Lang != a.Lang || !c.Published.Equal(a.Published) || !c.FetchedAt.Equal(a.FetchedAt) {
			t.Errorf("citation [%d] does not describe article %d: %+v", c.N, a.ID, c)
		}
	}
	if len(d.Citations) < 3 || len(d.Outlets()) < 2 {
		t.Errorf("%d citations from %d outlets, want at least 3 and 2", len(d.Citations), len(d.Outlets()))
	}
	checkOneCitationPerArticle(t, d, articles)
}

func titlesOf(lang string) map[string]bool {
	v := vocabularyFor(lang)
	return map[string]bool{v.happened: true, v.numbers: true, v.why: true, v.background: true, v.watch: true, v.since: true}
}

func TestWriteEnglish(t *testing.T) {
	d := write(t, "en", testArticles)
	checkDraft(t, d, testArticles, titlesOf("en"))
	englishTitles := map[string]bool{
		"Fighting in Mexico's Sinaloa highlands forces 1,340 from their homes": true,
		"Sinaloa shelters strain as displaced count rises to 1,412":            true,
	}
	if !englishTitles[d.Headline] {
		t.Errorf("headline %q is not an English source title", d.Headline)
	}
	all := d.Dek
	for _, s := range d.Sections {
		all += strings.Join(s.Paragraphs, " ")
	}
	if strings.Contains(all, "«") && !strings.Contains(all, "(in Spanish)") {
		t.Error("a Spanish quote is not labelled (in Spanish)")
	}
	if strings.Contains(all, "Read more") {
		t.Error("page furniture was quoted")
	}
	if got := d.Sections[0].Title; got != "What happened" || d.Sections[0].MembersOnly {
		t.Errorf("first section %q (members %v), want public What happened", got, d.Sections[0].MembersOnly)
	}
	if want := []string{"Sinaloa", "Culiacán", "Tamazula", "Durango", "Mexico"}; !reflect.DeepEqual(d.Places, want) {
		t.Errorf("Places = %q, want %q", d.Places, want)
	}
}

func TestWriteSpanish(t *testing.T) {
	d := write(t, "es", testArticles)
	checkDraft(t, d, testArticles, titlesOf("es"))
	if d.Headline != "Más de 1.300 desplazados por la violencia en la sierra de Sinaloa" &&
		d.Headline != "Sinaloa abrirá tres albergues más para familias desplazadas" {
		t.Errorf("headline %q is not a Spanish source title without its outlet", d.Headline)
	}
	if !strings.HasPrefix(d.Dek, "Según ") && !strings.Contains(d.Dek, "informó") && !strings.Contains(d.Dek, "publicó") {
		t.Errorf("dek is not attributed in Spanish: %s", d.Dek)
	}
	for _, s := range d.Sections {
		for _, p := range s.Paragraphs {
			if strings.Contains(p, "Gulf Wire") && !strings.Contains(p, "(en inglés)") {
				t.Errorf("English quote not labelled (en inglés): %s", p)
			}
		}
	}
}

// Background opens with the timeline: one source per paragraph, in
// publication order, dated with the source's own date, one entry for
// each source.
func TestChronology(t *testing.T) {
	d := write(t, "en", testArticles)
	var background *beatdesk.Section
	for i := range d.Sections {
		if d.Sections[i].Title == "Background" {
			background = &d.Sections[i]
		}
	}
	if background == nil || !background.MembersOnly {
		t.Fatalf("no members-only Background section: %+v", d.Sections)
	}
	var chron []string
	for _, p := range background.Paragraphs {
		if !strings.HasPrefix(p, "On 1") {
			break // the context after the timeline
		}
		chron = append(chron, p)
	}
	if len(chron) != len(testArticles) {
		t.Errorf("the timeline has %d entries, want one for each of the %d sources: %q", len(chron), len(testArticles), background.Paragraphs)
	}
	var last time.Time
	for _, p := range chron {
		ns := beatdesk.CiteMarkers(p)
		c := d.Citations[ns[0]-1]
		if c.Published.Before(last) {
			t.Errorf("chronology out of order at %s", p)
		}
		last = c.Published
		if want := fmt.Sprintf("On %d November, %s", c.Published.Day(), c.Outlet); !strings.HasPrefix(p, want) {
			t.Errorf("paragraph %q should start %q", p, want)
		}
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	a := write(t, "en", testArticles)
	reversed := make([]beatdesk.Article, len(testArticles))
	for i, x := range testArticles {
		reversed[len(testArticles)-1-i] = x
	}
	for range 3 {
		b := write(t, "en", reversed)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two writes differ:\n%s\n----\n%s", render(a), render(b))
		}
	}
}

func TestWriteNeedsMaterial(t *testing.T) {
	thin := []beatdesk.Article{{
		ID: 1, Outlet: "Gulf Wire", Lang: "en", URL: "https://gulfwire.example/a",
		Title: "Short item", Text: "Police said two men were arrested in Culiacán on Tuesday night.\n\nMore soon.",
	}}
	_, err := Write(Input{Story: testStory, Articles: thin, Now: testNow})
	if !errors.Is(err, beatdesk.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if msg := beatdesk.Message(err); !strings.Contains(msg, "only 1 quotable sentences") || !strings.Contains(msg, "at least 3") {
		t.Errorf("message does not say what is missing: %q", msg)
	}
	_, err = Write(Input{Story: testStory, Now: testNow})
	if !errors.Is(err, beatdesk.ErrInvalid) || !strings.Contains(beatdesk.Message(err), "no article") {
		t.Errorf("no articles: err = %v", err)
	}
}

// A story from one article still gets a draft, with one citation whose
// passage holds the several paragraphs it quotes.
func TestWriteSingleOutlet(t *testing.T) {
	d := write(t, "en", testArticles[1:2])
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Unsupported() != 0 || len(d.Outlets()) != 1 || len(d.Citations) != 1 {
		t.Errorf("%d unsupported, outlets %v, %d citations", d.Unsupported(), d.Outlets(), len(d.Citations))
	}
	checkOneCitationPerArticle(t, d, testArticles[1:2])
	if n := len(strings.Split(d.Citations[0].Passage, "\n\n")); n < 3 {
		t.Errorf("the citation's passage holds %d paragraphs, want the 3 or more the draft quotes", n)
	}
}

func TestUsable(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"At least 1,340 people have fled villages in the highlands since Tuesday.", true},
		{"«No vamos a abandonar a las familias de la sierra», dijo la gobernadora ante los desplazados.", true},
		{"Read more: Mexico's cartel wars explained.", false},
		{"Who will pay for the shelters in Culiacán this winter?", false},
		{"Shelters strain as displaced count rises", false},
		{"and then the convoy left the town before dawn on Friday.", false},
		{"He said \"we will not abandon the families of the sierra.", false},
		{"Too short to quote.", false},
		{"Subscribe to our newsletter for daily updates from the region.", false},
	}
	for _, tt := range tests {
		if got := usable(tt.s); got != tt.want {
			t.Errorf("usable(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestWriteFrenchAndPortuguese(t *testing.T) {
	for _, lang := range []string{"fr", "pt"} {
		t.Run(lang, func(t *testing.T) {
			d := write(t, lang, testArticles)
			checkDraft(t, d, testArticles, titlesOf(lang))
			label := map[string]string{"fr": "(en espagnol)", "pt": "(em espanhol)"}[lang]
			if !strings.Contains(render(d), label) {
				t.Errorf("no %s label for Spanish quotes", label)
			}
		})
	}
}

var quotedClaim = regexp.MustCompile(`(?s)(“|«)(.*)(”|») \[(\d+)\]$`)

// checkOneCitationPerArticle asserts the source list a reader sees: one
// citation per article, whose Passage is the article's quoted paragraphs,
// each exact and in article order, and every quoted sentence of the draft
// found word for word in one paragraph of the passage its marker points to.
func checkOneCitationPerArticle(t *testing.T, d beatdesk.Draft, articles []beatdesk.Article) {
	t.Helper()
	byID := map[int64]beatdesk.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	seen := map[int64]int{}
	for _, c := range d.Citations {
		if n, dup := seen[c.ArticleID]; dup {
			t.Errorf("citations [%d] and [%d] are the same article %d", n, c.N, c.ArticleID)
		}
		seen[c.ArticleID] = c.N
		if ownEarlier(c) {
			continue // its passage is its headline; checked by TestMemory
		}
		paras := cite.Paragraphs(byID[c.ArticleID].Text)
		last := -1
		for _, p := range strings.Split(c.Passage, "\n\n") {
			i := slices.Index(paras, p)
			switch {
			case i < 0:
				t.Errorf("citation [%d]: %q is not a paragraph of article %d", c.N, p, c.ArticleID)
			case i <= last:
				t.Errorf("citation [%d]: paragraph %d comes after paragraph %d; the passage must follow the article's order", c.N, i, last)
			}
			last = max(last, i)
		}
	}

	// Every sentence the writer composes ends in one marker, so the text
	// between markers is one claim.
	used := map[int]map[string]bool{}
	var texts []string
	texts = append(texts, d.Dek)
	for _, s := range d.Sections {
		texts = append(texts, s.Paragraphs...)
	}
	claims := 0
	for _, text := range texts {
		for _, claim := range claimsOf(text) {
			m := quotedClaim.FindStringSubmatch(claim)
			if m == nil {
				t.Errorf("claim is not a quoted sentence with one marker: %q", claim)
				continue
			}
			claims++
			n, _ := strconv.Atoi(m[4])
			if n < 1 || n > len(d.Citations) {
				t.Errorf("claim cites [%d], outside the source list: %q", n, claim)
				continue
			}
			found := false
			for _, p := range strings.Split(d.Citations[n-1].Passage, "\n\n") {
				if strings.Contains(p, m[2]) {
					found = true
					if used[n] == nil {
						used[n] = map[string]bool{}
					}
					used[n][p] = true
				}
			}
			if !found {
				t.Errorf("quote is not word for word in one paragraph of citation [%d]: %q", n, m[2])
			}
		}
	}
	if claims == 0 {
		t.Error("no quoted claims found in the draft")
	}
	// And no paragraph is in a passage that the draft does not quote.
	for _, c := range d.Citations {
		for _, p := range strings.Split(c.Passage, "\n\n") {
			if !used[c.N][p] {
				t.Errorf("citation [%d] carries a paragraph no sentence quotes: %q", c.N, p)
			}
		}
	}
}

// ownEarlier reports whether c is the correspondent's own earlier
// article, which memory links, rather than a source article.
func ownEarlier(c beatdesk.Citation) bool {
	return c.ArticleID == 0 && strings.HasPrefix(c.URL, EarlierURL(""))
}

var marker = regexp.MustCompile(`\[\d+\]`)

// claimsOf splits text after each citation marker.
func claimsOf(text string) []string {
	var out []string
	start := 0
	for _, loc := range marker.FindAllStringIndex(text, -1) {
		out = append(out, strings.TrimSpace(text[start:loc[1]]))
		start = loc[1]
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// The dek and the first sentence of What happened are in the publication
// language whenever a source in it has a sentence to quote, even when
// most sources, and the most central sentences, are in another; only
// when none is does the dek fall back to another language, labelled.
func TestLeadInPublicationLanguage(t *testing.T) {
	byID := map[int64]beatdesk.Article{}
	for _, a := range testArticles {
		byID[a.ID] = a
	}
	pick := func(ids ...int64) []beatdesk.Article {
		var out []beatdesk.Article
		for _, id := range ids {
			out = append(out, byID[id])
		}
		return out
	}
	tests := []struct {
		lang     string
		articles []beatdesk.Article
		want     string // the language of the dek's source
		label    string // the dek's language label, "" for none
	}{
		{"en", pick(101, 103, 102), "en", ""},       // two Spanish sources, one English
		{"en", pick(101, 103, 104), "en", ""},       // the other English one
		{"es", pick(102, 104, 103), "es", ""},       // two English sources, one Spanish
		{"fr", testArticles, "", "(en "},            // no French source: labelled
		{"pt", pick(102, 104), "en", "(em inglês)"}, // no Portuguese source
	}
	for _, tt := range tests {
		d := write(t, tt.lang, tt.articles)
		lead := []string{d.Dek}
		if d.Sections[0].Title != vocabularyFor(tt.lang).happened {
			t.Fatalf("%s: first section is %q", tt.lang, d.Sections[0].Title)
		}
		lead = append(lead, claimsOf(d.Sections[0].Paragraphs[0])[0])
		for i, claim := range lead {
			ns := beatdesk.CiteMarkers(claim)
			got := d.Citations[ns[0]-1].Lang
			if tt.want != "" && got != tt.want {
				t.Errorf("%s site, sources %v: lead sentence %d is in %q, want %q: %s", tt.lang, langsOf(tt.articles), i, got, tt.want, claim)
			}
			frame := claim[:strings.IndexAny(claim, "“«")] // the writer's words before the quote
			if i == 0 && tt.label != "" && !strings.Contains(frame, tt.label) {
				t.Errorf("%s site: the dek in another language is not labelled %q: %s", tt.lang, tt.label, claim)
			}
			if i == 0 && tt.label == "" && strings.Contains(frame, "(") {
				t.Errorf("%s site: the dek carries a language label: %s", tt.lang, claim)
			}
		}
	}
}

func langsOf(articles []beatdesk.Article) []string {
	var out []string
	for _, a := range articles {
		out = append(out, a.Lang)
	}
	return out
}
