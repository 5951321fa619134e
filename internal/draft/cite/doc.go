// Package cite is the citation verifier. Every draft, from every writer,
// passes through Verify before it reaches an editor: each sentence of the
// dek and of every paragraph must carry a citation marker "[n]" that
// points at a Citation, and everything the sentence asserts beyond its
// attribution frame (the outlet's name, the source's publication date, a
// language label) must be in the cited passage: every number, every date,
// every quoted span word for word, every capitalised name (or another name
// of the same country: "U.K." for "Britain"), and its wording: the sentence
// is aligned to the one to three source sentences that best cover its
// content words (weighted by rarity in the source) and given a support
// score from 0 to 1 (align.go) that falls with words the matching sentences
// lack, neighbouring words they keep apart, a negation they do not have,
// an opposite ("rose" for "fell"), a changed colour, number word, sex or
// time unit, a first name of its own before a surname the source gives a
// title, or a trim that changes what a source sentence says (its verb or
// a clause's subject cut out); a description the source uses may name the
// actor of a predicate copied from another source sentence. A sentence
// that is only a subordinate clause ("But that he …") fails as such.
// Naming the outlet of a source the sentence does not cite is a failure
// too. The result is one Finding per sentence, with the reason for any
// failure written for an editor: `the number "1,340" is not in source
// [2]`.
//
// VerifyClaim runs the same check on free claims against a full source
// text (`beatdesk verify`), and Corrupt makes the known errors `beatdesk
// eval cite` measures the verifier with.
//
// A citation stands for one article; its passage may hold several of the
// article's paragraphs, separated by blank lines, and a quote or a figure
// must then be found inside one of them, never across the join.
//
// The package also holds the paragraph and sentence splitters and the
// content-word tokeniser that the extractive writer shares, so the writer
// and the verifier agree on what a paragraph, a sentence and a word are.
package cite
