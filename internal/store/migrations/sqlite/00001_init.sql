-- +goose Up
CREATE TABLE sources (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    feed_url       TEXT NOT NULL UNIQUE,
    site_url       TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    priority       INTEGER NOT NULL DEFAULT 0,
    etag           TEXT NOT NULL DEFAULT '',
    last_modified  TEXT NOT NULL DEFAULT '',
    next_poll_at   TIMESTAMP NOT NULL,
    last_polled_at TIMESTAMP,
    last_ok_at     TIMESTAMP,
    last_error     TEXT NOT NULL DEFAULT '',
    error_count    INTEGER NOT NULL DEFAULT 0,
    item_count     INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX sources_next_poll ON sources (next_poll_at);

CREATE TABLE items (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    guid         TEXT NOT NULL,
    url          TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    seen_at      TIMESTAMP NOT NULL,
    state        TEXT NOT NULL DEFAULT 'new',
    error        TEXT NOT NULL DEFAULT '',
    UNIQUE (source_id, guid)
);
CREATE INDEX items_state ON items (state);

CREATE TABLE stories (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL DEFAULT '',
    first_seen   TIMESTAMP NOT NULL,
    last_seen    TIMESTAMP NOT NULL,
    articles     INTEGER NOT NULL DEFAULT 0,
    outlets      INTEGER NOT NULL DEFAULT 0,
    languages    TEXT NOT NULL DEFAULT '[]',
    countries    TEXT NOT NULL DEFAULT '[]',
    region       TEXT NOT NULL DEFAULT '',
    persona_slug TEXT NOT NULL DEFAULT '',
    route_reason TEXT NOT NULL DEFAULT '',
    score        REAL NOT NULL DEFAULT 0,
    terms        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX stories_last_seen ON stories (last_seen);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL UNIQUE REFERENCES items (id) ON DELETE CASCADE,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    fetched_at   TIMESTAMP NOT NULL,
    content_hash TEXT NOT NULL,
    simhash      INTEGER NOT NULL DEFAULT 0,
    duplicate_of INTEGER NOT NULL DEFAULT 0,
    story_id     INTEGER NOT NULL DEFAULT 0,
    partial      BOOLEAN NOT NULL DEFAULT FALSE,
    places       TEXT NOT NULL DEFAULT '[]',
    word_count   INTEGER NOT NULL DEFAULT 0,
    clustered_at TIMESTAMP
);
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_fetched ON articles (fetched_at);

CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    story_id     INTEGER NOT NULL UNIQUE REFERENCES stories (id),
    persona_slug TEXT NOT NULL,
    writer       TEXT NOT NULL,
    headline     TEXT NOT NULL,
    dek          TEXT NOT NULL,
    sections     TEXT NOT NULL,
    citations    TEXT NOT NULL,
    region       TEXT NOT NULL DEFAULT '',
    places       TEXT NOT NULL DEFAULT '[]',
    slug         TEXT UNIQUE,
    state        TEXT NOT NULL,
    findings     TEXT NOT NULL DEFAULT '[]',
    editor_note  TEXT NOT NULL DEFAULT '',
    auto_publish BOOLEAN NOT NULL DEFAULT FALSE,
    revision     INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX drafts_state ON drafts (state, updated_at);
CREATE INDEX drafts_published ON drafts (published_at);

CREATE TABLE draft_events (
    id       INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    at       TIMESTAMP NOT NULL
);
CREATE INDEX draft_events_draft ON draft_events (draft_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    email        TEXT NOT NULL UNIQUE,
    level        TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE sign_in_tokens (
    token_hash TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE mails (
    id      INTEGER PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body    TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE mails;
DROP TABLE sessions;
DROP TABLE sign_in_tokens;
DROP TABLE members;
DROP TABLE users;
DROP TABLE draft_events;
DROP TABLE drafts;
DROP TABLE articles;
DROP TABLE stories;
DROP TABLE items;
DROP TABLE sources;
