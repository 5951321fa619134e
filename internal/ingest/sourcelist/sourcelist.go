// Package sourcelist is the curated default list of world news feeds that
// `beatdesk serve` watches when the operator has added none: over a hundred
// feeds from about eighty outlets in over twenty languages, chosen so that
// every correspondent's regions are covered by outlets based there. The
// list is default.yaml, embedded.
package sourcelist

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"

	"beatdesk"
)

//go:embed default.yaml
var defaultYAML []byte

// entry is one line of default.yaml.
type entry struct {
	Name    string `yaml:"name"`
	FeedURL string `yaml:"feed_url"`
	SiteURL string `yaml:"site_url"`
	Lang    string `yaml:"lang"`
	Country string `yaml:"country"`
}

var defaults = sync.OnceValue(func() []beatdesk.Source {
	ss, err := parse(defaultYAML)
	if err != nil {
		panic(err) // TestDefault keeps the embedded list valid
	}
	return ss
})

// Default returns the default sources, ready to store. The slice is the
// caller's own.
func Default() []beatdesk.Source {
	return append([]beatdesk.Source(nil), defaults()...)
}

func parse(data []byte) ([]beatdesk.Source, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var es []entry
	if err := dec.Decode(&es); err != nil {
		return nil, fmt.Errorf("sourcelist: default.yaml: %w", err)
	}
	out := make([]beatdesk.Source, 0, len(es))
	for i, e := range es {
		s := beatdesk.Source{Name: e.Name, FeedURL: e.FeedURL, SiteURL: e.SiteURL, Lang: e.Lang, Country: e.Country}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("sourcelist: default.yaml entry %d (%s): %w", i+1, e.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}
