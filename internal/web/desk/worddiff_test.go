package desk

import (
	"strings"
	"testing"
)

// render writes a diff as text: [-deleted-] and {+inserted+}, paragraphs
// on their own lines.
func render(ps [][]span) string {
	var lines []string
	for _, p := range ps {
		var parts []string
		for _, s := range p {
			switch s.Kind {
			case "del":
				parts = append(parts, "[-"+s.Text+"-]")
			case "ins":
				parts = append(parts, "{+"+s.Text+"+}")
			default:
				parts = append(parts, s.Text)
			}
		}
		lines = append(lines, strings.Join(parts, " "))
	}
	return strings.Join(lines, "\n")
}

func TestWordDiff(t *testing.T) {
	for _, c := range []struct{ name, old, new, want string }{
		{"same", "a b c", "a b c", "a b c"},
		{"insert", "the army took the road", "the army retook the main road", "the army [-took-] {+retook+} the {+main+} road"},
		{"delete at start", "Officially, 12 roadblocks", "12 roadblocks", "[-Officially,-] 12 roadblocks"},
		{"empty old", "", "new text", "{+new text+}"},
		{"empty new", "old text", "", "[-old text-]"},
		{"paragraphs stay apart", "one two\n\nthree four", "one 2\n\nthree four\n\nfive",
			"one [-two-] {+2+}\nthree four\n{+five+}"},
		{"wrapping is not a change", "a long\nline", "a long line", "a long line"},
		{"moved word", "a b c d", "b c d a", "[-a-] b c d {+a+}"},
	} {
		if got := render(wordDiff(c.old, c.new)); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestWordDiffLarge: two long texts that differ throughout fall back to a
// paragraph-level comparison instead of a huge table, and still show every
// word once.
func TestWordDiffLarge(t *testing.T) {
	var a, b []string
	for i := range 300 {
		pa, pb := make([]string, 10), make([]string, 10)
		for j := range pa {
			pa[j] = "a" + strings.Repeat("x", i%7) + string(rune('a'+j))
			pb[j] = "b" + strings.Repeat("y", i%5) + string(rune('a'+j))
		}
		a = append(a, strings.Join(pa, " "))
		b = append(b, strings.Join(pb, " "))
	}
	a[0], b[0] = "same first paragraph", "same first paragraph"
	old, new := strings.Join(a, "\n\n"), strings.Join(b, "\n\n")
	if n, m := len(words(old)), len(words(new)); n*m <= maxDiffCells {
		t.Fatalf("texts of %d and %d words do not exceed the table bound; the test needs larger ones", n, m)
	}
	got := wordDiff(old, new)
	var del, ins, same int
	for _, p := range got {
		for _, s := range p {
			n := len(strings.Fields(s.Text))
			switch s.Kind {
			case "del":
				del += n
			case "ins":
				ins += n
			default:
				same += n
			}
		}
	}
	if same != 3 || del != 299*10 || ins != 299*10 {
		t.Errorf("large diff: %d same, %d deleted, %d inserted words; want 3, %d, %d", same, del, ins, 2990, 2990)
	}
}
