// Package none is the translator used when no engine is available: it
// translates nothing, so quotes stay in their original language, labelled.
package none

import (
	"context"

	"beatdesk"
)

// None translates nothing.
type None struct{}

func (None) Name() string                  { return "none" }
func (None) Supports(from, to string) bool { return false }

// Translate always returns ErrUnavailable.
func (None) Translate(ctx context.Context, texts []string, from, to string) ([]string, error) {
	return nil, beatdesk.Errorf(beatdesk.ErrUnavailable, "none.Translate", "no translation engine is configured; install apertium or set an LLM provider")
}
