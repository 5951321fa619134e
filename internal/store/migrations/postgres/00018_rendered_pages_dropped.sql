-- +goose Up
-- A kept page is dropped when its article has a desk event, rather than
-- each request comparing its version with the article's newest event: at
-- 1,000,000 articles that comparison was a look-up in draft_events for
-- every page served. Saving still checks the version (SaveRenderedPage),
-- so a page rendered before an event is never kept after it.
DELETE FROM rendered_pages p
    WHERE version <> COALESCE((SELECT MAX(e.id) FROM draft_events e WHERE e.draft_id = p.draft_id), 0);
-- +goose StatementBegin
CREATE FUNCTION rendered_pages_dropped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rendered_pages WHERE draft_id = NEW.draft_id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER rendered_pages_dropped AFTER INSERT ON draft_events
    FOR EACH ROW EXECUTE FUNCTION rendered_pages_dropped();

-- +goose Down
DROP TRIGGER rendered_pages_dropped ON draft_events;
DROP FUNCTION rendered_pages_dropped();
