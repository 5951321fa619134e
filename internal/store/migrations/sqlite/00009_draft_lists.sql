-- +goose Up
-- The reader site lists live articles newest first, for the whole site, a
-- region or a correspondent: these indexes give those lists in order, so a
-- page costs a few index steps however many articles there are.
CREATE INDEX drafts_live_order ON drafts (published_at, id);
CREATE INDEX drafts_region_order ON drafts (region, published_at, id);
CREATE INDEX drafts_persona_order ON drafts (persona_slug, published_at, id);

-- +goose Down
DROP INDEX drafts_persona_order;
DROP INDEX drafts_region_order;
DROP INDEX drafts_live_order;
