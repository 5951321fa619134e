-- +goose Up
-- Developments: the moments a story became news for the desk (a new story
-- crossing the threshold, or a story suddenly moving), each with its score
-- and the reasons in words, the correspondent it was routed to and why,
-- and what the desk did with it. A story has at most one development
-- waiting ('new') at a time; a later one refreshes it.
CREATE TABLE developments (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    detected_at   TIMESTAMP NOT NULL,              -- when the pipeline first saw it
    updated_at    TIMESTAMP NOT NULL,              -- when it last changed
    as_of         TIMESTAMP NOT NULL,              -- the moment in the story's reporting it was assessed at
    score         REAL NOT NULL,
    reasons       TEXT NOT NULL,                   -- "new story: 5 independent sources in 3 languages ..."
    persona_slug  TEXT NOT NULL DEFAULT '',        -- the correspondent it is with now
    routed_to     TEXT NOT NULL DEFAULT '',        -- the router's choice
    route_reason  TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'new',     -- new, drafting, dismissed
    note          TEXT NOT NULL DEFAULT '',        -- why it is drafting or not yet
    reassigned_by TEXT NOT NULL DEFAULT '',
    reassigned_at TIMESTAMP
);
CREATE INDEX developments_queue ON developments (state, score);
CREATE INDEX developments_story ON developments (story_id, state);

-- Copies of an article, for counting every outlet that ran a story's
-- reports; most articles are originals, so only copies are indexed.
CREATE INDEX articles_copies ON articles (duplicate_of) WHERE duplicate_of <> 0;

-- +goose Down
DROP INDEX articles_copies;
DROP INDEX developments_story;
DROP INDEX developments_queue;
DROP TABLE developments;
