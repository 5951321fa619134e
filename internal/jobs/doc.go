// Package jobs runs the pipeline as durable River jobs: the scheduler finds
// sources due for polling; poll turns feed entries into items; fetch turns
// an item into an article (extracted, language detected, copies marked);
// cluster attaches an article to a story and routes the story to a
// correspondent; write drafts the story and, in demo mode, publishes drafts
// whose every claim is verified; propose_update writes a dated update of a
// live article from its story's newer reports for the desk (update.go).
//
// Each step's result and the job for the next step are written in one
// transaction (which concurrent polls, fetches or clusterings share, each
// in its own savepoint: groupcommit.go, since SQLite has one writer), and
// each step first checks whether its work is already done,
// so a job that runs twice (after a crash, say) changes nothing the second
// time. River uses its SQLite driver on SQLite and its database/sql driver
// on PostgreSQL, so both share one code path over *sql.Tx.
package jobs
