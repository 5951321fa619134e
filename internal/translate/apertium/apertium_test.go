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

// TestStreamMatchesProcess checks that the kept pipeline answers as a
// process of its own does, text by text, the stream format's own
// characters included, and that it is reused between calls.
func TestStreamMatchesProcess(t *testing.T) {
	a := engine(t)
	texts := []string{
		"La policía detuvo a 112 personas en Fresnillo.",
		"El índice subió [según datos] un 3 % a $5 <provisional> {estimado} / total @ 10 ^ 2 \\ fin",
		"Los estibadores mantienen la huelga\nen su décimo día",
	}
	ctx := context.Background()
	streamed, err := a.viaStream(ctx, "spa-eng", texts)
	if err != nil {
		t.Fatalf("the kept pipeline failed: %v", err)
	}
	first := a.streams["spa-eng"]
	again, err := a.viaStream(ctx, "spa-eng", texts[:1])
	if err != nil || a.streams["spa-eng"] != first || again[0] != streamed[0] {
		t.Errorf("second call: %q, %v; stream reused %v", again, err, a.streams["spa-eng"] == first)
	}
	for i, text := range texts {
		// A process of its own: the fallback path.
		one, err := a.translateProcess(ctx, "spa-eng", []string{text})
		if err != nil {
			t.Fatal(err)
		}
		if streamed[i] != one[0] {
			t.Errorf("text %d: stream %q, process %q", i, streamed[i], one[0])
		}
	}
}
