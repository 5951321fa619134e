-- +goose Up
-- How each draft was made (JSON: writer, model, prompt version and hash,
-- tokens, cost, the sources consulted with their content hashes).
ALTER TABLE drafts ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE drafts DROP COLUMN provenance;
