-- +goose Up
-- Updates the correspondent proposes for a live article when its story
-- develops: the text readers would see (its citation markers numbered
-- after the article's own sources), the new sources it cites, the
-- verifier's findings, and the articles it was written from. A proposal
-- waits ('pending') until an editor, or the auto-publish policy, applies
-- it as a dated update notice, or an editor dismisses it; a newer
-- proposal for the same article replaces a waiting one ('superseded').
-- An article has at most one proposal waiting.
CREATE TABLE proposed_updates (
    id         INTEGER PRIMARY KEY,
    draft_id   INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    citations  TEXT NOT NULL,
    findings   TEXT NOT NULL DEFAULT '[]',
    articles   TEXT NOT NULL DEFAULT '[]',   -- ids of the articles it was written from
    state      TEXT NOT NULL DEFAULT 'pending', -- pending, applied, dismissed, superseded
    created_at TIMESTAMP NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMP
);
CREATE UNIQUE INDEX proposed_updates_pending ON proposed_updates (draft_id) WHERE state = 'pending';
CREATE INDEX proposed_updates_draft ON proposed_updates (draft_id, state);

-- +goose Down
DROP INDEX proposed_updates_draft;
DROP INDEX proposed_updates_pending;
DROP TABLE proposed_updates;
