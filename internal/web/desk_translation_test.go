package web_test

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/web"
)

// TestDeskShowsTranslatedTitles shows a Spanish source's title translated
// beside its original on the draft's page; a source not translated shows
// its original alone.
func TestDeskShowsTranslatedTitles(t *testing.T) {
	n := open(t, web.Options{})
	n.addUser("editor@example.org", beatdesk.RoleEditor, editorPassword)
	ctx := context.Background()
	const translated = `Families flee <Culiacán> after the clashes`
	d := sampleDraft(0)
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		src, err := tx.AddSource(ctx, beatdesk.Source{Name: "El Vigía", FeedURL: "https://elvigia.example/feed", Lang: "es", Country: "MX"})
		if err != nil {
			return err
		}
		for i := range d.Citations {
			c := &d.Citations[i]
			item, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: c.URL, URL: c.URL, Title: c.Title})
			if err != nil {
				return err
			}
			if c.ArticleID, _, err = tx.AddArticle(ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: c.URL, Title: c.Title,
				Text: c.Passage, Lang: c.Lang, Published: c.Published, FetchedAt: c.FetchedAt.Add(time.Minute)}); err != nil {
				return err
			}
		}
		return tx.SetArticleTranslation(ctx, d.Citations[0].ArticleID, store.Translation{Title: translated, By: "apertium", Lang: "en"})
	})
	if err != nil {
		t.Fatal(err)
	}
	id := n.addDraft(d)
	p := n.signIn("editor@example.org", editorPassword).get(draftURL(id))
	p.must(t, 200, html.EscapeString(translated), "title translated by apertium", html.EscapeString(hostileTitle), html.EscapeString(hostileOutlet), "Barrages sur l&#39;autoroute")
	p.mustNot(t, translated, `alert("title")`)
	if c := strings.Count(p.Body, "title translated by"); c != 1 {
		t.Errorf("%d translated titles on the page, want 1 (the French source has none)", c)
	}
}
