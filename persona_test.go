package beatdesk

import (
	"strings"
	"testing"
)

func TestPersonaLanguages(t *testing.T) {
	p := Persona{Slug: "ines-duarte", Name: "Inês Duarte", Beat: "Brazil", Regions: []string{"latin-america"},
		Bio: "An AI-powered journalist.", Languages: []string{"pt", "es"}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := p.PublishesIn("en"); got != "en" {
		t.Errorf("without its own choice it publishes in %q, want the site's en", got)
	}
	p.Publishes = "pt"
	if got := p.PublishesIn("en"); got != "pt" {
		t.Errorf("PublishesIn = %q, want pt", got)
	}
	for _, bad := range []func(*Persona){
		func(p *Persona) { p.Publishes = "Portuguese" },
		func(p *Persona) { p.Languages = []string{"pt-BR"} },
	} {
		q := p
		bad(&q)
		if err := q.Validate(); err == nil || !strings.Contains(err.Error(), "two-letter") {
			t.Errorf("Validate(%+v) = %v, want a two-letter code error", q, err)
		}
	}
}
