-- +goose Up
-- Published articles are searchable by the terms of their public text only
-- (prepared in Go, as for source articles), so a search can neither match
-- nor reveal members-only words.
CREATE VIRTUAL TABLE draft_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
DROP TABLE draft_search;
