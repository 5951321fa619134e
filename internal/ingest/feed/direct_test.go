package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// viaGofeed parses an XML document the slow way, as Parse did before the
// direct reader.
func viaGofeed(body []byte, base string) (*Feed, error) {
	b := bytes.TrimLeft(toUTF8(body), " \t\r\n")
	f, h, err := parseXML(b)
	if err != nil {
		return nil, err
	}
	return convert(f, h, base), nil
}

// viaDirect parses it with the direct reader alone; errUncommon when the
// reader hands it over.
func viaDirect(body []byte, base string) (*Feed, error) {
	b := bytes.TrimLeft(toUTF8(body), " \t\r\n")
	f, h, err := readDirect(b)
	if err != nil {
		return nil, err
	}
	return convert(f, h, base), nil
}

// TestDirectMatchesGofeed checks the direct reader against gofeed on every
// XML test document and every real feed: where the direct reader reads a
// document, the Feed must be the one gofeed gives.
func TestDirectMatchesGofeed(t *testing.T) {
	type doc struct {
		name, base string
		body       []byte
	}
	var docs []doc
	files, _ := filepath.Glob("testdata/*.xml")
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc{path, goldenBase, b})
	}
	real := 0
	if _, err := os.Stat(realFeedsDir); err == nil {
		for _, f := range loadRealFeeds(t) {
			if f.Format != "json" {
				docs = append(docs, doc{f.URL, f.URL, f.Body})
				real++
			}
		}
	} else {
		t.Logf("real feed corpus not available (%v); checking the test documents only", err)
	}

	direct, handedOver, onlyDirect := 0, 0, 0
	for _, d := range docs {
		got, err := viaDirect(d.body, d.base)
		if errors.Is(err, errUncommon) {
			handedOver++
			t.Logf("handed over to gofeed: %s", d.name)
			continue
		}
		if err != nil {
			t.Errorf("%s: direct reader: %v", d.name, err)
			continue
		}
		direct++
		want, err := viaGofeed(d.body, d.base)
		if err != nil {
			// The direct reader is more forgiving of a few things
			// encoding/xml refuses (e.g. "]]>" in text).
			onlyDirect++
			t.Logf("%s: read directly, gofeed fails: %v", d.name, err)
			continue
		}
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		if !bytes.Equal(g, w) {
			t.Errorf("%s: direct reader and gofeed differ:\n%s", d.name, firstDifference(string(g), string(w)))
		}
	}
	t.Logf("%d documents (%d real feeds): %d read directly (%d of them refused by gofeed), %d handed over", len(docs), real, direct, onlyDirect, handedOver)
	if real > 0 && handedOver > real/20 {
		t.Errorf("%d of %d documents handed over to gofeed; the direct reader should take at least 95%% of real feeds", handedOver, len(docs))
	}
}

// firstDifference shows the lines around the first line where two texts
// differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			lo := max(i-3, 0)
			return "--- direct\n" + strings.Join(g[lo:min(i+2, len(g))], "\n") + "\n--- gofeed\n" + strings.Join(w[lo:min(i+2, len(w))], "\n")
		}
	}
	return "(lengths differ)"
}

// FuzzDirectMatchesGofeed looks for documents that the direct reader and
// gofeed both read but differently.
func FuzzDirectMatchesGofeed(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, path := range files {
		if b, err := os.ReadFile(path); err == nil && len(b) < 8<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if b := bytes.TrimLeft(toUTF8(body), " \t\r\n"); len(b) == 0 || b[0] != '<' {
			return // Parse reads only these as XML
		}
		got, err := viaDirect(body, goldenBase)
		if err != nil {
			return
		}
		want, err := viaGofeed(body, goldenBase)
		if err != nil {
			return
		}
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		if !bytes.Equal(g, w) {
			t.Fatalf("direct reader and gofeed differ:\n%s", firstDifference(string(g), string(w)))
		}
	})
}
