package extractive

import (
	"strings"
	"testing"
)

// TestFigureClause: a figure is quoted in the clause around it, a few
// words either side, with its currency sign and scale word; a number in
// a date, a time of day, a code or a clause of its own makes no row.
func TestFigureClause(t *testing.T) {
	for _, tc := range []struct {
		sentence, figure   string // figure as cite.Figures finds it
		wantFigure, clause string // "" when no row
	}{
		{"The House voted 219 to 211 on 13 November to pass a $6.2 billion package pairing new immigration judges with scanners.",
			"6.2", "$6.2 billion", "pass a $6.2 billion package pairing new immigration judges"},
		{"Unions want an 18 percent pay rise and a halt to automation, the union said.", "18 percent",
			"18 percent", "Unions want an 18 percent pay rise and a halt"},
		{`"We will not go back to the docks for 9 percent," he said.`, "9 percent", "9 percent", "back to the docks for 9 percent"},
		{"Pidió 4.000 millones de pesos para atención humanitaria.", "4.000", "4.000 millones", "Pidió 4.000 millones de pesos para atención humanitaria"},
		{"Prices have risen 31 percent this year on demand from power grids and electric cars.", "31 percent",
			"31 percent", "Prices have risen 31 percent this year on demand"},
		{"On Friday copper hit a record $11,940 a tonne on the London Metal Exchange in early trading.", "11,940",
			"$11,940", "Friday copper hit a record $11,940 a tonne"},
		{"Lawmakers in the Bundestag approved the law on 14 November by 382 votes to 271, with 12 abstentions.", "382",
			"382", "law on 14 November by 382 votes to 271"},
		{"Some 412 detainees held for more than six years were released on 14 and 15 November in Aden.", "412",
			"412", "412 detainees held"},
		{"The House voted 219 to 211 on 13 November to pass a bill that adds 600 judges.", "219",
			"219", "House voted 219 to 211"},
		{"Officials said 412 detainees were released on 14 and 15 November in Aden and Marib.", "412",
			"412", "Officials said 412 detainees were released"},
		{"Some 412 detainees were released on 14 and 15 November in the exchange.", "14", "", ""},
		{"The patrol was attacked at about 10 pm near the village.", "10", "", ""},
		{"Leaders of the G7 met in Rome on Tuesday with their advisers.", "7", "", ""},
		{"Turnout: 1,200.", "1,200", "", ""},
	} {
		start := strings.Index(tc.sentence, tc.figure)
		end := start + len(tc.figure)
		clause, figure, ok := "", "", false
		if !glued(tc.sentence, start, end) {
			clause, figure, ok = figureClause(tc.sentence, start, end, "en")
		}
		if tc.clause == "" {
			if ok {
				t.Errorf("%q: row %q / %q, want none", tc.sentence, figure, clause)
			}
			continue
		}
		if !ok || figure != tc.wantFigure || clause != tc.clause {
			t.Errorf("%q:\n got %q / %q (%v)\nwant %q / %q", tc.sentence, figure, clause, ok, tc.wantFigure, tc.clause)
		}
	}
}

// TestFigureRow: a row reads back as its four cells; a sentence, or a
// line of pipes without a cited quote, is not a row.
func TestFigureRow(t *testing.T) {
	cells, ok := FigureRow("| $6.2 billion | 13 November | Lantern Dispatch | “$6.2 billion package” [2]")
	if !ok || len(cells) != 4 || cells[0] != "$6.2 billion" || cells[2] != "Lantern Dispatch" || cells[3] != "“$6.2 billion package” [2]" {
		t.Errorf("row read as %q, %v", cells, ok)
	}
	for _, p := range []string{
		"According to Lantern Dispatch, “the bill passed.” [2]",
		"| a | b | c | d",
		"| 12 | 3 November | La Vigie | “12 barrages” [2]\n| 13 | 3 November | La Vigie | “13” [2]",
	} {
		if cells, ok := FigureRow(p); ok {
			t.Errorf("%q read as a row: %q", p, cells)
		}
	}
}
