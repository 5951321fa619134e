package cite

import (
	"strings"

	"beatdesk"
)

// A Verdict is the verifier's answer on a free-standing claim: whether
// its cited text supports it, the lowest support score of its sentences
// (0 to 1) and the reasons for any failure.
type Verdict struct {
	Supported bool
	Score     float64
	Reasons   []string
}

// VerifyClaim checks claim, one or more sentences, against source, the
// full text it cites, in language lang ("" when unknown). Each sentence
// goes through the same Checker.Check the desk runs on every draft
// sentence, cited to the source as [1]; the claim is supported when
// every sentence is.
func VerifyClaim(source, claim, lang string) Verdict {
	return NewSourceChecker(source, lang).VerifyClaim(claim)
}

// NewSourceChecker returns a Checker for one source text, cited as [1],
// for checking many claims against it with VerifyClaim: the source is
// prepared once.
func NewSourceChecker(source, lang string) *Checker {
	return NewChecker([]beatdesk.Citation{{N: 1, Lang: lang, Passage: source}})
}

// VerifyClaim checks claim against the Checker's citation [1], as the
// function VerifyClaim does.
func (c *Checker) VerifyClaim(claim string) Verdict {
	v := Verdict{Supported: true, Score: 1}
	sentences := Sentences(claim)
	if len(sentences) == 0 {
		return Verdict{Reasons: []string{"the claim is empty"}}
	}
	for _, s := range sentences {
		s = markerPattern.ReplaceAllString(s, "")
		if strings.TrimSpace(s) == "" {
			continue
		}
		f, score := c.CheckScored(s + " [1]")
		v.Score = min(v.Score, score)
		if !f.Supported {
			v.Supported = false
			v.Reasons = append(v.Reasons, excerpt(strings.TrimSpace(s))+": "+f.Reason)
		}
	}
	return v
}
