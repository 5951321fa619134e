-- +goose Up
-- Search lists articles newest first. Ordering the matches by the drafts'
-- publication time read the row of every matching draft (at 1,000,000
-- articles two common words match thousands) before the page's few were
-- chosen. draft_search now numbers its rows in the order articles are
-- published, as SQLite's published_order does, so the matches are ranked
-- from the search table alone and only the page's drafts are read.
-- Articles already indexed keep their order of publication (published_at,
-- then id). There is deliberately no btree index on seq: with one, the
-- planner walked it newest first for words it thought common and read
-- most of the table for those that were not.
CREATE SEQUENCE draft_search_seq;
ALTER TABLE draft_search ADD COLUMN seq BIGINT;
UPDATE draft_search s SET seq = o.n
    FROM (SELECT d.id, row_number() OVER (ORDER BY d.published_at, d.id) AS n
          FROM drafts d JOIN draft_search x ON x.draft_id = d.id) o
    WHERE s.draft_id = o.id;
SELECT setval('draft_search_seq', COALESCE(MAX(seq), 0) + 1, false) FROM draft_search;
ALTER TABLE draft_search ALTER COLUMN seq SET DEFAULT nextval('draft_search_seq'), ALTER COLUMN seq SET NOT NULL;
ALTER SEQUENCE draft_search_seq OWNED BY draft_search.seq;

-- +goose Down
ALTER TABLE draft_search DROP COLUMN seq;
