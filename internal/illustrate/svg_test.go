package illustrate

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"beatdesk"
)

var testDraft = beatdesk.Draft{
	Headline: "Sinaloa shelters strain as displaced count rises to 1,412",
	Dek:      `According to The Border Ledger, “The number of displaced people rose to 1,412 on 15 November 2024.” [1]`,
	Region:   "latin-america",
	Places:   []string{"Sinaloa", "Culiacán", "Tamazula", "Durango"},
	Sections: []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"Gulf Wire reported: “At least 600 troops arrived.” [2]"}}},
}

// parsed is what an XML parser sees in an illustration.
type parsed struct {
	root  xml.StartElement
	title string
	texts []string // character data of <text> elements
}

func parse(t *testing.T, svg string) parsed {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var p parsed
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				p.root = tok.Copy()
			}
			stack = append(stack, tok.Name.Local)
			if tok.Name.Local == "script" || tok.Name.Local == "foreignObject" {
				t.Errorf("illustration contains a <%s> element", tok.Name.Local)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch stack[len(stack)-1] {
			case "title":
				p.title += string(tok)
			case "text":
				p.texts = append(p.texts, string(tok))
			}
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed elements %v", stack)
	}
	return p
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestSVG(t *testing.T) {
	p := parse(t, SVG(testDraft, nil))
	if p.root.Name.Local != "svg" || attr(p.root, "viewBox") != "0 0 1200 630" || attr(p.root, "role") != "img" {
		t.Errorf("root element %v", p.root)
	}
	if got := attr(p.root, "aria-label"); got != Alt(testDraft) {
		t.Errorf("aria-label %q, want Alt %q", got, Alt(testDraft))
	}
	if !strings.Contains(p.title, testDraft.Headline) || !strings.Contains(p.title, Caption) {
		t.Errorf("title %q", p.title)
	}
	all := strings.Join(p.texts, "|")
	for _, want := range append(testDraft.Places, "1,412", "LATIN AMERICA") {
		if !strings.Contains(all, want) {
			t.Errorf("texts %q do not include %q", all, want)
		}
	}
}

func TestSVGEscapesHostileNames(t *testing.T) {
	hostile := []string{`<script>alert(1)</script>`, `Tom & "Jerry" <b>`, "Bad\x00\x1bname\u202e", "]]><x/>"}
	svg := SVG(testDraft, hostile)
	if strings.Contains(svg, "<script") || strings.Contains(svg, "<b>") || strings.Contains(svg, "<x/>") {
		t.Fatalf("unescaped markup in output:\n%s", svg)
	}
	p := parse(t, svg)
	all := strings.Join(p.texts, "|")
	for _, want := range []string{`<script>alert(1)</script>`, `Tom & "Jerry" <b>`, "Badname", "]]><x/>"} {
		if !strings.Contains(all, want) {
			t.Errorf("place %q not drawn as text; texts %q", want, all)
		}
	}
	if !strings.Contains(attr(p.root, "aria-label"), `<script>alert(1)</script>`) {
		t.Errorf("aria-label does not name the drawn places: %q", attr(p.root, "aria-label"))
	}
}

func TestSVGIsDeterministic(t *testing.T) {
	a, b := SVG(testDraft, nil), SVG(testDraft, nil)
	if a != b {
		t.Fatal("two drawings of the same draft differ")
	}
	other := testDraft
	other.Places = []string{"Kyiv", "Kharkiv"}
	other.Region = "europe"
	if SVG(other, nil) == a {
		t.Error("different places and region give the same drawing")
	}
}

func TestSVGPlaces(t *testing.T) {
	many := []string{"A1", "B2", "C3", "a1", "D4", "E5", "F6", "G7", "  "}
	p := parse(t, SVG(beatdesk.Draft{Region: "nowhere"}, many))
	var labels []string
	for _, s := range p.texts {
		if s != "WORLD" {
			labels = append(labels, s)
		}
	}
	if strings.Join(labels, ",") != "A1,B2,C3,D4,E5" {
		t.Errorf("labels %q, want the first five distinct places", labels)
	}
	pts := layout([]string{"A1", "B2", "C3", "D4", "E5"})
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			if !farFromAll(pts[i], []point{pts[j]}, 100) {
				t.Errorf("markers %d and %d overlap: %v %v", i, j, pts[i], pts[j])
			}
		}
	}
	// No places, no figure: still a valid drawing.
	p = parse(t, SVG(beatdesk.Draft{}, nil))
	if len(p.texts) != 1 || p.texts[0] != "WORLD" {
		t.Errorf("empty draft texts %q", p.texts)
	}
}

func TestAlt(t *testing.T) {
	want := "AI generated illustration: an abstract map of Latin America marking Sinaloa, Culiacán, Tamazula and Durango, with the figure 1,412."
	if got := Alt(testDraft); got != want {
		t.Errorf("Alt =\n%q\nwant\n%q", got, want)
	}
	if got := Alt(beatdesk.Draft{Region: "world"}); got != "AI generated illustration: an abstract map." {
		t.Errorf("Alt of an empty draft = %q", got)
	}
}
