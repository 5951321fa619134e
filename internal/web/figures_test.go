package web_test

import (
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/web"
)

// TestFiguresTable: the rows of a draft's figures table (paragraphs that
// extractive.FigureRow reads) reach readers as one HTML table with a
// caption and column and row headers, each row's quote citing its source;
// the paragraphs around the table stay paragraphs.
func TestFiguresTable(t *testing.T) {
	n := open(t, web.Options{})
	d := sampleDraft(0)
	d.Sections = append(d.Sections[:1], append([]beatdesk.Section{{Title: "The numbers", Paragraphs: []string{
		"La Vigie counted 12 roadblocks on the main highway [2].",
		"| 1,340 | 3 November | El Vigía | «unas 1,340 familias huyeron de Culiacán» [1]",
		"| 12 | 3 November | La Vigie (in French) | “12 barrages” [2]",
	}}}, d.Sections[1:]...)...)
	slug := n.publish(d)

	p := n.browser().get("/article/" + slug)
	p.must(t, 200, `<table class="figures">`, `<caption>Key figures</caption>`, `<th scope="col">Figure</th>`,
		`<th scope="row">1,340</th>`, `<td>La Vigie (in French)</td>`,
		`<a class="cite" href="#source-1" aria-label="source 1">[1]</a>`, `<p>La Vigie counted 12 roadblocks`)
	p.mustNot(t, "<p>| ")
	if got := strings.Count(p.Body, "<table class=\"figures\">"); got != 1 {
		t.Errorf("%d figures tables, want the two rows in one", got)
	}
	if got := strings.Count(p.Body, `<th scope="row">`); got != 2 {
		t.Errorf("%d table rows, want 2", got)
	}
}
