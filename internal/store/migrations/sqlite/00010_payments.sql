-- +goose Up
-- Payments through Stripe. A reader who has paid gets Stripe's customer id;
-- each subscription is a membership whose latest known status decides
-- whether the reader is a member; one-time contributions are recorded;
-- every webhook event processed is remembered so a repeat changes nothing.
ALTER TABLE members ADD COLUMN stripe_customer_id TEXT;
CREATE UNIQUE INDEX members_stripe_customer ON members (stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

CREATE TABLE memberships (
    subscription_id TEXT PRIMARY KEY,          -- Stripe's sub_...
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    plan            TEXT NOT NULL,             -- monthly, yearly, or '' when the price is not ours
    status          TEXT NOT NULL,             -- Stripe's status: active, trialing, past_due, unpaid, canceled, ...
    status_since    TIMESTAMP NOT NULL,        -- when the subscription entered that status (event time)
    period_end      TIMESTAMP,                 -- end of the period paid for, when known
    event_at        TIMESTAMP NOT NULL,        -- creation time of the event this row reflects; older events are ignored
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX memberships_member ON memberships (member_id);

CREATE TABLE contributions (
    checkout_session_id TEXT PRIMARY KEY,      -- Stripe's cs_...
    member_id           INTEGER REFERENCES members (id) ON DELETE SET NULL,
    email               TEXT NOT NULL,
    amount              INTEGER NOT NULL,      -- in the currency's smallest unit
    currency            TEXT NOT NULL,
    paid_at             TIMESTAMP NOT NULL
);

CREATE TABLE stripe_events (
    id           TEXT PRIMARY KEY,             -- Stripe's evt_...
    type         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,           -- when Stripe created the event
    processed_at TIMESTAMP NOT NULL
);
CREATE INDEX stripe_events_processed ON stripe_events (processed_at);

-- +goose Down
DROP TABLE stripe_events;
DROP TABLE contributions;
DROP TABLE memberships;
DROP INDEX members_stripe_customer;
ALTER TABLE members DROP COLUMN stripe_customer_id;
