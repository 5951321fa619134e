// Package translate turns text from one language into another behind one
// interface, so the rest of beatdesk does not care whether a local engine
// (apertium), a model provider or nothing at all (none) does the work.
// Originals are always kept by the callers; a translation is an aid for
// clustering, routing and the desk, never a replacement.
package translate

import "context"

// A Translator translates batches of texts between two languages named by
// ISO 639-1 codes ("es", "en").
type Translator interface {
	// Name says which engine this is, for provenance notes ("apertium").
	Name() string
	// Supports reports whether the engine can translate from → to.
	Supports(from, to string) bool
	// Translate returns one translation per text, in order. A pair the
	// engine cannot do is beatdesk.ErrUnavailable.
	Translate(ctx context.Context, texts []string, from, to string) ([]string, error)
}
