// Package synth is a synthetic outside world for measuring ingestion at
// scale: thousands of feeds on hundreds of loopback hosts (127.77.x.y, one
// listener each, since Linux routes all of 127/8 to lo), publishing as time
// passes, deterministically from a seed.
//
// Feeds start empty (or, with Config.History, with the entries a newsroom
// would already have seen) and gain entries as Poisson processes whose
// rates are heavy-tailed (log-normal) and add up to Config.Rate articles a
// second. Each feed lists its latest 20 entries as RSS or Atom with exact
// publication times; most give ETag and Last-Modified and answer a
// matching conditional request with 304, about a tenth give no
// validators, and some ask for a Cache-Control max-age or an RSS ttl.
// Article pages are 30-100 KB of realistic HTML (navigation, sidebar,
// related stories, comments, footer, scripts) around 300-900 words in
// English, Spanish, French, Portuguese or German, written from word lists
// and story-specific names, places and dated figures, so that several
// feeds cover one story, and about a tenth of entries are wire copies of
// a dispatch another feed also ran.
//
// About a third of feeds name a WebSub hub (busier feeds more often): an
// outlet's own at /hub, or one of a few shared hub services on 127.78.0.x.
// A hub verifies a subscriber's intent at its callback, honours the lease
// it asks for up to its own limit, and a few seconds after the feed
// publishes POSTs the feed to each subscriber, signed with
// X-Hub-Signature; flaky hubs lose some deliveries and sign a few with the
// wrong key (hub.go).
//
// Some hosts are hostile or failing: about 2% answer 500, 1% are slow (30
// s, or a trickle), 1% throttle with 429 and Retry-After; a few pages are
// 6 MB or gzip bombs and a few feeds are not XML.
//
// A referee watches every host: the most requests in flight at once, the
// most in any one-second window, and any request that arrives while a
// Retry-After the host gave is still running. Past the configured
// politeness (per-host cap, rate and burst) each is a violation. It also
// counts repeat polls of feeds that gave validators and how many were
// conditional. Stats, the published entries and the source list are served
// as JSON on an admin address (see AdminHandler).
package synth
