package desk

import (
	"reflect"
	"testing"

	"beatdesk"
)

// TestFigureRowsRoundTrip: the rows of a figures table, one paragraph
// each, come back from the editor's Markdown as they went, so editing a
// draft keeps its table (and each row's finding) intact.
func TestFigureRowsRoundTrip(t *testing.T) {
	sections := []beatdesk.Section{{Title: "The numbers", Paragraphs: []string{
		"La Vigie counted 12 roadblocks [2].",
		"| 1,340 | 3 November | El Vigía (in Spanish) | «unas 1,340 familias huyeron» [1]",
		"| $6.2 billion | 13 November | Lantern Dispatch | “$6.2 billion package pairing new immigration judges” [2]",
	}}}
	md := draftMarkdown("Sinaloa: 1,340 families flee", "They fled in October [1].", sections)
	_, _, got, err := parseDraftMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sections) {
		t.Errorf("round trip:\n%s\ngave %+v", md, got)
	}
}
