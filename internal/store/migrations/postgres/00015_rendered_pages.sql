-- +goose Up
-- Article pages as the reader site rendered them: the parts that are the
-- same for every reader, and each variant the gate chooses between, in
-- one blob the site alone reads. A page is good while its article has
-- had no desk event since (version is the newest draft_events id when it
-- was rendered) and the site renders as it did then (fingerprint: its
-- templates and settings); otherwise the site renders it again.
CREATE TABLE rendered_pages (
    draft_id    BIGINT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    slug        TEXT NOT NULL UNIQUE,
    version     BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    parts       BYTEA NOT NULL
);

-- +goose Down
DROP TABLE rendered_pages;
