// Package demo is the demo's fictional outside world: a small multilingual
// news corpus written for beatdesk, and a loopback HTTP server that serves it
// the way real outlets do.
//
// The corpus (embedded under corpus/) has outlets in English, Spanish,
// French, Portuguese and Arabic, each publishing RSS 2.0, Atom or JSON Feed
// 1.1, and articles that together cover a dozen fictional developments
// ("stories") on the correspondents' beats. Articles of one story share their
// people, places and figures but are written differently, some in several
// languages, so the pipeline has something real to fetch, extract, detect,
// cluster, route and write about. Every page and feed says it is a fictional
// outlet for the beatdesk demo.
//
// Corpus loads and validates it; NewHandler serves it (feeds with ETag and
// Last-Modified validators, gzip, article pages with realistic boilerplate);
// Start runs that handler on 127.0.0.1 for `beatdesk demo` and end-to-end
// tests, and Sources points the newsroom at it.
package demo
