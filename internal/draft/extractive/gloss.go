package extractive

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"beatdesk"
	"beatdesk/internal/draft/cite"
	"beatdesk/internal/translate"
)

// quoted finds a quotation the writer made, with the citation marker
// right after it: the mark, the quote, the closing mark, the marker.
var quoted = regexp.MustCompile(`([“«])([^“”«»]+)([”»])( \[(\d+)\])`)

// Gloss puts a translation beside every quote d makes from a source in
// another language than lang, when tr can translate that language:
// «original» (translation: “…”) [n]. The original wording always stays.
// Each such citation gets the machine translation of its passage (and of
// the quotes) as its Translation, so the verifier can check the
// translated words as it checks the original. Where no engine can
// translate, the quote's language label says "untranslated". tr may be
// nil (no engine). d's Findings are not updated: verify after glossing.
func Gloss(ctx context.Context, d *beatdesk.Draft, tr translate.Translator, lang string) error {
	v := vocabularyFor(lang)
	lang = v.lang
	foreign := map[int]*beatdesk.Citation{}
	for i := range d.Citations {
		c := &d.Citations[i]
		if l := baseLang(c.Lang); l != "" && l != lang {
			foreign[c.N] = c
		}
	}
	if len(foreign) == 0 {
		return nil
	}

	// Gather, per source, the quotes to translate.
	quotes := map[int][]string{}
	each := func(fn func(text *string)) {
		fn(&d.Dek)
		for i := range d.Sections {
			for j := range d.Sections[i].Paragraphs {
				fn(&d.Sections[i].Paragraphs[j])
			}
		}
	}
	each(func(text *string) {
		for _, m := range quoted.FindAllStringSubmatch(*text, -1) {
			var n int
			fmt.Sscan(m[5], &n)
			if foreign[n] != nil {
				quotes[n] = append(quotes[n], m[2])
			}
		}
	})

	translations := map[int]map[string]string{} // source → quote → translation
	for n, c := range foreign {
		from := baseLang(c.Lang)
		if tr == nil || !tr.Supports(from, lang) {
			continue
		}
		// The passage sentence by sentence, then the quotes: one batch.
		var texts []string
		var shape []int // sentences per paragraph
		for _, p := range cite.Paragraphs(c.Passage) {
			ss := cite.Sentences(p)
			texts = append(texts, ss...)
			shape = append(shape, len(ss))
		}
		texts = append(texts, quotes[n]...)
		out, err := tr.Translate(ctx, texts, from, lang)
		if err != nil {
			return fmt.Errorf("extractive.Gloss: translating %s's passage from %s: %w", c.Outlet, from, err)
		}
		var paras []string
		k := 0
		for _, count := range shape {
			paras = append(paras, strings.Join(out[k:k+count], " "))
			k += count
		}
		translation := strings.Join(paras, "\n\n")
		translations[n] = map[string]string{}
		var extra []string
		for i, q := range quotes[n] {
			t := strings.TrimSpace(out[k+i])
			translations[n][q] = t
			if !strings.Contains(translation, t) {
				extra = append(extra, t)
			}
		}
		if len(extra) > 0 {
			translation += "\n\n" + strings.Join(extra, "\n\n")
		}
		c.Translation, c.TranslatedBy = translation, tr.Name()
	}

	each(func(text *string) {
		*text = quoted.ReplaceAllStringFunc(*text, func(s string) string {
			m := quoted.FindStringSubmatch(s)
			var n int
			fmt.Sscan(m[5], &n)
			if t, ok := translations[n][m[2]]; ok && t != "" {
				return m[1] + m[2] + m[3] + fmt.Sprintf(v.gloss, v.quote(t)) + m[4]
			}
			return s
		})
		for n, c := range foreign {
			if _, ok := translations[n]; ok {
				continue
			}
			name := v.languageName(c.Lang)
			if name == "" || !strings.Contains(*text, fmt.Sprintf("[%d]", n)) {
				continue
			}
			*text = strings.ReplaceAll(*text, fmt.Sprintf(v.label, name), fmt.Sprintf(v.untranslated, name))
		}
	})
	return nil
}
