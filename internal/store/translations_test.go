package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestArticleTranslation stores a Spanish article's translated title and
// lead beside its original, reads them back, and leaves untranslated
// articles out.
func TestArticleTranslation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		const title, text = "Renuncian 112 policías de Fresnillo", "Los agentes dejaron sus puestos tras la emboscada del lunes."
		var es, en int64
		err := s.Update(ctx, func(tx *store.Tx) error {
			src, err := tx.AddSource(ctx, beatdesk.Source{Name: "Diario", FeedURL: "https://diario.example/feed", Lang: "es", Country: "MX"})
			if err != nil {
				return err
			}
			add := func(u, title, text, lang string) (int64, error) {
				item, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: u, URL: u, Title: title})
				if err != nil {
					return 0, err
				}
				id, _, err := tx.AddArticle(ctx, beatdesk.Article{ItemID: item, SourceID: src.ID, URL: u, Title: title, Text: text,
					Lang: lang, Published: at, FetchedAt: at})
				return id, err
			}
			if es, err = add("https://diario.example/1", title, text, "es"); err != nil {
				return err
			}
			en, err = add("https://diario.example/2", "Police resign in Fresnillo", "Officers left.", "en")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		want := store.Translation{Title: "112 police of Fresnillo resign", Lead: "The agents left their posts.", By: "apertium", Lang: "en"}
		err = s.Update(ctx, func(tx *store.Tx) error {
			if err := tx.SetArticleTranslation(ctx, es, store.Translation{Title: "", By: "apertium", Lang: "en"}); !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("a translation without a title: %v, want ErrInvalid", err)
			}
			if err := tx.SetArticleTranslation(ctx, es+en+100, want); !errors.Is(err, beatdesk.ErrNotFound) {
				t.Errorf("translating a missing article: %v, want ErrNotFound", err)
			}
			return tx.SetArticleTranslation(ctx, es, want)
		})
		if err != nil {
			t.Fatal(err)
		}

		err = s.View(ctx, func(tx *store.Tx) error {
			got, err := tx.ArticleTranslation(ctx, es)
			if err != nil {
				return err
			}
			if got != want {
				t.Errorf("translation %+v, want %+v", got, want)
			}
			if got, err := tx.ArticleTranslation(ctx, en); err != nil || got != (store.Translation{}) {
				t.Errorf("untranslated article: %+v, %v; want the zero Translation", got, err)
			}
			if _, err := tx.ArticleTranslation(ctx, es+en+100); !errors.Is(err, beatdesk.ErrNotFound) {
				t.Errorf("missing article: %v, want ErrNotFound", err)
			}
			a, err := tx.Article(ctx, es)
			if err != nil {
				return err
			}
			if a.Title != title || a.Text != text {
				t.Errorf("original changed to %q / %q", a.Title, a.Text)
			}
			all, err := tx.ArticleTranslations(ctx, []int64{es, en, es + en + 100})
			if err != nil {
				return err
			}
			if len(all) != 1 || all[es] != want {
				t.Errorf("ArticleTranslations = %+v, want only article %d's", all, es)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
