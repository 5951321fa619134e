// Package persona holds the newsroom's AI correspondents: the nine defaults
// embedded in personas.yaml, and an operator's own list loaded from a file
// of the same shape. Every persona is validated on load.
package persona

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"

	"beatdesk"
)

//go:embed personas.yaml
var defaultYAML []byte

var defaults = sync.OnceValue(func() []beatdesk.Persona {
	ps, err := parse(defaultYAML, "personas.yaml (embedded)")
	if err != nil {
		panic(err) // TestDefault keeps the embedded file valid
	}
	return ps
})

// Default returns the nine default correspondents. The slice and its fields
// are the caller's own: changing them does not change later calls.
func Default() []beatdesk.Persona {
	return clone(defaults())
}

// Load reads an operator's persona file: a YAML list of personas with the
// fields of beatdesk.Persona. It returns ErrNotFound when the file does not
// exist and ErrInvalid when it cannot be read as personas, names a field
// the persona type does not have, repeats a slug, or holds a persona that
// fails Validate. Each error names the file and the persona at fault.
func Load(path string) ([]beatdesk.Persona, error) {
	const op = "persona.Load"
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &beatdesk.Error{Kind: beatdesk.ErrNotFound, Op: op,
			Msg: fmt.Sprintf("persona file %s does not exist; check the path, or leave it unset to use the defaults", path), Err: err}
	}
	if err != nil {
		return nil, &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op,
			Msg: fmt.Sprintf("cannot read persona file %s", path), Err: err}
	}
	return parse(data, path)
}

// parse decodes and checks a persona list; name is the file, for messages.
func parse(data []byte, name string) ([]beatdesk.Persona, error) {
	const op = "persona.Load"
	invalid := func(err error, format string, args ...any) error {
		return &beatdesk.Error{Kind: beatdesk.ErrInvalid, Op: op, Msg: name + ": " + fmt.Sprintf(format, args...), Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt field is an error, not a silently empty one
	var ps []beatdesk.Persona
	if err := dec.Decode(&ps); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, invalid(nil, "the file is empty; it should be a YAML list of personas")
		}
		return nil, invalid(err, "not a YAML list of personas (slug, name, beat, regions, countries, topics, languages, bio, voice)")
	}
	if len(ps) == 0 {
		return nil, invalid(nil, "the list has no personas")
	}
	seen := make(map[string]int, len(ps))
	for i := range ps {
		p := &ps[i]
		if err := p.Validate(); err != nil {
			return nil, invalid(err, "persona %d (%q): %s", i+1, p.Slug, beatdesk.Message(err))
		}
		if j, dup := seen[p.Slug]; dup {
			return nil, invalid(nil, "personas %d and %d both have the slug %q; slugs must be unique", j+1, i+1, p.Slug)
		}
		seen[p.Slug] = i
		if err := checkCodes(p); err != nil {
			return nil, invalid(nil, "persona %d (%q): %v", i+1, p.Slug, err)
		}
	}
	return ps, nil
}

// checkCodes catches the usual slips in country and language lists ("mx",
// "Spanish") that Validate leaves alone.
func checkCodes(p *beatdesk.Persona) error {
	for _, c := range p.Countries {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			return fmt.Errorf("country %q must be a two-letter upper-case ISO 3166 code such as \"MX\"", c)
		}
	}
	for _, l := range p.Languages {
		if len(l) != 2 || l[0] < 'a' || l[0] > 'z' || l[1] < 'a' || l[1] > 'z' {
			return fmt.Errorf("language %q must be a two-letter lower-case ISO 639-1 code such as \"es\"", l)
		}
	}
	return nil
}

// BySlug returns the persona in ps with the given slug, or false.
func BySlug(ps []beatdesk.Persona, slug string) (beatdesk.Persona, bool) {
	for _, p := range ps {
		if p.Slug == slug {
			return p, true
		}
	}
	return beatdesk.Persona{}, false
}

func clone(ps []beatdesk.Persona) []beatdesk.Persona {
	out := slices.Clone(ps)
	for i := range out {
		out[i].Regions = slices.Clone(out[i].Regions)
		out[i].Countries = slices.Clone(out[i].Countries)
		out[i].Topics = slices.Clone(out[i].Topics)
		out[i].Languages = slices.Clone(out[i].Languages)
	}
	return out
}
