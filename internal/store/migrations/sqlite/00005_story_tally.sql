-- +goose Up
-- What the clusterer keeps of a story to add one article at a time without
-- reading the story's articles again (JSON: outlets, place mentions, where
-- the title came from, the start of its text for routing). '' marks a
-- story tallied before this column existed; the clusterer rebuilds it
-- from the story's articles the first time it grows.
ALTER TABLE stories ADD COLUMN tally TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE stories DROP COLUMN tally;
