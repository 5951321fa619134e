package desk

import (
	"reflect"
	"strings"
	"testing"

	"beatdesk"
)

// TestDraftMarkdownRoundTrip: a draft written as Markdown and read back is
// the same draft, citation markers and all.
func TestDraftMarkdownRoundTrip(t *testing.T) {
	sections := []beatdesk.Section{
		{Title: "What happened", Paragraphs: []string{"El Vigía reported that 1,340 families left [1].", "La Vigie counted 12 roadblocks [2]."}},
		{Title: "What to watch", MembersOnly: true, Paragraphs: []string{"Two elections [1][2]."}},
	}
	md := draftMarkdown("Sinaloa: 1,340 families flee", "They fled in October [1].", sections)
	h, dek, got, err := parseDraftMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	if h != "Sinaloa: 1,340 families flee" || dek != "They fled in October [1]." || !reflect.DeepEqual(got, sections) {
		t.Errorf("round trip:\n%s\ngave %q %q %+v", md, h, dek, got)
	}
}

func TestParseDraftMarkdown(t *testing.T) {
	h, dek, secs, err := parseDraftMarkdown("# A *bold* claim\r\n\r\nThe dek,\nwrapped [1].\r\n\r\n## Facts\n\nOne `x` and **two** [2].\n")
	if err != nil || h != "A bold claim" || dek != "The dek, wrapped [1]." || len(secs) != 1 || secs[0].Paragraphs[0] != "One x and two [2]." {
		t.Errorf("got %q %q %+v %v", h, dek, secs, err)
	}
	for _, c := range []struct{ md, want string }{
		{"# H\n\nD [1].\n\n## S\n\nSee [the report](https://x.example) [1].", "has a link"},
		{"# H\n\nD [1].\n\n## S\n\nA <b>bold</b> claim [1].", "has HTML"},
		{"# H\n\nD [1].\n\n## S\n\n- one\n- two", "a list is not used"},
		{"# H\n\nD [1].\n\n### Deeper", "other headings are not used"},
		{"# H\n\nD one.\n\nD two.\n\n## S", "the dek is one paragraph"},
		{"# H\n\nD.\n\n## S\n\n<script>alert(1)</script>", "block of HTML"},
	} {
		_, _, _, err := parseDraftMarkdown(c.md)
		if err == nil || !strings.Contains(beatdesk.Message(err), c.want) {
			t.Errorf("%q: %v, want an error saying %q", c.md, err, c.want)
		}
	}
}
