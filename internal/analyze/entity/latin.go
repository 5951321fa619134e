package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Latin spells a word or name in lower-case ASCII letters where it can, so
// that one name written in several scripts compares alike: "Путин" →
// "putin", "Αθήνα" → "athina", "Bogotá" → "bogota", "Łódź" → "lodz".
// Cyrillic and Greek follow simple one-letter-at-a-time schemes close to
// the ones newspapers use; Arabic script, which writes few vowels, gives a
// consonant skeleton ("ترامب" → "tramb") that matches other Arabic spellings
// of the name better than the English one. Runes of other scripts (Han,
// kana, Hangul...) are kept, lower-cased; marks are dropped.
func Latin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		case r >= 0x400 && r <= 0x4FF:
			if t, ok := cyrillic[unicode.ToLower(r)]; ok {
				b.WriteString(t)
				continue
			}
			b.WriteRune(fold(r))
		case r >= 0x370 && r <= 0x3FF:
			f := fold(r) // drops the tonos
			if t, ok := greek[f]; ok {
				b.WriteString(t)
				continue
			}
			b.WriteRune(f)
		case r >= 0x600 && r <= 0x6FF:
			f := foldArabic(r)
			if f < 0 {
				continue
			}
			if t, ok := arabic[f]; ok {
				b.WriteString(t)
				continue
			}
			b.WriteRune(f)
		case r < 0x500:
			if f := fold(r); f >= 0 {
				b.WriteRune(f)
			}
		default:
			if !unicode.IsMark(r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'ђ': "d", 'џ': "dz", 'ѕ': "dz",
}

// greek is keyed by folded (lower-case, unaccented) letters.
var greek = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps",
	'ω': "o",
}

// arabic is keyed by letters after foldArabic; long vowels become vowels,
// short ones are not written.
var arabic = map[rune]string{
	'ا': "a", 'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d",
	'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t",
	'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m",
	'ن': "n", 'ه': "h", 'و': "w", 'ي': "y", 'ء': "", 'پ': "p", 'چ': "ch", 'ژ': "zh",
	'گ': "g",
}
