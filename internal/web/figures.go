package web

import "beatdesk/internal/draft/extractive"

// A block is what a template lays out of a section's paragraphs: one
// paragraph, or the rows of a figures table (consecutive paragraphs that
// extractive.FigureRow reads as rows), each row its cells.
type block struct {
	Text string
	Rows [][]string
}

// blocks groups paras into the blocks the "paragraphs" template lays
// out, in order.
func blocks(paras []string) []block {
	var out []block
	for _, p := range paras {
		cells, ok := extractive.FigureRow(p)
		switch {
		case !ok:
			out = append(out, block{Text: p})
		case len(out) > 0 && out[len(out)-1].Rows != nil:
			last := &out[len(out)-1]
			last.Rows = append(last.Rows, cells)
		default:
			out = append(out, block{Rows: [][]string{cells}})
		}
	}
	return out
}

// The function joins the templates' others here, beside the type it
// returns.
func init() { funcs["blocks"] = blocks }
