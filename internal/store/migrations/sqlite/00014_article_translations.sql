-- +goose Up
-- Translations of an article's title and lead into the site's language,
-- for clustering, routing and the desk, when the article is written in
-- another. The original title and text stay as they were; these columns
-- sit beside them. translated_by names the engine ("apertium"),
-- translated_lang the language translated into; all empty when the
-- article was not translated.
ALTER TABLE articles ADD COLUMN title_translated TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN lead_translated TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN translated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN translated_lang TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE articles DROP COLUMN translated_lang;
ALTER TABLE articles DROP COLUMN translated_by;
ALTER TABLE articles DROP COLUMN lead_translated;
ALTER TABLE articles DROP COLUMN title_translated;
