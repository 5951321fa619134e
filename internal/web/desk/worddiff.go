package desk

import "strings"

// A span is a run of words a diff keeps, deletes or inserts.
type span struct {
	Kind string // "same", "del", "ins"
	Text string
}

// paragraphBreak separates paragraphs in a diff's word stream, so a
// change never runs two paragraphs together.
const paragraphBreak = "\n\n"

// maxDiffCells bounds the word-by-word table (old words × new words) after
// the common start and end are set aside; larger changes are compared
// paragraph by paragraph instead, which is coarser but cheap.
const maxDiffCells = 4_000_000

// wordDiff compares two texts word by word (a longest common subsequence
// of words; paragraphs are separated by blank lines) and returns the
// result as paragraphs of spans, runs of one kind merged.
func wordDiff(old, new string) [][]span {
	a, b := words(old), words(new)
	return paragraphs(diffTokens(a, b, " "))
}

// words splits text into words, with a paragraphBreak token between
// paragraphs.
func words(text string) []string {
	var out []string
	for i, p := range blankLine.Split(strings.ReplaceAll(text, "\r\n", "\n"), -1) {
		fs := strings.Fields(p)
		if len(fs) == 0 {
			continue
		}
		if i > 0 && len(out) > 0 {
			out = append(out, paragraphBreak)
		}
		out = append(out, fs...)
	}
	return out
}

// diffTokens returns the edit from a to b as tokens tagged same, del or
// ins, in reading order (deletions before insertions at each change).
func diffTokens(a, b []string, sep string) []span {
	// Set aside the common start and end: most edits touch a few words.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []span
	for _, t := range a[:pre] {
		out = append(out, span{"same", t})
	}
	out = append(out, lcsDiff(a[pre:len(a)-suf], b[pre:len(b)-suf], sep)...)
	for _, t := range a[len(a)-suf:] {
		out = append(out, span{"same", t})
	}
	return out
}

// lcsDiff is the classic dynamic programme: lcs[i][j] is the length of
// the longest common subsequence of a[i:] and b[j:].
func lcsDiff(a, b []string, sep string) []span {
	n, m := len(a), len(b)
	if n*m > maxDiffCells && sep == " " {
		return coarseDiff(a, b)
	}
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return lcs[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*(m+1)+j] = at(i+1, j+1) + 1
			} else {
				lcs[i*(m+1)+j] = max(at(i+1, j), at(i, j+1))
			}
		}
	}
	var out []span
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out = append(out, span{"same", a[i]})
			i, j = i+1, j+1
		case j == m || (i < n && at(i+1, j) >= at(i, j+1)):
			out = append(out, span{"del", a[i]})
			i++
		default:
			out = append(out, span{"ins", b[j]})
			j++
		}
	}
	return out
}

// coarseDiff compares whole paragraphs when the word table would be too
// large, then spells each paragraph out as words.
func coarseDiff(a, b []string) []span {
	var out []span
	for _, s := range lcsDiff(joinParagraphs(a), joinParagraphs(b), paragraphBreak) {
		for k, w := range strings.Fields(s.Text) {
			if k == 0 && len(out) > 0 {
				out = append(out, span{s.Kind, paragraphBreak})
			}
			out = append(out, span{s.Kind, w})
		}
	}
	return out
}

func joinParagraphs(ws []string) []string {
	var out []string
	var cur []string
	for _, w := range append(ws, paragraphBreak) {
		if w == paragraphBreak {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
			}
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	return out
}

// paragraphs groups tagged tokens into paragraphs of merged spans. A
// deleted run is put before an inserted one where they interleave, so a
// replacement reads "old new".
func paragraphs(tokens []span) [][]span {
	var out [][]span
	var cur []span
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for _, t := range tokens {
		if t.Text == paragraphBreak {
			flush()
			continue
		}
		if k := len(cur); k > 0 && cur[k-1].Kind == t.Kind {
			cur[k-1].Text += " " + t.Text
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}
