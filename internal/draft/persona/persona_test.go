package persona

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"beatdesk"
)

func TestDefault(t *testing.T) {
	ps := Default()
	if len(ps) != 9 {
		t.Fatalf("%d default personas, want 9", len(ps))
	}
	regions := map[string]bool{}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Slug, err)
		}
		if n := len(p.Topics); n < 30 || n > 60 {
			t.Errorf("%s has %d topics, want 30 to 60", p.Slug, n)
		}
		for _, topic := range p.Topics {
			if topic != strings.ToLower(topic) || strings.TrimSpace(topic) != topic || topic == "" {
				t.Errorf("%s: topic %q must be lower-case and trimmed", p.Slug, topic)
			}
		}
		if len(p.Languages) < 2 {
			t.Errorf("%s reads only %v; every correspondent reads English and at least one more language", p.Slug, p.Languages)
		}
		if !strings.Contains(p.Bio, "AI-powered journalist") {
			t.Errorf("%s: bio must say plainly it is an AI-powered journalist: %q", p.Slug, p.Bio)
		}
		if !strings.HasPrefix(p.Bio, "I am "+p.Name) {
			t.Errorf("%s: bio should open in the first person with the name: %q", p.Slug, p.Bio)
		}
		if sentences := strings.Count(p.Bio, ". ") + 1; sentences < 2 || sentences > 3 {
			t.Errorf("%s: bio has %d sentences, want 2 or 3", p.Slug, sentences)
		}
		if len(p.Voice) < 80 {
			t.Errorf("%s: voice notes too short to guide a writer: %q", p.Slug, p.Voice)
		}
		for _, r := range p.Regions {
			regions[r] = true
		}
	}
	for _, r := range beatdesk.Regions {
		if !regions[r.Slug] {
			t.Errorf("no correspondent covers region %s", r.Slug)
		}
	}
	latam, ok := BySlug(ps, "valeria-montes")
	if !ok || latam.Beat != "Latin American violence: cartel networks, migration flows, institutional failure" {
		t.Errorf("Latin America correspondent: %+v", latam)
	}
	for _, slug := range []string{"ingrid-solberg", "julian-marsh"} {
		p, _ := BySlug(ps, slug)
		if len(p.Regions) != 1 || p.Regions[0] != "world" {
			t.Errorf("%s is thematic and should cover region world, has %v", slug, p.Regions)
		}
	}
}

func TestDefaultReturnsACopy(t *testing.T) {
	a := Default()
	a[0].Name = "changed"
	a[0].Topics[0] = "changed"
	b := Default()
	if b[0].Name == "changed" || b[0].Topics[0] == "changed" {
		t.Error("changing the result of Default changed the defaults")
	}
}

func TestBySlug(t *testing.T) {
	ps := Default()
	if p, ok := BySlug(ps, "hana-liu"); !ok || p.Name != "Hana Liu" {
		t.Errorf("BySlug(hana-liu) = %v, %v", p.Name, ok)
	}
	if _, ok := BySlug(ps, "nobody"); ok {
		t.Error("BySlug(nobody) found someone")
	}
}

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "personas.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const good = `
- slug: ana-ruiz
  name: Ana Ruiz
  beat: Andean politics
  regions: [latin-america]
  countries: [PE, BO]
  topics: [congreso, vacancia]
  languages: [es, en]
  bio: I am Ana Ruiz, an AI-powered journalist. I cover the Andes.
  voice: Lead with the vote.
`

func TestLoad(t *testing.T) {
	ps, err := Load(write(t, good))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Slug != "ana-ruiz" || ps[0].Countries[1] != "BO" || ps[0].Topics[1] != "vacancia" {
		t.Errorf("Load = %+v", ps)
	}
}

func TestLoadRejects(t *testing.T) {
	dup := good + strings.Replace(good, "Ana Ruiz", "Ana Two", 2)
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "empty"},
		{"not a list", "slug: x\n", "not a YAML list"},
		{"empty list", "[]\n", "no personas"},
		{"unknown field", strings.Replace(good, "voice:", "tone:", 1), "not a YAML list"},
		{"duplicate slug", dup, `both have the slug "ana-ruiz"`},
		{"bad slug", strings.Replace(good, "ana-ruiz", "Ana Ruiz", 1), "lower-case words"},
		{"no AI in bio", strings.Replace(good, "an AI-powered journalist", "a reporter", 1), "AI-powered"},
		{"unknown region", strings.Replace(good, "latin-america", "andes", 1), `unknown region "andes"`},
		{"lower-case country", strings.Replace(good, "[PE, BO]", "[pe]", 1), `country "pe"`},
		{"language name", strings.Replace(good, "[es, en]", "[Spanish]", 1), `language "Spanish"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, tc.text)
			_, err := Load(path)
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Fatalf("Load = %v, want ErrInvalid", err)
			}
			msg := beatdesk.Message(err)
			if !strings.Contains(msg, path) || !strings.Contains(msg, tc.want) {
				t.Errorf("message %q should name the file and say %q", msg, tc.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(path)
	if !errors.Is(err, beatdesk.ErrNotFound) || !strings.Contains(beatdesk.Message(err), path) {
		t.Errorf("Load(missing) = %v, want ErrNotFound naming the file", err)
	}
}
