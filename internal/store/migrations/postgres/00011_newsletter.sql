-- +goose Up
-- The newsletter. A confirmed reader gets the daily digest unless they
-- turned it off (newsletter_prefs), and the weekly digest of each
-- correspondent they chose (newsletter_beats). Each digest is an issue
-- (one per kind, beat and period); composing it records one send per
-- recipient, and each send moves from pending to sent (or skipped, or
-- failed) exactly once. tried_at marks an attempt under way, so a send
-- left pending with tried_at set is one a crash may have interrupted.
-- site_keys holds the secrets the site signs links with (unsubscribe and
-- preference links), made on first use and shared by every process.
CREATE TABLE newsletter_prefs (
    member_id  BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    daily      BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE newsletter_beats (
    member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    beat      TEXT NOT NULL,                   -- a correspondent's slug
    PRIMARY KEY (member_id, beat)
);
CREATE INDEX newsletter_beats_beat ON newsletter_beats (beat);

CREATE TABLE digest_issues (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,                -- daily, weekly
    beat         TEXT NOT NULL,                -- the correspondent of a weekly issue; '' for the daily
    period_start TIMESTAMPTZ NOT NULL,           -- articles published from here ...
    period_end   TIMESTAMPTZ NOT NULL,           -- ... up to here (exclusive)
    drafts       TEXT NOT NULL,                -- JSON list of the articles' draft ids, in the issue's order
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, beat, period_end)
);

CREATE TABLE digest_sends (
    issue_id  BIGINT NOT NULL REFERENCES digest_issues (id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    state     TEXT NOT NULL,                   -- pending, sent, skipped, failed
    attempts  INTEGER NOT NULL DEFAULT 0,
    tried_at  TIMESTAMPTZ,                       -- when the latest attempt began
    sent_at   TIMESTAMPTZ,                       -- when the SMTP server accepted it
    error     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue_id, member_id)
);
CREATE INDEX digest_sends_pending ON digest_sends (issue_id) WHERE state = 'pending';

CREATE TABLE site_keys (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,                  -- 32 random bytes, hex
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE site_keys;
DROP TABLE digest_sends;
DROP TABLE digest_issues;
DROP TABLE newsletter_beats;
DROP TABLE newsletter_prefs;
