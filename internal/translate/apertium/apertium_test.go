package apertium

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/translate"
	"beatdesk/internal/translate/none"
)

var (
	_ translate.Translator = (*Apertium)(nil)
	_ translate.Translator = none.None{}
)

// engine returns the local Apertium, skipping outside CI when it is not
// installed (.ci/run installs it; under CI a missing engine fails).
func engine(t *testing.T) *Apertium {
	t.Helper()
	a, err := New(context.Background())
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("apertium missing under CI (.ci/run installs apertium apertium-eng-spa): %v", err)
		}
		t.Skipf("apertium not installed (apt-get install apertium apertium-eng-spa): %v", err)
	}
	if !a.Supports("es", "en") {
		t.Skip("apertium-eng-spa not installed")
	}
	return a
}

func TestSpanishTitlesToEnglish(t *testing.T) {
	a := engine(t)
	titles := []string{
		"Renuncian 112 policías de Fresnillo tras la emboscada",
		"El gobierno anunció un aumento salarial del 9 %",
		"Los estibadores del puerto de Guayaquil mantienen la huelga\nen su décimo día",
	}
	got, err := a.Translate(context.Background(), titles, "es", "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(titles) {
		t.Fatalf("%d translations for %d titles", len(got), len(titles))
	}
	for i, want := range [][]string{
		{"112", "Fresnillo", "police"},
		{"government", "9"},
		{"Guayaquil", "strike"},
	} {
		for _, w := range want {
			if !strings.Contains(got[i], w) {
				t.Errorf("translation %d %q lacks %q", i, got[i], w)
			}
		}
		if strings.Contains(got[i], "*") {
			t.Errorf("translation %d carries unknown-word marks: %q", i, got[i])
		}
	}
	t.Logf("%q", got)
}

func TestUnsupportedPair(t *testing.T) {
	a := engine(t)
	if a.Supports("es", "xx") {
		t.Error("an unknown language is supported")
	}
	if _, err := a.Translate(context.Background(), []string{"hola"}, "es", "ja"); !errors.Is(err, beatdesk.ErrUnavailable) {
		t.Errorf("es→ja: %v, want ErrUnavailable", err)
	}
	if _, err := (none.None{}).Translate(context.Background(), []string{"hola"}, "es", "en"); !errors.Is(err, beatdesk.ErrUnavailable) {
		t.Errorf("none: %v, want ErrUnavailable", err)
	}
}
