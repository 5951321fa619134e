-- +goose Up
-- A kept page is dropped when its article has a desk event, rather than
-- each request comparing its version with the article's newest event: at
-- 1,000,000 articles that comparison was a look-up in draft_events for
-- every page served. Saving still checks the version (SaveRenderedPage),
-- so a page rendered before an event is never kept after it.
DELETE FROM rendered_pages
    WHERE version <> COALESCE((SELECT MAX(e.id) FROM draft_events e WHERE e.draft_id = rendered_pages.draft_id), 0);
-- +goose StatementBegin
CREATE TRIGGER rendered_pages_dropped AFTER INSERT ON draft_events
BEGIN
    DELETE FROM rendered_pages WHERE draft_id = NEW.draft_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER rendered_pages_dropped;
