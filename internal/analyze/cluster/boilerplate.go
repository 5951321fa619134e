package cluster

import (
	"hash/fnv"
	"strings"
	"unicode"
)

// Boilerplate: what a site prints around every article (a cookie notice,
// "This material may not be published…", a press office's letterhead) or
// instead of it (a captcha page). Two articles from one site share it
// whatever their stories, so it made them look alike. A Scorer counts in
// how many distinct texts each sentence occurs, and a Profile leaves out
// the sentences found in boilerplateTexts or more.

const (
	// boilerplateTexts is in how many distinct texts a sentence must occur
	// to be boilerplate. Three reports of one story seldom share a whole
	// sentence; at two, agency copy and one article's paraphrases would
	// count.
	boilerplateTexts = 3
	// sentenceWords is the fewest words (letters, for languages written
	// without spaces) a sentence needs to be counted: short ones ("Read
	// more", a dateline) recur by chance.
	sentenceWords = 4
	sentenceRunes = 12
)

// A sentence is a span of a text and the key it is counted under ("" when
// too short to count).
type sentence struct {
	text string
	key  uint64
}

// sentencesOf splits s after each sentence end, keeping every byte.
func sentencesOf(s string) []sentence {
	var out []sentence
	start := 0
	for i, r := range s {
		if strings.ContainsRune(".!?。！？\n", r) {
			end := i + len(string(r))
			out = append(out, sentence{text: s[start:end]})
			start = end
		}
	}
	if start < len(s) {
		out = append(out, sentence{text: s[start:]})
	}
	for i := range out {
		out[i].key = sentenceKey(out[i].text)
	}
	return out
}

// sentenceKey hashes a sentence's words, lower-cased, punctuation and
// spacing ignored; 0 when it is too short to count.
func sentenceKey(s string) uint64 {
	words, runes := 0, 0
	inWord := false
	h := fnv.New64a()
	var buf [4]byte
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord {
				words++
				h.Write([]byte{' '})
			}
			inWord = true
			runes++
			n := encodeRune(buf[:], unicode.ToLower(r))
			h.Write(buf[:n])
			continue
		}
		inWord = false
	}
	if words < sentenceWords && runes < sentenceRunes {
		return 0
	}
	if words < sentenceWords && !hasUnspaced(s) {
		return 0
	}
	return h.Sum64() | 1
}

func encodeRune(b []byte, r rune) int {
	s := string(r)
	return copy(b, s)
}

// hasUnspaced reports whether s holds Han, kana or Thai letters, which are
// written without spaces between words.
func hasUnspaced(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai) {
			return true
		}
	}
	return false
}

// observeSentences counts the sentences of d, once per distinct text.
func (s *Scorer) observeSentences(d Doc) {
	sum := textSum(d)
	keys := map[uint64]bool{}
	for _, part := range []string{d.Title, d.Text} {
		for _, x := range sentencesOf(part) {
			if x.key != 0 {
				keys[x.key] = true
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.texts[sum] {
		return
	}
	s.texts[sum] = true
	for k := range keys {
		s.sentences[k]++
	}
}

// stripBoilerplate returns d without its boilerplate sentences.
func (s *Scorer) stripBoilerplate(d Doc) Doc {
	s.mu.RLock()
	defer s.mu.RUnlock()
	strip := func(part string) string {
		var b strings.Builder
		for _, x := range sentencesOf(part) {
			if x.key != 0 && s.sentences[x.key] >= boilerplateTexts {
				b.WriteByte(' ')
				continue
			}
			b.WriteString(x.text)
		}
		return b.String()
	}
	d.Title, d.Text = strip(d.Title), strip(d.Text)
	return d
}

// textSum identifies a text and its language.
func textSum(d Doc) uint64 {
	h := fnv.New64a()
	h.Write([]byte(d.Lang + "\x00" + d.Title + "\x00" + d.Text))
	return h.Sum64()
}
