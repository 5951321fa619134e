package cite

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Lexical support. A sentence that passes the hard checks (numbers,
// dates, names, quotes) must still say what its source says. Each claim
// sentence is aligned to the few source sentences that best support it:
// the claim's content words weighted by how rare they are in the source
// (IDF over the source's sentences; a word the source never uses weighs
// the most), the source sentence that covers the most weight first, then
// up to maxAligned-1 more that each add a tenth of it. The score is
//
//	0.35 aligned + 0.16 anywhere + 0.19 pairs + 0.008 per content word
//	+ 0.16 per new word (at most 3) - 0.09 per misplaced word
//	- 0.20 per closed-class word out of place - 1 for a negation - 1 for an opposite
//
// clamped to [0, 1], where
//
//   - aligned: the share of the claim's weight found in the aligned
//     sentences; a faithful sentence is built from one to three;
//   - anywhere: the share found anywhere in the source;
//   - pairs: the share of the claim's neighbouring content words that sit
//     within pairWindow words of each other in one aligned sentence, so
//     facts merged from different places score lower;
//   - a new word is one the source never uses, a misplaced word one the
//     source uses but not in the aligned sentences;
//   - a closed-class word (closedClass: colours, number words, sex and
//     kinship, units of time, compass points) and a capitalised name word
//     must be in the aligned sentences (a name from another part of the
//     source is how a swapped actor looks), and so must a word the source
//     never uses put before a surname the source gives a title ("alexander
//     tsilikin" for "dmitry tsilikin", "Mr Tsilikin": a first name written
//     in lower case escapes the name check); a negation in the claim must
//     be there too; an opposite is a claim word missing there while its
//     antonym is present.
//
// A sentence whose content words are all in its aligned sentences,
// neighbours kept together, with none of the penalties, is judged by its
// wording instead; so is one that names its actor by a reference from one
// aligned sentence and copies the predicate from another (see
// renamedActor), whose only broken neighbours are at that join. It scores
//
//	1 - 0.6 (1 - phrasing) - 0.25 per cut
//
// where phrasing (see phrasing) is the share of the places between its
// words where it keeps the wording of one aligned sentence. A sentence
// copied, trimmed or reordered from one source sentence scores 1 or near
// it; one that joins pieces of different sentences around the same
// content words ("Her father says she is to do the cleaning", from "Her
// father asked her to do the cleaning" and "Her father says she refused")
// falls below MinSupport, and so does one trimmed where the trim changes
// the meaning (a cut: the verb, a clause's subject or a negation left out
// between two kept pieces, or a cut across a comma that hands a title to
// the next name: "Tory minister Tom Brake" from "Tory minister Dan
// Poulter, Lib Dem minister Tom Brake").

// maxAligned is how many source sentences one claim sentence may draw on.
const maxAligned = 3

// Weights of the support score, fitted by a local search on the dev
// parts of SummEdits (news) and QAGS together, with one threshold
// (MinSupport) for both, then rounded; see `beatdesk eval verify`. A new
// word has already cost its full weight in both shares; the bonus gives
// part of it back, so a synonym costs less than a word taken from
// elsewhere in the source, which is how a swapped actor, place or figure
// looks. Longer sentences earn a little slack: one reworded word matters
// less. The figures move by about 0.03 when a weight or the threshold
// moves a step: read them as a level, not a precise score.
const (
	weightAligned     = 0.35
	weightAnywhere    = 0.16
	weightPairs       = 0.19
	perWord           = 0.008
	perNovelWord      = 0.16
	maxNovelWords     = 3 // a sentence with more new words is no paraphrase: they earn no more slack
	perMisalignedWord = 0.09
	perCriticalWord   = 0.20
	negationPenalty   = 1.0
	antonymPenalty    = 1.0
	pairWindow        = 5   // content words apart in a source sentence
	weightPhrasing    = 0.6 // what a sentence of source words loses for wording none of its aligned sentences has
	perCut            = 0.25
	unknownWordBoost  = 1.0
)

// A sourceSentence is one sentence of a cited passage as content-word
// stems, in order.
type sourceSentence struct {
	stems    []string
	tokens   []string // every word: content words as stems, others folded
	words    []string // every word, lower case, as written
	pause    []bool   // a comma, dash, bracket, colon or semicolon follows words[k]
	set      map[string]bool
	pairs    map[[2]string]bool // stems at most pairWindow apart, in either order
	negation bool
}

// alignment is the lexical evidence for one claim sentence.
type alignment struct {
	aligned, anywhere, pairs float64
	negation, antonym        bool
	critical                 []string // closed-class and name words the aligned sentences lack
	words                    int      // content words in the claim
	misaligned               int      // content words in the source but not in the aligned sentences
	pairsMissing             int      // adjacent content-word pairs no aligned sentence holds
	pairsTotal               int
	missing                  []string
	phrasing                 float64 // share of the claim's word triples in an aligned sentence (measured for verbatimWords only)
	cuts                     int     // cuts that change a trimmed sentence's meaning (measured for verbatimWords only; see phrasing)
	renamed                  bool    // a reference of its own and a copied predicate: see renamedActor
}

// score is the support score of a: 0 (nothing in the source) to 1. A
// sentence whose every content word is in the sentences it matches, with
// every pair of neighbouring words close together there, and no negation,
// opposite or closed-class word out of place, scores 1: it says what its
// source says in its source's words.
func (a alignment) score() float64 {
	if a.words == 0 {
		return 0
	}
	if a.verbatimWords() {
		return math.Max(0, 1-weightPhrasing*(1-a.phrasing)-perCut*float64(a.cuts))
	}
	s := weightAligned*a.aligned + weightAnywhere*a.anywhere + weightPairs*a.pairs +
		perWord*float64(a.words) + perNovelWord*float64(min(len(a.missing), maxNovelWords)) -
		perMisalignedWord*float64(a.misaligned) - perCriticalWord*float64(len(a.critical))
	if a.negation {
		s -= negationPenalty
	}
	if a.antonym {
		s -= antonymPenalty
	}
	return math.Max(0, math.Min(1, s))
}

// verbatimWords reports whether every content word of the claim is in
// its aligned sentences, neighbours kept together, with no negation,
// opposite or closed-class word out of place.
func (a alignment) verbatimWords() bool {
	clean := !a.negation && !a.antonym && len(a.critical) == 0
	return clean && a.aligned >= 0.999 && (a.pairs >= 0.999 || a.renamed)
}

// prepareSentences splits the passage's paragraphs into sentences of
// stems and counts in how many sentences each stem occurs.
func (s *source) prepareSentences(paras []string) {
	s.df = map[string]int{}
	s.titled = map[string]bool{}
	stems := map[string]string{} // word as written, lower case: its stem
	for _, para := range paras {
		for _, sent := range Sentences(para) {
			ss := sourceSentence{set: map[string]bool{}, pairs: map[[2]string]bool{}, pause: pauses(sent)}
			for _, w := range words(sent) {
				lw := strings.ToLower(w)
				ss.words = append(ss.words, lw)
				st, ok := stems[lw]
				if !ok {
					if isContent(fold(lw)) {
						st = stem(lw, s.lang)
					}
					stems[lw] = st
				}
				if st != "" {
					ss.stems = append(ss.stems, st)
					ss.tokens = append(ss.tokens, st)
				} else {
					ss.tokens = append(ss.tokens, fold(lw))
				}
			}
			if len(ss.stems) == 0 {
				continue
			}
			for i, w := range ss.stems {
				ss.set[w] = true
				for j := i + 1; j < len(ss.stems) && j <= i+pairWindow; j++ {
					ss.pairs[[2]string{w, ss.stems[j]}] = true
					ss.pairs[[2]string{ss.stems[j], w}] = true
				}
			}
			for w := range ss.set {
				s.df[w]++
			}
			for k := 1; k < len(ss.words); k++ {
				if titles[fold(ss.words[k-1])] {
					s.titled[fold(ss.words[k])] = true
				}
			}
			ss.negation = hasNegation(sent)
			s.sentences = append(s.sentences, ss)
		}
	}
}

// idf weighs a stem by its rarity among the source's sentences; a stem
// the source does not hold weighs the most.
func (s *source) idf(w string) float64 {
	n := float64(len(s.sentences))
	return math.Log((n+1)/(float64(s.df[w])+0.5)) + unknownWordBoost*b2f(s.df[w] == 0)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// align measures how well the sources support the claim text body (the
// sentence with its attribution frame blanked).
func align(body string, srcs []*source) alignment {
	var a alignment
	var toks []claimToken
	// Words either side of an ellipsis were apart in the source: no pair.
	for _, part := range ellipsis.Split(body, -1) {
		first := true
		for _, w := range words(part) {
			lw := strings.ToLower(w)
			if !isContent(fold(lw)) {
				continue
			}
			t := claimToken{raw: w, stem: map[*source]string{}, gap: first && len(toks) > 0}
			first = false
			// "British" where the source says "U.K." was checked as a name;
			// its other spelling is no reworded word.
			if _, ok := aliases[fold(lw)]; ok && anySource(srcs, func(src *source) bool { return src.hasAlias(fold(lw)) }) {
				continue
			}
			for _, src := range srcs {
				t.stem[src] = stem(lw, src.lang)
			}
			toks = append(toks, t)
		}
	}
	a.words = len(toks)
	if a.words == 0 {
		return a
	}
	claimNeg := hasNegation(body)
	// A word weighs what it weighs in the cited source where it is most
	// common; the sentences of every cited source compete for alignment.
	weights := make([]float64, len(toks))
	total := 0.0
	for i, t := range toks {
		weights[i] = math.Inf(1)
		for _, src := range srcs {
			weights[i] = min(weights[i], src.idf(t.stem[src]))
		}
		total += weights[i]
	}
	has := func(r sentenceRef, t claimToken) bool { return r.src.sentences[r.k].set[t.stem[r.src]] }
	// Anywhere in a source, by stem or as the folded word.
	anywhere := 0.0
	inSource := make([]bool, len(toks))
	for i, t := range toks {
		if anySource(srcs, func(src *source) bool {
			return src.stems[t.stem[src]] || containsWord(src.folded, fold(strings.ToLower(t.raw)))
		}) {
			inSource[i] = true
			anywhere += weights[i]
		}
	}
	// Greedy alignment.
	covered := make([]bool, len(toks))
	var chosen []sentenceRef
	for len(chosen) < maxAligned {
		gainBest, pick := 0.0, sentenceRef{}
		for _, src := range srcs {
			for k := range src.sentences {
				r := sentenceRef{src, k}
				g := 0.0
				for i, t := range toks {
					if !covered[i] && has(r, t) {
						g += weights[i]
					}
				}
				if g > gainBest {
					gainBest, pick = g, r
				}
			}
		}
		// A further sentence must add a real share of the claim.
		if pick.src == nil || (len(chosen) > 0 && gainBest < 0.1*total) {
			break
		}
		chosen = append(chosen, pick)
		for i, t := range toks {
			if has(pick, t) {
				covered[i] = true
			}
		}
	}
	aligned := 0.0
	for i := range toks {
		switch {
		case covered[i]:
			aligned += weights[i]
		case inSource[i]:
			a.misaligned++
		default:
			a.missing = append(a.missing, toks[i].raw)
		}
	}
	a.aligned, a.anywhere = aligned/total, anywhere/total
	// Pairs of adjacent claim words found close together in one aligned
	// sentence.
	found := 0
	for i := 0; i+1 < len(toks); i++ {
		if toks[i+1].gap {
			continue
		}
		counted := false
		for _, r := range chosen {
			p := [2]string{toks[i].stem[r.src], toks[i+1].stem[r.src]}
			if p[0] == p[1] {
				break
			}
			if !counted {
				a.pairsTotal++
				counted = true
			}
			if r.src.sentences[r.k].pairs[p] {
				found++
				break
			}
		}
	}
	a.pairsMissing = a.pairsTotal - found
	a.pairs = 1
	if a.pairsTotal > 0 {
		a.pairs = float64(found) / float64(a.pairsTotal)
	}
	alignedNeg := false
	for _, r := range chosen {
		alignedNeg = alignedNeg || r.src.sentences[r.k].negation
	}
	a.negation = len(chosen) > 0 && claimNeg && !alignedNeg
	a.antonym = hasAntonym(toks, chosen)
	a.phrasing = 1
	for i, t := range toks {
		f := fold(strings.ToLower(t.raw))
		name := i > 0 && capitalised(t.raw) && !covered[i]
		if !name && (!closedClass[f] || capitalised(t.raw)) {
			continue // "West Brom", "Second Avenue": part of a name, checked as one
		}
		if !slices.ContainsFunc(chosen, func(r sentenceRef) bool { return has(r, t) }) {
			a.critical = append(a.critical, t.raw)
		}
	}
	a.critical = append(a.critical, newFirstNames(body, srcs)...)
	a.renamed = renamedActor(body, chosen)
	if a.verbatimWords() {
		a.phrasing, a.cuts = phrasing(body, chosen)
	}
	return a
}

// newFirstNames returns the words of body that the sources never use and
// that stand right before a surname the sources give a title ("alexander
// tsilikin" where the source has "dmitry tsilikin" and "Mr Tsilikin"): a
// first name made up or taken from someone else. A capitalised name is
// checked as a name already; this catches one written in lower case.
func newFirstNames(body string, srcs []*source) []string {
	var out []string
	for _, part := range ellipsis.Split(body, -1) {
		ws := words(part)
		for i := 0; i+1 < len(ws); i++ {
			lw := strings.ToLower(ws[i])
			f, next := fold(lw), fold(strings.ToLower(ws[i+1]))
			if !isContent(f) || isNumber(f) || titles[f] {
				continue
			}
			if !anySource(srcs, func(src *source) bool { return src.titled[next] }) {
				continue
			}
			if !anySource(srcs, func(src *source) bool { return src.stems[stem(lw, src.lang)] || containsWord(src.folded, f) }) {
				out = append(out, ws[i])
			}
		}
	}
	return out
}

// titles are the words that put a person's surname after them.
var titles = setOf("mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady")

// phrasing measures how far body keeps the wording of its aligned
// sentences. Its words (every word: content words as stems, the others
// folded) are cut, left to right, into the longest runs that one aligned
// sentence holds as they stand. Every place between two neighbouring words
// counts: inside a run it is kept, and so is a join of two runs from the
// same sentence (a trimmed or reordered sentence); a join of runs from
// different sentences, or beside a word in no run of two, is not. The
// result is the share kept. Words either side of an ellipsis are not
// neighbours.
//
// It also counts the cuts that change a sentence's meaning: where two
// neighbouring runs come from one sentence, in its order, with words left
// out between them, and what was left out holds a clause's subject ("he",
// "she", "they"), a negation or, in a gap of one or two words, a verb's
// -ing form ("filmed [emptying] out the contents", "charged with
// [orchestrating] the killing"), unless punctuation sets the gap off as an
// aside; or the gap runs across a comma or a dash with neither of its ends
// at one, so that what is kept now belongs to something else.
func phrasing(body string, chosen []sentenceRef) (share float64, cuts int) {
	found, total := 0, 0
	for _, part := range ellipsis.Split(body, -1) {
		ws := words(part)
		if len(ws) < 2 {
			continue
		}
		prev := piece{sent: -1}
		for i, p := range cover(claimForms(ws, chosen), chosen) {
			if i > 0 {
				total++
				if p.sent >= 0 && p.sent == prev.sent {
					found++
					r := chosen[p.sent]
					if r.src.sentences[r.k].meaningCut(prev.at+prev.n, p.at) {
						cuts++
					}
				}
			}
			if p.sent >= 0 {
				found += p.n - 1
				total += p.n - 1
			}
			prev = p
		}
	}
	if total == 0 {
		return 1, cuts
	}
	return float64(found) / float64(total), cuts
}

// A piece is a stretch of a claim's words that one aligned sentence holds
// as it stands: the claim's words from..from+n are the words at..at+n of
// chosen[sent]. A word in no run of two is a piece of its own, with sent
// -1.
type piece struct{ from, n, sent, at int }

// claimForms returns the words ws in each aligned sentence's language:
// content words as stems, the others folded.
func claimForms(ws []string, chosen []sentenceRef) [][]string {
	cts := make([][]string, len(chosen))
	for j, r := range chosen {
		if j > 0 && chosen[j-1].src.lang == r.src.lang {
			cts[j] = cts[j-1]
			continue
		}
		cts[j] = make([]string, len(ws))
		for k, w := range ws {
			lw := strings.ToLower(w)
			cts[j][k] = fold(lw)
			if isContent(cts[j][k]) {
				cts[j][k] = stem(lw, r.src.lang)
			}
		}
	}
	return cts
}

// cover cuts a claim's words (cts, from claimForms) left to right into
// the longest runs that one aligned sentence holds as they stand; on a
// tie the sentence of the run before wins.
func cover(cts [][]string, chosen []sentenceRef) []piece {
	if len(chosen) == 0 {
		return nil
	}
	var out []piece
	prev := -1
	for i := 0; i < len(cts[0]); {
		best := piece{from: i, sent: -1}
		for j, r := range chosen {
			at, n := longestRun(r.src.sentences[r.k].tokens, cts[j][i:])
			if n > best.n || n == best.n && j == prev {
				best.at, best.n, best.sent = at, n, j
			}
		}
		if best.n < 2 {
			best = piece{from: i, n: 1, sent: -1}
		}
		out = append(out, best)
		prev = best.sent
		i += best.n
	}
	return out
}

// renamedActor reports whether body names its actor in words of its own
// choosing and then copies what the actor did: a short reference (at most
// maxReference words, perhaps after an article or a possessive) that one
// aligned sentence holds as it stands, followed by a predicate of at
// least minPredicate words copied from another ("The jockey | retires
// from professional racing for good", from "the jockey they all struggle
// to beat" and "before he retires from professional racing for good").
// A summary refers to the people of its source that way; a reference
// that opens with a preposition is no actor.
func renamedActor(body string, chosen []sentenceRef) bool {
	if ellipsis.MatchString(body) {
		return false
	}
	ws := words(body)
	if len(ws) == 0 || prepositions[fold(strings.ToLower(ws[0]))] {
		return false
	}
	ps := cover(claimForms(ws, chosen), chosen)
	if len(ps) > 0 && ps[0].sent < 0 && determiners[fold(strings.ToLower(ws[0]))] {
		ps = ps[1:]
	}
	if len(ps) != 2 {
		return false
	}
	ref, pred := ps[0], ps[1]
	if ref.sent < 0 || pred.sent < 0 || ref.sent == pred.sent || ref.n > maxReference || pred.n < minPredicate {
		return false
	}
	// The source's own actor for the predicate: a description ("the
	// council approved") is another actor than the claim's ("The
	// opposition approved"); a name or a pronoun is one a summary may
	// call by a description of its own.
	ss := chosen[pred.sent].src.sentences[chosen[pred.sent].k]
	k := pred.at - 1
	for k >= 0 && pred.at-k <= 3 && isContent(fold(ss.words[k])) {
		k--
	}
	return k == pred.at-1 || k < 0 || !articles[fold(ss.words[k])]
}

const (
	maxReference = 5
	minPredicate = 4
)

var (
	articles     = setOf("the", "a", "an")
	determiners  = setOf("the", "a", "an", "his", "her", "its", "their", "this", "that", "these", "those", "one", "our")
	prepositions = setOf("after", "before", "in", "on", "at", "for", "with", "from", "by", "to", "of", "during", "since")
)

// subjectPronouns are the words that open a clause of its own: cutting
// one out hands its clause to the subject before it.
var subjectPronouns = setOf("he", "she", "they")

// meaningCut reports whether leaving out the sentence's words from..to
// (token positions, to exclusive) changes what the rest says: see
// phrasing.
func (ss *sourceSentence) meaningCut(from, to int) bool {
	if to <= from || from == 0 || len(ss.words) != len(ss.tokens) || len(ss.pause) != len(ss.words) {
		return false
	}
	if ss.pause[from-1] && ss.pause[to-1] {
		return false // an aside between commas, dashes or brackets
	}
	if !ss.pause[from-1] && !ss.pause[to-1] && slices.Contains(ss.pause[from:to-1], true) {
		return true // across a clause or a list: what is kept now modifies something else
	}
	for _, w := range ss.words[from:to] {
		if subjectPronouns[w] || negations[fold(w)] || to-from <= 2 && utf8.RuneCountInString(w) > 5 && strings.HasSuffix(w, "ing") {
			return true
		}
	}
	return false
}

// longestRun finds the longest prefix of run that xs holds as consecutive
// items: where it starts in xs (the first place) and its length.
func longestRun(xs, run []string) (at, n int) {
	for i := range xs {
		k := 0
		for i+k < len(xs) && k < len(run) && xs[i+k] == run[k] {
			k++
		}
		if k > n {
			at, n = i, k
		}
	}
	return at, n
}

// A sentenceRef is one sentence of one cited source.
type sentenceRef struct {
	src *source
	k   int
}

// A claimToken is one content word of a claim, with its stem in each
// cited source's language.
type claimToken struct {
	raw  string
	stem map[*source]string
	gap  bool // words were left out before it ("…")
}

// negations are the words that turn a statement around, folded.
var negations = setOf("not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without",
	"cannot", "nunca", "jamas", "jamais", "ningun", "ninguna", "nadie", "sin", "nicht", "kein",
	"keine", "nie", "non", "nao")

// hasNegation reports whether s holds a negation word or a "n't".
func hasNegation(s string) bool {
	f := fold(s)
	if strings.Contains(f, "n't") {
		return true
	}
	for _, w := range words(f) {
		if negations[w] {
			return true
		}
	}
	return false
}

// antonymPairs are English word pairs of opposite meaning, as stems.
var antonyms = map[string][]string{}

func init() {
	pairs := []string{
		"increas decreas", "rise fall", "rose fell", "higher lower", "more less", "more fewer",
		"win lose", "won lost", "accept reject", "approv reject", "guilti innoc", "before after",
		"first last", "open close", "start end", "begin end", "allow ban", "allow forbid",
		"support oppos", "agre disagre", "includ exclud", "gain loss", "strong weak",
		"larg small", "major minor", "posit negat", "success failur", "succeed fail", "legal illeg",
		"earli late", "public privat", "domest foreign", "old young", "old new", "male femal",
		"man woman", "men women", "best worst", "maximum minimum", "abov below", "insid outsid",
		"arriv leav", "arriv depart", "buy sell", "bought sold", "import export", "north south",
		"east west", "up down", "high low", "long short", "lowest highest", "boy girl",
		"husband wife", "father mother", "son daughter", "brother sister", "mr mrs", "he she",
		"him her", "his her", "king queen", "democrat republican", "liber conserv", "left right",
		"enter exit", "hire fire", "elect defeat", "releas arrest", "acquit convict", "confirm deni",
		"true fals", "alway never", "dead aliv", "die surviv", "friend enemi", "peac war",
		"safe danger", "rich poor", "cheap expens", "hot cold", "warm cold", "wet dri",
		"full empti", "heavi light", "fast slow", "quick slow", "easi difficult", "easi hard",
		"love hate", "prais critic", "ralli protest", "attack defend", "ad remov", "add remov",
		"rais lower", "rais cut", "boost cut", "expand shrink", "expand cut", "lift impos",
		"resign appoint", "most least", "minor major", "junior senior", "morn even", "day night",
		"yesterday tomorrow", "inbound outbound", "mani few", "entir partial", "temporari perman",
		"declin increas", "declin rise", "declin grow", "drop rise", "drop increas", "fall increas",
		"struggl thrive", "struggl flourish", "troubl thrive", "troubl success", "weaken strengthen",
		"shrink grow", "loss profit", "surplus deficit", "worsen improv", "protest celebr",
	}
	for _, p := range pairs {
		f := strings.Fields(p)
		antonyms[f[0]] = append(antonyms[f[0]], f[1])
		antonyms[f[1]] = append(antonyms[f[1]], f[0])
	}
}

// hasAntonym reports whether a claim word is missing from the aligned
// sentences while one of its antonyms (English) is there.
func hasAntonym(toks []claimToken, aligned []sentenceRef) bool {
	for _, r := range aligned {
		if l := baseLang(r.src.lang); l != "en" && l != "" {
			continue
		}
		set := r.src.sentences[r.k].set
		for _, t := range toks {
			w := t.stem[r.src]
			if set[w] || slices.ContainsFunc(aligned, func(o sentenceRef) bool { return o.src.sentences[o.k].set[t.stem[o.src]] }) {
				continue
			}
			for _, o := range antonyms[w] {
				if set[o] {
					return true
				}
			}
		}
	}
	return false
}

// supportReason explains a low support score to an editor.
func supportReason(a alignment, ref string) string {
	var parts []string
	if len(a.missing) > 0 {
		ms := a.missing
		if len(ms) > 5 {
			ms = append(ms[:5:5], "…")
		}
		parts = append(parts, "words not in "+ref+": "+strings.Join(ms, ", "))
	}
	if a.negation {
		parts = append(parts, "a negation the matching source sentences do not have")
	}
	if a.antonym {
		parts = append(parts, "a word whose opposite the matching source sentences use")
	}
	if a.aligned < 0.8 {
		parts = append(parts, fmt.Sprintf("only %.0f%% of it matches the closest source sentences", 100*a.aligned))
	}
	if a.cuts > 0 {
		parts = append(parts, "it leaves out words of a source sentence that change what the rest says")
	}
	msg := fmt.Sprintf("weak support in %s (score %.2f)", ref, a.score())
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	return msg
}

// closedClass are words a summary may not swap for a near neighbour
// without changing the fact: colours, number words and ordinals, words
// for people by sex or kinship, units of time. A paraphrase rewords a
// verb; it keeps these as the source has them.
var closedClass = setOf(
	"red", "orange", "yellow", "green", "blue", "purple", "pink", "white", "black", "brown", "grey", "gray",
	"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	"twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "trillion", "dozen",
	"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last",
	"man", "men", "woman", "women", "boy", "boys", "girl", "girls", "male", "female", "gay", "lesbian",
	"husband", "wife", "father", "mother", "son", "daughter", "brother", "sister", "uncle", "aunt",
	"grandfather", "grandmother",
	"second", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
	"year", "years", "decade", "decades", "century", "centuries",
	"morning", "afternoon", "evening", "night", "yesterday", "today", "tomorrow",
	"north", "south", "east", "west", "northern", "southern", "eastern", "western",
)
