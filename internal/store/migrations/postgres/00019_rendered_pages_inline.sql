-- +goose Up
-- A kept page (8 KB on average) was compressed and moved out of its row
-- into the TOAST table, so reading one took the row, the TOAST index and
-- its chunks: at 1,000,000 articles several scattered reads a page. With
-- the row's target raised to half a heap page, a page is compressed and
-- kept in its row (3 KB), one read after the slug's index. lz4, where
-- the server has it (PostgreSQL 14 and later built with it), compresses
-- and decompresses several times faster than the default pglz. Pages
-- kept before are rewritten as they are rendered again.
ALTER TABLE rendered_pages SET (toast_tuple_target = 4080);
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE rendered_pages ALTER COLUMN parts SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'rendered_pages.parts keeps the default compression: %', SQLERRM;
END
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE rendered_pages RESET (toast_tuple_target);
