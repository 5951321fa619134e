-- +goose Up
-- Articles are searchable by terms prepared in Go (words, stems, numbers in
-- many languages), so both engines index the same terms the same way.
CREATE VIRTUAL TABLE article_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
ALTER TABLE articles ADD COLUMN indexed_at TIMESTAMP;

-- +goose Down
ALTER TABLE articles DROP COLUMN indexed_at;
DROP TABLE article_search;
