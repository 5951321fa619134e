package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"beatdesk"
)

// A Translation is an article's title and lead put into another language
// (the site's) for clustering, routing and the desk. It sits beside the
// article's original title and text, which it never replaces.
type Translation struct {
	Title string // the title translated
	Lead  string // the lead (its first sentences) translated; "" when the article has no text
	By    string // the engine that translated them ("apertium")
	Lang  string // the language translated into, ISO 639-1
}

// SetArticleTranslation stores an article's translated title and lead,
// replacing any earlier translation. The original title and text are not
// touched. It returns ErrInvalid when the translation has no title, engine
// or language, and ErrNotFound when there is no such article.
func (tx *Tx) SetArticleTranslation(ctx context.Context, articleID int64, t Translation) error {
	const op = "store.SetArticleTranslation"
	if t.Title == "" || t.By == "" || t.Lang == "" {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "a translation of article %d needs a title, the engine that made it and its language (got title %q, by %q, lang %q)",
			articleID, t.Title, t.By, t.Lang)
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE articles SET title_translated = $2, lead_translated = $3, translated_by = $4, translated_lang = $5
		WHERE id = $1`, articleID, t.Title, t.Lead, t.By, t.Lang)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return beatdesk.Errorf(beatdesk.ErrNotFound, op, "article %d not found", articleID)
	}
	return nil
}

// ArticleTranslation returns an article's stored translation: the zero
// Translation when it was not translated, ErrNotFound when there is no
// such article.
func (tx *Tx) ArticleTranslation(ctx context.Context, articleID int64) (Translation, error) {
	var t Translation
	err := tx.q.QueryRowContext(ctx, `SELECT title_translated, lead_translated, translated_by, translated_lang FROM articles WHERE id = $1`,
		articleID).Scan(&t.Title, &t.Lead, &t.By, &t.Lang)
	return t, notFound("store.ArticleTranslation", fmt.Sprintf("article %d", articleID), err)
}

// ArticleTranslations returns the stored translations of the given
// articles that were translated, by article id; articles not translated,
// or not found, are left out.
func (tx *Tx) ArticleTranslations(ctx context.Context, articleIDs []int64) (map[int64]Translation, error) {
	out := map[int64]Translation{}
	for _, id := range articleIDs {
		if _, seen := out[id]; seen {
			continue
		}
		var t Translation
		err := tx.q.QueryRowContext(ctx, `SELECT title_translated, lead_translated, translated_by, translated_lang FROM articles
			WHERE id = $1 AND translated_by <> ''`, id).Scan(&t.Title, &t.Lead, &t.By, &t.Lang)
		switch {
		case err == nil:
			out[id] = t
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("store.ArticleTranslations: %w", err)
		}
	}
	return out, nil
}
