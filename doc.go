// Package beatdesk is an AI newsroom in one binary.
//
// Named AI correspondents (Persona), each with a beat, watch news sources
// (Source) around the world. The pipeline is a chain of durable jobs, each
// safe to run twice:
//
//   - poll: a source's feed (or news sitemap) is fetched politely —
//     conditionally, within per-host limits, never sooner than the publisher
//     asks — and parsed; each entry becomes an Item, keyed by (source, GUID).
//     The next poll is set by the feed's own pace; a source that keeps
//     failing is paused. Feeds with a WebSub hub push their entries instead.
//   - fetch: an item's page is fetched (where robots.txt allows) and its
//     main text, title and date extracted into an Article, keyed by
//     canonical URL. Its language is detected, exact and near copies of
//     earlier articles are marked DuplicateOf, so later steps count
//     independent sources, not copies, and it is indexed for search.
//   - cluster: the article joins the Story it most resembles within a time
//     window, or starts one. A story is routed to the correspondent whose
//     regions and topics it matches.
//   - write: once a story has enough independent sources, its correspondent
//     writes a Draft: a headline, a dek, titled Sections, every sentence
//     quoted or attributed with a numbered Citation to the exact passage.
//     The extractive writer needs no model; when one is configured, the
//     LLM writer writes through it (sources fenced as data) and the
//     extractive writer stands in when it fails. Quotes in other languages
//     keep their wording, with a translation beside them where an engine
//     can. The citation verifier records a Finding per claim, and the
//     draft's Provenance records how it was made.
//   - desk: a human editor (User: viewer, editor or admin) edits the
//     draft (each save a revision), approves it, sends it back with a note
//     or spikes it; only DraftTransitions are allowed, and every action is
//     logged. A correspondent's auto-publish policy may publish a draft
//     whose every claim is supported without waiting.
//   - publish: the reader site shows the public sections to everyone, direct
//     source links to newsletter subscribers and the members-only sections to
//     members (Member). CanSeeMemberSections is the one gate every surface
//     asks, on pages, feeds, search, the JSON API and provenance alike.
//     Memberships and contributions go through Stripe. Once live, an
//     article may get dated Notices (an update, a correction) under the
//     same URL, or be retracted.
//
// This package holds only those nouns, their Validate methods and the error
// kinds (ErrNotFound, ErrInvalid, ErrConflict, ErrForbidden, ErrUnavailable).
// It imports only the standard library. The parts live under internal/:
// store (SQLite or PostgreSQL), jobs (River), ingest (fetch, robots, feed,
// sitemap, websub, extract, canon, schedule, discover, opml, sourcelist),
// analyze (text, lang, dedup, cluster, entity, score), translate (apertium,
// none), llm (openai, anthropic: thin clients), draft (persona,
// extractive, llmwriter, cite), illustrate, mail, password, payments
// (Stripe) and web (site, desk, push). demo serves a fictional world for the demo
// and tests; demo/synth a synthetic one for benchmarks. cmd/beatdesk wires
// them in one Main.
package beatdesk
