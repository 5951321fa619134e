-- +goose Up
-- Articles are searchable by terms prepared in Go (words, stems, numbers in
-- many languages), so both engines index the same terms the same way.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    terms      TSVECTOR NOT NULL
);
CREATE INDEX article_search_terms ON article_search USING GIN (terms);
ALTER TABLE articles ADD COLUMN indexed_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE articles DROP COLUMN indexed_at;
DROP TABLE article_search;
