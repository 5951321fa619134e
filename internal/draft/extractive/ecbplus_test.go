package extractive

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// TestECBPlusStories writes a draft for every story (gold cluster) of the
// ECB+ dev set, real English news about 66 events, and requires every
// claim of every draft to pass the citation verifier.
func TestECBPlusStories(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation data run; skipped with -short")
	}
	path := filepath.Join("..", "..", "..", "..", "shared", "data", "ecbplus-events", "ecbplus.dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("ECB+ data not available (%v); it lives in ../shared/data/ecbplus-events", err)
	}
	defer f.Close()
	type doc struct {
		DocID   string  `json:"doc_id"`
		Cluster string  `json:"cluster"`
		URL     *string `json:"url"`
		Text    string  `json:"text"`
	}
	clusters := map[string][]doc{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		clusters[d.Cluster] = append(clusters[d.Cluster], d)
	}
	var names []string
	for k := range clusters {
		names = append(names, k)
	}
	sort.Strings(names)

	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	var drafts, thin, findings, unsupported, citations, outlets, sections int
	var elapsed time.Duration
	var candidateCount, rejected int
	tried, caught := map[string]int{}, map[string]int{}
	for ci, name := range names {
		var articles []beatdesk.Article
		for i, d := range clusters[name] {
			a := beatdesk.Article{
				ID: int64(ci*1000 + i + 1), Lang: "en", Text: ecbParagraphs(d.Text),
				Outlet:    fmt.Sprintf("Newswire %d", i+1),
				URL:       "https://news.example/" + d.DocID,
				Published: base.Add(time.Duration(ci*24+i) * time.Hour),
			}
			if d.URL != nil {
				if u, err := url.Parse(*d.URL); err == nil && u.Hostname() != "" {
					a.Outlet = strings.TrimPrefix(u.Hostname(), "www.")
					a.URL = *d.URL
				}
				// ecbplus texts open with the headline.
				lines := strings.SplitN(d.Text, "\n", 2)
				a.Title = lines[0]
			}
			articles = append(articles, a)
		}
		srcs := sources(articles)
		cands := candidates(srcs, vocabularyFor("en"))
		kept := verifiable(cands, srcs, vocabularyFor("en"))
		candidateCount += len(cands)
		rejected += len(cands) - len(kept)
		if os.Getenv("SHOW_REJECTED") != "" {
			ok := map[*candidate]bool{}
			for _, c := range kept {
				ok[c] = true
			}
			for _, c := range cands {
				if !ok[c] {
					t.Logf("rejected: %s", c.text)
				}
			}
		}
		start := time.Now()
		dr, err := Write(Input{Persona: testPersona, Story: beatdesk.Story{ID: int64(ci + 1), Region: "world"}, Articles: articles, Now: base})
		elapsed += time.Since(start)
		if errors.Is(err, beatdesk.ErrInvalid) {
			thin++
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		drafts++
		if err := dr.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, fd := range cite.Verify(&dr) {
			findings++
			if !fd.Supported {
				unsupported++
				t.Errorf("%s: unsupported: %s\n  reason: %s", name, fd.Claim, fd.Reason)
			}
		}
		check := cite.NewChecker(dr.Citations)
		for _, fd := range cite.Verify(&dr) {
			for kind, m := range mutations {
				if bad, ok := m(fd.Claim); ok {
					tried[kind]++
					if check.Check(bad).Supported {
						t.Errorf("%s mutation passed the verifier: %s", kind, bad)
					} else {
						caught[kind]++
					}
				}
			}
		}
		citations += len(dr.Citations)
		outlets += len(dr.Outlets())
		sections += len(dr.Sections)
	}
	t.Logf("ECB+ dev: %d stories, %d drafts, %d too thin; %d claims, %d unsupported; per draft %.1f citations, %.1f outlets, %.1f sections; %v per draft",
		len(names), drafts, thin, findings, unsupported,
		float64(citations)/float64(drafts), float64(outlets)/float64(drafts), float64(sections)/float64(drafts),
		elapsed/time.Duration(len(names)))
	t.Logf("%d of %d quotable sentences rejected by the verifier", rejected, candidateCount)
	for _, kind := range []string{"number", "name", "word"} {
		t.Logf("%s changed: %d of %d caught", kind, caught[kind], tried[kind])
	}
	if drafts < len(names)*9/10 {
		t.Errorf("only %d of %d stories gave a draft", drafts, len(names))
	}
}

// ecbParagraphs turns ECB+ text (one sentence a line) into paragraphs of
// three sentences, the shape extracted article text has.
func ecbParagraphs(text string) string {
	lines := strings.Split(text, "\n")
	var paras []string
	for i := 0; i < len(lines); i += 3 {
		paras = append(paras, strings.Join(lines[i:min(i+3, len(lines))], " "))
	}
	return strings.Join(paras, "\n\n")
}

// mutations change one thing in a supported claim, the way a careless
// writer or a model would: a digit, a name, a dropped word inside the quote.
var mutations = map[string]func(string) (string, bool){
	"number": func(s string) (string, bool) {
		q := strings.IndexAny(s, "“«")
		if q < 0 {
			return "", false
		}
		for i := q; i < len(s); i++ {
			if s[i] >= '0' && s[i] <= '9' && !strings.HasPrefix(s[i-1:], "[") {
				if strings.LastIndex(s[:i], "[") > strings.LastIndex(s[:i], "]") {
					return "", false // inside the citation marker
				}
				return s[:i] + string('0'+(s[i]-'0'+1)%10) + s[i+1:], true
			}
		}
		return "", false
	},
	"name": func(s string) (string, bool) {
		q := strings.IndexAny(s, "“«")
		if q < 0 {
			return "", false
		}
		ws := strings.Fields(s[q:])
		for i := 1; i < len(ws); i++ {
			w := strings.Trim(ws[i], ".,;:\"'”»()")
			if len(w) > 3 && w[0] >= 'A' && w[0] <= 'Z' && w != "Zubiría" {
				return s[:q] + strings.Replace(s[q:], w, "Zubiría", 1), true
			}
		}
		return "", false
	},
	"word": func(s string) (string, bool) {
		q := strings.IndexAny(s, "“«")
		if q < 0 {
			return "", false
		}
		ws := strings.Fields(s[q:])
		for i := 2; i < len(ws)-2; i++ {
			if len(ws[i]) > 5 && strings.ToLower(ws[i]) == ws[i] {
				return s[:q] + strings.Join(append(append([]string{}, ws[:i]...), ws[i+1:]...), " "), true
			}
		}
		return "", false
	},
}
