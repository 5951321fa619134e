-- +goose Up
-- The desk's memory. Every text a draft has had is kept as a revision
-- (who saved it, when), so editors can read what changed between any two.
-- Corrections, updates and retractions of published articles are notices
-- readers see on the article, dated. The desk log records what people and
-- the system did outside any one draft (users added, roles changed).
CREATE TABLE draft_revisions (
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    headline TEXT NOT NULL,
    dek      TEXT NOT NULL,
    sections TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (draft_id, revision)
);
INSERT INTO draft_revisions (draft_id, revision, actor, headline, dek, sections, at)
    SELECT id, revision, 'system', headline, dek, sections, updated_at FROM drafts;

CREATE TABLE draft_notices (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    body     TEXT NOT NULL,
    actor    TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX draft_notices_draft ON draft_notices (draft_id, at);

CREATE TABLE desk_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT '',
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX draft_events_at ON draft_events (at);

-- +goose Down
DROP INDEX draft_events_at;
DROP TABLE desk_log;
DROP TABLE draft_notices;
DROP TABLE draft_revisions;
