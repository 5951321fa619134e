package lang

import (
	"testing"

	"github.com/pemistahl/lingua-go"
)

// TestLinguaCaches fails when a new lingua-go moves its model caches, which
// would silently switch NewRefining's re-ranking off.
func TestLinguaCaches(t *testing.T) {
	caches, err := linguaCaches()
	if err != nil {
		t.Fatal(err)
	}
	if len(caches) != 4 {
		t.Fatalf("found %d caches, want unigram, bigram, quadrigram and fivegram", len(caches))
	}
}

// TestRefinerBudget re-ranks short texts among Swahili and Sotho (small
// models) and checks the refiner frees models only when over budget, and
// then only those no text is using.
func TestRefinerBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("loads high-accuracy models; skipped with -short")
	}
	pair := []lingua.Language{lingua.Swahili, lingua.Sotho}
	text := "Serikali imesema itaendelea na mazungumzo"

	big, err := newRefiner(1 << 30)
	if err != nil {
		t.Fatal(err)
	}
	if v := big.rank(text, pair); v[0].Language() != lingua.Swahili {
		t.Errorf("rank(Swahili text) put %v first", v[0].Language())
	}
	if big.stats.Loads != 2 || big.stats.Evictions != 0 || big.size == 0 {
		t.Errorf("within budget: stats %+v, size %d; want 2 loads, no evictions, a size", big.stats, big.size)
	}
	if big.measure(lingua.Swahili) == 0 {
		t.Errorf("Swahili's models are not in lingua's caches after use")
	}

	small, err := newRefiner(1) // every idle language is over budget
	if err != nil {
		t.Fatal(err)
	}
	small.acquire([]lingua.Language{lingua.Swahili}) // a text in progress
	small.rank(text, pair)
	if small.stats.Evictions != 1 || small.measure(lingua.Sotho) != 0 {
		t.Errorf("over budget: stats %+v, Sotho's models %d bytes; want Sotho evicted", small.stats, small.measure(lingua.Sotho))
	}
	if small.measure(lingua.Swahili) == 0 {
		t.Errorf("Swahili's models were evicted while in use")
	}
	small.release([]lingua.Language{lingua.Swahili})
	if small.stats.Evictions != 2 || small.size != 0 || small.measure(lingua.Swahili) != 0 {
		t.Errorf("after the last use: stats %+v, size %d; want both evicted", small.stats, small.size)
	}
}

// TestNewRefining checks that the refining detector answers like the
// pipeline's where both are sure, and gets a short text right that the
// trigram models alone get wrong.
func TestNewRefining(t *testing.T) {
	if testing.Short() {
		t.Skip("loads high-accuracy models; skipped with -short")
	}
	d := NewRefining(64 << 20)
	for want, text := range map[string]string{
		"en": "The dockworkers' union said the strike would continue until the port operators agreed to talks.",
		"de": "Die Gewerkschaft der Hafenarbeiter erklärte, der Streik werde fortgesetzt.",
		"":   "!!",
	} {
		if got := d.Detect(text, ""); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
	if d.RefineStats().Texts == 0 && d.refine == nil {
		t.Errorf("NewRefining made no refiner")
	}
}
