package jobs

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
)

const (
	// leadBytes bounds the lead translated with an article's title: its
	// first paragraph, at most two sentences of it, cut to this many bytes.
	// The title and lead are what the clusterer weighs most and what an
	// editor reads; the rest of the text stays in its language.
	leadBytes = 400
	// translateTimeout bounds one article's translation; past it the
	// article is clustered on its original text.
	translateTimeout = 10 * time.Second
	// translatedWeight is what a translated term weighs against the
	// original's. A machine translation word for word is a weaker witness
	// than the outlet's own words: in the demo world with Apertium, at 1
	// the Spanish reports of two demo stories left their stories (11
	// multilingual stories: 8 whole, against 10 untranslated), at 0.7 one;
	// at 0.3 and 0.5, 10 whole and no report left its language's story.
	translatedWeight = 0.5
)

// translation translates an article's title and lead into the site's
// language, in one call, when the article is in another language the
// translator can translate from. It returns the zero Translation when
// there is nothing to do (titles not to be translated, no translator, the
// site's language, a pair the engine lacks) or when the translation fails: a failure is logged and
// the article is clustered on its original text. It runs before the
// group of cluster writes, so the open stories' lock is not held while
// an engine works.
func (p *Pipeline) translation(ctx context.Context, a beatdesk.Article) store.Translation {
	tr, site := p.cfg.Translator, p.cfg.SiteLang
	if !p.cfg.TranslateTitles || tr == nil || a.Lang == "" || site == "" || a.Lang == site || a.Title == "" || !tr.Supports(a.Lang, site) {
		return store.Translation{}
	}
	texts := []string{a.Title}
	if lead := leadOf(a.Text); lead != "" {
		texts = append(texts, lead)
	}
	ctx, cancel := context.WithTimeout(ctx, translateTimeout)
	defer cancel()
	out, err := tr.Translate(ctx, texts, a.Lang, site)
	if err == nil && (len(out) != len(texts) || strings.TrimSpace(out[0]) == "") {
		err = beatdesk.Errorf(beatdesk.ErrUnavailable, "jobs.translation", "%s gave %d texts for %d", tr.Name(), len(out), len(texts))
	}
	if err != nil {
		p.log.Warn("translating an article failed; it is clustered on its original text",
			"article", a.ID, "from", a.Lang, "to", site, "engine", tr.Name(), "err", err)
		return store.Translation{}
	}
	t := store.Translation{Title: strings.TrimSpace(out[0]), By: tr.Name(), Lang: site}
	if len(out) > 1 {
		t.Lead = strings.TrimSpace(out[1])
	}
	return t
}

// leadOf returns the start of an article's text: its first paragraph, at
// most two sentences of it, at most leadBytes bytes (cut at a space when
// there is one).
func leadOf(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.Index(text, "\n\n"); i >= 0 {
		text = text[:i]
	}
	text = strings.Join(strings.Fields(text), " ")
	sentences := 0
	for i, r := range text {
		if (r == '.' || r == '!' || r == '?') && (i+1 == len(text) || text[i+1] == ' ') {
			if sentences++; sentences == 2 {
				text = text[:i+1]
				break
			}
		}
	}
	if len(text) <= leadBytes {
		return text
	}
	cut := cutUTF8(text, leadBytes)
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > leadBytes/2 {
		cut = cut[:i]
	}
	return cut
}

// addDoc observes an article's document in the clusterer's index and
// returns the vector it is clustered by. With a translation, the
// translated title and lead add their terms (stemmed in the language
// translated into) to the original's, so that reports of one event in two
// languages share words as well as names and numbers; the translation is
// stored beside the original in tx. The index observes the original only,
// so document frequencies stay those of what outlets wrote.
func (p *Pipeline) addDoc(ctx context.Context, tx *store.Tx, ix *cluster.Index, articleID int64, doc cluster.Doc, t store.Translation) (map[string]float64, error) {
	v := ix.Add(doc)
	if t.By == "" {
		return v, nil
	}
	if err := tx.SetArticleTranslation(ctx, articleID, t); err != nil {
		return nil, err
	}
	return translatedVector(ix, v, doc, t), nil
}

// translatedVector returns the vector an article whose document is doc
// and whose own vector is v is clustered by, given its translation t (see
// addDoc): v itself when it has none.
func translatedVector(ix *cluster.Index, v map[string]float64, doc cluster.Doc, t store.Translation) map[string]float64 {
	if t.By == "" {
		return v
	}
	vt := ix.Vector(cluster.Doc{Title: t.Title, Text: t.Lead, Lang: t.Lang, Published: doc.Published})
	return withTranslated(v, vt)
}

// withTranslated returns the sum of an article's vector v and its
// translation's vector vt weighed by translatedWeight, a term in both
// counting once with both weights: its heaviest terms, no more than
// cluster.TopTerms, scaled to unit length like v.
func withTranslated(v, vt map[string]float64) map[string]float64 {
	type weighted struct {
		term string
		w    float64
	}
	sum := make([]weighted, 0, len(v)+len(vt))
	for term, w := range v {
		sum = append(sum, weighted{term, w + translatedWeight*vt[term]})
	}
	for term, w := range vt {
		if _, ok := v[term]; !ok {
			sum = append(sum, weighted{term, translatedWeight * w})
		}
	}
	slices.SortFunc(sum, func(a, b weighted) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return strings.Compare(a.term, b.term)
	})
	sum = sum[:min(len(sum), cluster.TopTerms)]
	norm := 0.0
	for _, x := range sum {
		norm += x.w * x.w
	}
	out := make(map[string]float64, len(sum))
	for _, x := range sum {
		out[x.term] = x.w / math.Sqrt(norm)
	}
	return out
}
