-- +goose Up
ALTER TABLE sources ADD COLUMN poll_interval INTEGER NOT NULL DEFAULT 0; -- seconds; 0 until first polled
ALTER TABLE sources ADD COLUMN paused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sources ADD COLUMN schedule_note TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_source ON articles (source_id, story_id);

-- +goose Down
DROP INDEX articles_source;
ALTER TABLE sources DROP COLUMN schedule_note;
ALTER TABLE sources DROP COLUMN paused;
ALTER TABLE sources DROP COLUMN poll_interval;
