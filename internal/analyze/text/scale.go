package text

import "strings"

// Amounts are written with a scale word as often as with digits: "$6.2
// billion", "6.200 millones de dólares", "6,2 Milliarden". For a story's
// reports in several languages to share the figure, a number followed by
// its scale word is read as the one amount, written in digits
// ("6200000000"), and the scale word is dropped. Only Document (the
// clusterer's reading) does this; search keeps the words as written.

// scaleWords gives, per language, the words that multiply the number
// before them by 10^n. "" holds what reads the same in most languages;
// a language's own entry wins. Long-scale languages call 10^12 a
// "billion" (French "billion", Spanish "billón", German "Billion").
// English plurals ("thousands", "millions") are left out: after a number
// they follow a year ("in 2023 thousands marched"), not an amount.
var scaleWords = map[string]map[string]int{
	"": {
		"thousand": 3, "million": 6, "mn": 6, "mln": 6, "billion": 9, "bn": 9, "trillion": 12,
	},
	"es": {"mil": 3, "millón": 6, "millon": 6, "millones": 6, "billón": 12, "billon": 12, "billones": 12},
	"pt": {"mil": 3, "milhão": 6, "milhao": 6, "milhões": 6, "milhoes": 6, "bilhão": 9, "bilhao": 9, "bilhões": 9, "bilhoes": 9},
	"fr": {"millions": 6, "milliard": 9, "milliards": 9, "billion": 12, "billions": 12},
	"de": {"tausend": 3, "mio": 6, "millionen": 6, "mrd": 9, "milliarde": 9, "milliarden": 9, "billion": 12, "billionen": 12},
	"it": {"mila": 3, "milione": 6, "milioni": 6, "miliardo": 9, "miliardi": 9},
	"nl": {"duizend": 3, "miljoen": 6, "miljard": 9, "mld": 9},
	"pl": {"tys": 3, "tysięcy": 3, "milion": 6, "miliony": 6, "milionów": 6, "miliard": 9, "miliardy": 9, "miliardów": 9, "mld": 9},
	"ru": {"тыс": 3, "тысяч": 3, "тысячи": 3, "млн": 6, "миллион": 6, "миллиона": 6, "миллионов": 6, "млрд": 9, "миллиард": 9, "миллиарда": 9, "миллиардов": 9},
	"tr": {"bin": 3, "milyon": 6, "milyar": 9},
	"ar": {"ألف": 3, "آلاف": 3, "مليون": 6, "ملايين": 6, "مليار": 9, "مليارات": 9},
}

// thousandWords are the words for a thousand that, followed by the word
// for a million, make a billion: Spanish and Portuguese "mil millones",
// "mil milhões".
var thousandWords = map[string]bool{"mil": true}

// scaleOf returns the power of ten word stands for after a number in
// lang, or 0.
func scaleOf(word, lang string) int {
	w := strings.ToLower(word)
	if n, ok := scaleWords[lang][w]; ok {
		return n
	}
	return scaleWords[""][w]
}

// scaledNumber reads the number toks[i] with the scale words after it,
// and returns it in digits and how many tokens it took (1 when no scale
// word follows).
func scaledNumber(toks []token, i int, lang string) (string, int) {
	num := toks[i].word
	n, used := 0, 1
	for k := i + 1; k < len(toks) && k <= i+2 && !toks[k].number && toks[k].sentence == toks[i].sentence; k++ {
		s := 0
		if e := toks[k].lex; e != nil {
			s = e.scale
		} else {
			s = scaleOf(toks[k].word, lang)
		}
		if s == 0 || (used > 1 && !(thousandWords[strings.ToLower(toks[k-1].word)] && s >= 6)) {
			break
		}
		n += s
		used++
	}
	if n == 0 || !IsNumber(num) || strings.Count(num, ".") > 1 {
		return num, 1
	}
	if n == 3 && len(num) == 4 && !strings.Contains(num, ".") {
		return num, 1 // a year before "mil" or "bin" reads as a year
	}
	return shiftDecimal(num, n), used
}

// shiftDecimal multiplies the decimal number s (digits with at most one
// '.') by 10^n.
func shiftDecimal(s string, n int) string {
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < n {
		frac += "0"
	}
	return decimal(whole+frac[:n], frac[n:])
}
