package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestProvenanceJSON: every reader gets the article's record (writer,
// model, prompt, sources consulted with their hashes, the citation
// check's findings, editor actions), never a word of the members-only
// text, and source URLs only at newsletter level and above. The article
// page's note links to it.
func TestProvenanceJSON(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := openOn(t, s, web.Options{BaseURL: "http://news.example"})
		d := sampleDraft(0)
		d.Writer = "openai:test-model"
		d.Provenance = beatdesk.Provenance{Writer: d.Writer, PromptVersion: "analysis-test", PromptHash: "abc123",
			Attempts: 2, InputTokens: 5100, OutputTokens: 900, CostUSD: 0.0123}
		for _, c := range d.Citations {
			d.Provenance.Consulted = append(d.Provenance.Consulted, beatdesk.Consulted{URL: c.URL, Outlet: c.Outlet,
				Lang: c.Lang, Published: c.Published, FetchedAt: c.FetchedAt, ContentHash: "hash-" + c.Lang, Cited: true})
		}
		d.Provenance.Consulted = append(d.Provenance.Consulted, beatdesk.Consulted{URL: "https://third.example/uncited",
			Outlet: "Third Outlet", Lang: "pt", ContentHash: "hash-pt"})
		slug := n.publish(d)

		n.browser().get("/article/"+slug).must(t, 200, "openai:test-model", "analysis-test", "3 source articles",
			`href="/articles/`+slug+`/provenance.json"`)

		for _, level := range []string{"", beatdesk.LevelSubscriber, beatdesk.LevelMember} {
			b := n.browser()
			if level != "" {
				signInAs(t, n, b, level+"@example.org", level)
			}
			p := b.get("/articles/" + slug + "/provenance.json")
			p.must(t, 200)
			p.mustNot(t, membersOnly...)
			p.mustNot(t, "Only members", "plaza bosses") // not even a fragment of the members' text
			var doc struct {
				Article struct {
					Headline    string `json:"headline"`
					AIGenerated bool   `json:"ai_generated"`
				} `json:"article"`
				Writer struct {
					Name, PromptVersion, PromptHash string
					InputTokens                     int     `json:"input_tokens"`
					CostUSD                         float64 `json:"cost_usd"`
				} `json:"writer"`
				Sources []struct {
					Outlet, URL, ContentHash string
					Cited                    bool
				} `json:"sources"`
				Verification struct {
					Claims, Supported int
					Findings          []struct {
						Section     string
						MembersOnly bool `json:"members_only"`
						Claim       string
					}
				} `json:"verification"`
				EditorActions []struct{ By, Action string } `json:"editor_actions"`
				LinksHidden   bool                          `json:"links_hidden"`
			}
			if err := json.Unmarshal([]byte(p.Body), &doc); err != nil {
				t.Fatalf("level %q: not JSON: %v\n%s", level, err, p.Body)
			}
			if doc.Article.Headline != d.Headline || !doc.Article.AIGenerated || doc.Writer.Name != "openai:test-model" ||
				doc.Writer.InputTokens != 5100 || doc.Writer.CostUSD != 0.0123 {
				t.Errorf("level %q: article %+v, writer %+v", level, doc.Article, doc.Writer)
			}
			if len(doc.Sources) != 3 || doc.Sources[2].Cited || doc.Sources[0].Outlet != hostileOutlet {
				t.Errorf("level %q: sources %+v", level, doc.Sources)
			}
			links := beatdesk.CanSeeSourceLinks(level)
			for _, src := range doc.Sources {
				if (src.URL != "") != links {
					t.Errorf("level %q: source %s has URL %q; links shown: %v", level, src.Outlet, src.URL, links)
				}
			}
			if doc.LinksHidden == links {
				t.Errorf("level %q: links_hidden %v", level, doc.LinksHidden)
			}
			public, members := 0, 0
			for _, f := range doc.Verification.Findings {
				switch {
				case f.MembersOnly && f.Claim != "":
					t.Errorf("level %q: members-only finding carries its claim %q", level, f.Claim)
				case f.MembersOnly:
					members++
				case f.Claim != "":
					public++
				}
			}
			if public != 2 || members != 2 || doc.Verification.Claims != 4 {
				t.Errorf("level %q: %d public and %d members-only findings of %d claims", level, public, members, doc.Verification.Claims)
			}
			if len(doc.EditorActions) != 2 || doc.EditorActions[0].By != "system" || doc.EditorActions[1].By != "editor" ||
				doc.EditorActions[1].Action != beatdesk.DraftPublished {
				t.Errorf("level %q: editor actions %+v", level, doc.EditorActions)
			}
			if strings.Contains(p.Body, "editor@example.org") {
				t.Errorf("level %q: the record names the editor's account", level)
			}
		}
		n.browser().get("/articles/no-such-article/provenance.json").must(t, 404)
	})
}

// signInAs gives b a session as a reader at level, through a sign-in
// link as the reader would.
func signInAs(t *testing.T, n *newsroom, b *browser, email, level string) {
	t.Helper()
	ctx := context.Background()
	token := "token-for-" + strings.NewReplacer("@", "-", ".", "-").Replace(email) + "-0123456789"
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.AddMember(ctx, email, level)
		if err != nil {
			return err
		}
		return tx.AddSignInToken(ctx, m.ID, token, time.Hour)
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := b.get("/signin/" + token); p.Status != 303 {
		t.Fatalf("sign-in as %s: %d\n%s", level, p.Status, p.Body)
	}
}
