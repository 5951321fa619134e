-- +goose Up
-- WebSub subscriptions: a source's feed pushed by its hub. A source has at
-- most one current subscription (any state but unsubscribed); an old one
-- stays, unsubscribed, so its hub can still verify the unsubscription at
-- its callback token.
CREATE TABLE websub_subscriptions (
    id               INTEGER PRIMARY KEY,
    source_id        INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    hub              TEXT NOT NULL,
    topic            TEXT NOT NULL,
    token            TEXT NOT NULL UNIQUE, -- the callback is /websub/{token}
    secret           TEXT NOT NULL,        -- HMAC key of deliveries
    state            TEXT NOT NULL DEFAULT 'pending', -- pending, active, denied, unsubscribed
    state_at         TIMESTAMP NOT NULL,
    requested_at     TIMESTAMP,            -- the last request sent to the hub
    lease_until      TIMESTAMP,
    last_delivery_at TIMESTAMP,
    deliveries       INTEGER NOT NULL DEFAULT 0,
    ignored          INTEGER NOT NULL DEFAULT 0, -- deliveries refused (bad signature, not a feed)
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX websub_current ON websub_subscriptions (source_id) WHERE state <> 'unsubscribed';
CREATE INDEX websub_lease ON websub_subscriptions (state, lease_until);

-- +goose Down
DROP TABLE websub_subscriptions;
