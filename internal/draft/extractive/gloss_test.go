package extractive

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/translate/apertium"
)

var glossed = regexp.MustCompile(`[“«]([^“”«»]+)[”»] \(translation: [“«]([^“”«»]+)[”»]\) \[(\d+)\]`)

// TestGlossWithApertium: with Apertium installed, every Spanish quote
// keeps its wording and gains an English translation, each Spanish
// citation carries the translated passage, and every claim, the
// translations included, still passes the verifier.
func TestGlossWithApertium(t *testing.T) {
	tr, err := apertium.New(context.Background())
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("apertium missing under CI (.ci/run installs it): %v", err)
		}
		t.Skipf("apertium not installed (apt-get install apertium apertium-eng-spa): %v", err)
	}
	d := write(t, "en", testArticles)
	if err := Gloss(context.Background(), &d, tr, "en"); err != nil {
		t.Fatal(err)
	}
	d.Findings = cite.Verify(&d)
	if testing.Verbose() {
		t.Log("\n" + render(d))
	}

	for _, c := range d.Citations {
		if c.Lang == "es" {
			if c.Translation == "" || c.TranslatedBy != "apertium" {
				t.Errorf("Spanish citation %d has no translation (by %q)", c.N, c.TranslatedBy)
			}
		}
	}
	text := d.Dek
	for _, s := range d.Sections {
		text += "\n" + strings.Join(s.Paragraphs, "\n")
	}
	glosses := glossed.FindAllStringSubmatch(text, -1)
	if len(glosses) == 0 {
		t.Fatalf("no translated quote in the draft:\n%s", render(d))
	}
	for _, g := range glosses {
		if g[1] == g[2] {
			t.Errorf("the translation of %q is the quote itself", g[1])
		}
	}
	if strings.Contains(text, "untranslated") {
		t.Errorf("a quote is labelled untranslated although Apertium translates Spanish")
	}
	if d.Unsupported() != 0 {
		for _, f := range d.Findings {
			if !f.Supported {
				t.Errorf("unsupported after glossing: %q: %s", f.Claim, f.Reason)
			}
		}
	}
}

// TestGlossWithoutEngine: with no engine, Spanish quotes stay as they are
// and are labelled untranslated; nothing else changes.
func TestGlossWithoutEngine(t *testing.T) {
	d := write(t, "en", testArticles)
	before := render(d)
	if err := Gloss(context.Background(), &d, nil, "en"); err != nil {
		t.Fatal(err)
	}
	after := render(d)
	if !strings.Contains(after, "(in Spanish, untranslated)") || strings.Contains(after, "(translation:") {
		t.Errorf("without an engine the draft reads:\n%s", after)
	}
	if strings.ReplaceAll(after, "(in Spanish, untranslated)", "(in Spanish)") != before {
		t.Errorf("glossing without an engine changed more than the labels")
	}
	for _, c := range d.Citations {
		if c.Translation != "" {
			t.Errorf("citation %d got a translation without an engine", c.N)
		}
	}
	d.Findings = cite.Verify(&d)
	if d.Unsupported() != 0 {
		t.Errorf("%d claims unsupported after labelling", d.Unsupported())
	}
}

// TestGlossSameLanguage: a draft whose sources are all in the publication
// language is left alone.
func TestGlossSameLanguage(t *testing.T) {
	var english []beatdesk.Article
	for _, a := range testArticles {
		if a.Lang == "en" {
			english = append(english, a)
		}
	}
	d, err := Write(Input{Persona: testPersona, Story: testStory, Articles: english, Lang: "en", Now: testNow})
	if err != nil {
		t.Skipf("the English sources alone are too few to write from: %v", err)
	}
	before := render(d)
	if err := Gloss(context.Background(), &d, nil, "en"); err != nil || render(d) != before {
		t.Errorf("Gloss changed an all-English draft (err %v)", err)
	}
}
