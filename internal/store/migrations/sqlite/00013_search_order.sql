-- +goose Up
-- Search lists articles newest first. draft_search numbered its rows by
-- draft id, which is not the order of publication, so a search read every
-- match and sorted them all (at 1,000,000 articles two common words match
-- thousands of articles). published_search numbers its rows in the order
-- articles are published (published_order.seq), so the index itself gives
-- the matches newest first and a search reads only the page it shows.
-- The words come across from draft_search as indexed (its text is not
-- kept), through an fts5vocab view of it; articles already indexed keep
-- their order of publication (published_at, then id).
CREATE TABLE published_order (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id INTEGER NOT NULL UNIQUE REFERENCES drafts (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE temp.draft_search_words USING fts5vocab (main, draft_search, instance);
INSERT INTO published_order (draft_id)
    SELECT id FROM drafts WHERE id IN (SELECT rowid FROM draft_search) ORDER BY published_at, id;
CREATE VIRTUAL TABLE published_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO published_search (rowid, terms)
    SELECT o.seq, w.terms
    FROM (SELECT doc, group_concat(term, ' ' ORDER BY offset) AS terms FROM temp.draft_search_words GROUP BY doc) w
    JOIN published_order o ON o.draft_id = w.doc;
DROP TABLE temp.draft_search_words;
DROP TABLE draft_search;

-- +goose Down
CREATE VIRTUAL TABLE draft_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE temp.published_search_words USING fts5vocab (main, published_search, instance);
INSERT INTO draft_search (rowid, terms)
    SELECT o.draft_id, w.terms
    FROM (SELECT doc, group_concat(term, ' ' ORDER BY offset) AS terms FROM temp.published_search_words GROUP BY doc) w
    JOIN published_order o ON o.seq = w.doc;
DROP TABLE temp.published_search_words;
DROP TABLE published_search;
DROP TABLE published_order;
