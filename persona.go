package beatdesk

import (
	"regexp"
	"strings"
)

// A Persona is a named AI correspondent: a beat, the regions and topics it
// watches, the languages it reads, and a short bio that says plainly it is
// an AI-powered journalist.
type Persona struct {
	Slug      string   `yaml:"slug"`
	Name      string   `yaml:"name"`
	Beat      string   `yaml:"beat"`      // "Latin American violence: cartel networks, migration flows, institutional failure"
	Regions   []string `yaml:"regions"`   // region slugs, see Regions
	Countries []string `yaml:"countries"` // ISO 3166 codes weighted above the region
	Topics    []string `yaml:"topics"`    // topic terms in the languages it reads
	Languages []string `yaml:"languages"` // ISO 639-1 codes it reads
	Publishes string   `yaml:"publishes"` // ISO 639-1 code it writes in; "" means the site's language
	Bio       string   `yaml:"bio"`       // first person, says it is AI-powered
	Voice     string   `yaml:"voice"`     // house notes on tone and structure
	// AutoPublish lets the pipeline publish this correspondent's drafts
	// without an editor when every claim is verified. Off by default.
	AutoPublish bool `yaml:"auto_publish"`
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate reports whether p is usable, with a message naming the field.
func (p *Persona) Validate() error {
	const op = "Persona.Validate"
	switch {
	case !slugPattern.MatchString(p.Slug):
		return Errorf(ErrInvalid, op, "correspondent slug %q must be lower-case words joined by hyphens", p.Slug)
	case strings.TrimSpace(p.Name) == "":
		return Errorf(ErrInvalid, op, "correspondent %s needs a name", p.Slug)
	case strings.TrimSpace(p.Beat) == "":
		return Errorf(ErrInvalid, op, "correspondent %s needs a beat", p.Slug)
	case len(p.Regions) == 0 && len(p.Topics) == 0:
		return Errorf(ErrInvalid, op, "correspondent %s needs regions or topics to route stories to it", p.Slug)
	case !strings.Contains(strings.ToLower(p.Bio), "ai"):
		return Errorf(ErrInvalid, op, "correspondent %s: the bio must say plainly that it is an AI-powered journalist", p.Slug)
	}
	if p.Publishes != "" && !isLangCode(p.Publishes) {
		return Errorf(ErrInvalid, op, "correspondent %s: publishes %q must be a two-letter language code such as en or es", p.Slug, p.Publishes)
	}
	for _, l := range p.Languages {
		if !isLangCode(l) {
			return Errorf(ErrInvalid, op, "correspondent %s: language %q must be a two-letter code such as es", p.Slug, l)
		}
	}
	for _, r := range p.Regions {
		if _, ok := RegionBySlug(r); !ok {
			return Errorf(ErrInvalid, op, "correspondent %s: unknown region %q", p.Slug, r)
		}
	}
	return nil
}

// PublishesIn returns the language p writes in: its own choice, or the
// site's language.
func (p *Persona) PublishesIn(siteLang string) string {
	if p.Publishes != "" {
		return p.Publishes
	}
	return siteLang
}

// isLangCode reports whether s looks like an ISO 639-1 code.
func isLangCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}
