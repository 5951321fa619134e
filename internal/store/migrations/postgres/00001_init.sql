-- +goose Up
CREATE TABLE sources (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT NOT NULL,
    feed_url       TEXT NOT NULL UNIQUE,
    site_url       TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    priority       BIGINT NOT NULL DEFAULT 0,
    etag           TEXT NOT NULL DEFAULT '',
    last_modified  TEXT NOT NULL DEFAULT '',
    next_poll_at   TIMESTAMPTZ NOT NULL,
    last_polled_at TIMESTAMPTZ,
    last_ok_at     TIMESTAMPTZ,
    last_error     TEXT NOT NULL DEFAULT '',
    error_count    BIGINT NOT NULL DEFAULT 0,
    item_count     BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sources_next_poll ON sources (next_poll_at);

CREATE TABLE items (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id    BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    guid         TEXT NOT NULL,
    url          TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ,
    seen_at      TIMESTAMPTZ NOT NULL,
    state        TEXT NOT NULL DEFAULT 'new',
    error        TEXT NOT NULL DEFAULT '',
    UNIQUE (source_id, guid)
);
CREATE INDEX items_state ON items (state);

CREATE TABLE stories (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        TEXT NOT NULL DEFAULT '',
    first_seen   TIMESTAMPTZ NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    articles     BIGINT NOT NULL DEFAULT 0,
    outlets      BIGINT NOT NULL DEFAULT 0,
    languages    TEXT NOT NULL DEFAULT '[]',
    countries    TEXT NOT NULL DEFAULT '[]',
    region       TEXT NOT NULL DEFAULT '',
    persona_slug TEXT NOT NULL DEFAULT '',
    route_reason TEXT NOT NULL DEFAULT '',
    score        DOUBLE PRECISION NOT NULL DEFAULT 0,
    terms        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX stories_last_seen ON stories (last_seen);

CREATE TABLE articles (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id      BIGINT NOT NULL UNIQUE REFERENCES items (id) ON DELETE CASCADE,
    source_id    BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ,
    fetched_at   TIMESTAMPTZ NOT NULL,
    content_hash TEXT NOT NULL,
    simhash      BIGINT NOT NULL DEFAULT 0,
    duplicate_of BIGINT NOT NULL DEFAULT 0,
    story_id     BIGINT NOT NULL DEFAULT 0,
    partial      BOOLEAN NOT NULL DEFAULT FALSE,
    places       TEXT NOT NULL DEFAULT '[]',
    word_count   BIGINT NOT NULL DEFAULT 0,
    clustered_at TIMESTAMPTZ
);
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_fetched ON articles (fetched_at);

CREATE TABLE drafts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    story_id     BIGINT NOT NULL UNIQUE REFERENCES stories (id),
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
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX drafts_state ON drafts (state, updated_at);
CREATE INDEX drafts_published ON drafts (published_at);

CREATE TABLE draft_events (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX draft_events_draft ON draft_events (draft_id);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE members (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        TEXT NOT NULL UNIQUE,
    level        TEXT NOT NULL,
    confirmed_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE sign_in_tokens (
    token_hash TEXT PRIMARY KEY,
    member_id  BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE mails (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body    TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL
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
