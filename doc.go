// Package beatdesk is an AI newsroom in one binary.
//
// Named AI correspondents (Persona), each with a beat, watch news sources
// (Source) around the world. The pipeline is a chain of durable jobs, each
// safe to run twice:
//
//   - poll: a source's feed is fetched politely and parsed; each entry
//     becomes an Item, keyed by (source, GUID).
//   - fetch: an item's page is fetched and its main text, title and date
//     extracted into an Article, keyed by canonical URL. Its language is
//     detected, and exact and near copies of earlier articles are marked
//     DuplicateOf, so later steps count independent sources, not copies.
//   - cluster: the article joins the Story it most resembles within a time
//     window, or starts one. A story is routed to the correspondent whose
//     regions and topics it matches.
//   - write: once a story has enough independent sources, its correspondent
//     writes a Draft: a headline, a dek, titled Sections, every sentence
//     quoted or attributed with a numbered Citation to the exact passage. The
//     citation verifier records a Finding per claim.
//   - desk: a human editor (User) approves, edits or sends back the draft.
//   - publish: the reader site shows the public sections to everyone, direct
//     source links to newsletter subscribers and the members-only sections to
//     members (Member). CanSeeMemberSections is the one gate every surface
//     asks.
//
// This package holds only those nouns, their Validate methods and the error
// kinds (ErrNotFound, ErrInvalid, ErrConflict, ErrForbidden, ErrUnavailable).
// It imports only the standard library. The parts live under internal/:
// store (SQLite or PostgreSQL), jobs (River), ingest (fetch, feed, extract),
// analyze (lang, dedup, cluster, entity, score), draft (persona, extractive,
// cite), illustrate, and web (site, desk). cmd/beatdesk wires them in one
// Main.
package beatdesk
