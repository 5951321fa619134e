-- +goose Up
-- Published articles are searchable by the terms of their public text only
-- (prepared in Go, as for source articles), so a search can neither match
-- nor reveal members-only words.
CREATE TABLE draft_search (
    draft_id BIGINT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    terms    TSVECTOR NOT NULL
);
CREATE INDEX draft_search_terms ON draft_search USING GIN (terms);

-- +goose Down
DROP TABLE draft_search;
