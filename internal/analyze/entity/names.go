package entity

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// displayLangs are the languages whose country names (from CLDR, through
// x/text/language/display) go into the index: the languages our
// correspondents read and our default sources publish in. Vietnamese is left
// out on purpose: its one-syllable names ("Mỹ", the United States) fold to
// common words in other languages.
var displayLangs = []string{
	"en", "es", "fr", "pt", "de", "it", "nl", "pl", "ru", "uk", "tr",
	"ar", "fa", "ur", "he", "hi", "bn", "zh", "zh-Hant", "ja", "ko", "id", "sw",
}

// displaySkip are countries whose CLDR names are phrases ("Hong Kong SAR
// China", "Palestinian Territories") that would teach the index wrong
// short forms; gazetteer.txt names them by hand instead.
var displaySkip = map[string]bool{"HK": true, "MO": true, "PS": true}

// displayDeny are CLDR names that are also common words or first names in
// some language we read: French "Maurice" and "Dominique", Spanish
// "Reunión" (meeting) and "Granada", German "Island", Arabic and Persian
// "مالي" (financial), Hindi "माली" (gardener), Russian "Того" (of that),
// "Cad" (and CAD, the Canadian dollar). Those countries are still found
// by their other names.
var displayDeny = map[string][]string{
	"BJ": {"بنين"},
	"DK": {"Dania"},
	"DM": {"Dominique", "Dominika"},
	"GD": {"Granada", "Grenade"},
	"GH": {"Gana"},
	"GP": {"Guadalupe", "Guadalupa", "Gwadelupa"},
	"IN": {"Indie"},
	"IS": {"Island"},
	"MA": {"Fas"},
	"ML": {"مالي", "مالی", "माली"},
	"MU": {"Mauricio", "Maurice", "Maurício", "Morisi"},
	"NF": {"Norfolk"},
	"RE": {"Reunión", "Réunion", "Reunião", "Riunione", "Reunion"},
	"SV": {"Salvador"},
	"SY": {"شام"}, // also "evening" in Urdu and Persian
	"TD": {"Cad", "Çad"},
	"TG": {"Того"},
}

// englishNames are the names editors expect where CLDR's English short name
// reads oddly in a sentence.
var englishNames = map[string]string{
	"BA": "Bosnia and Herzegovina",
	"CD": "DR Congo",
	"CG": "Republic of the Congo",
	"CI": "Côte d'Ivoire",
	"CZ": "Czech Republic",
	"HK": "Hong Kong",
	"MK": "North Macedonia",
	"MM": "Myanmar",
	"MO": "Macau",
	"PS": "Palestine",
	"SZ": "Eswatini",
	"US": "United States",
	"GB": "United Kingdom",
}

// CountryName returns the name of an ISO 3166-1 alpha-2 country in a
// language given as a BCP 47 tag ("en", "es", "zh-Hant"). It falls back to
// English for languages CLDR does not cover, and returns the code itself for
// codes it does not know, so a caller always has something to print.
func CountryName(code, lang string) string {
	code = strings.ToUpper(code)
	if _, ok := countryRegion[code]; !ok {
		return code
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	if base, _ := tag.Base(); base.String() == "en" {
		if n, ok := englishNames[code]; ok {
			return n
		}
		return tidyEnglish(displayName(code, language.English))
	}
	if n := displayName(code, tag); n != "" {
		return n
	}
	return CountryName(code, "en")
}

// displayName is CLDR's name for code in tag, or "".
func displayName(code string, tag language.Tag) string {
	namer := display.Regions(tag)
	if namer == nil {
		return ""
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	return namer.Name(r)
}

func tidyEnglish(n string) string {
	n = strings.ReplaceAll(n, " & ", " and ")
	if strings.HasPrefix(n, "St. ") {
		n = "Saint " + n[len("St. "):]
	}
	return n
}

// displayAliases splits a CLDR name into the forms a text would use:
// "Myanmar (Burma)" gives both names, "Congo - Kinshasa" gives itself and
// "Congo".
func displayAliases(code, n string) []string {
	var out []string
	for _, open := range []string{"(", "（"} {
		if i := strings.Index(n, open); i > 0 {
			inner := n[i+len(open):]
			for _, close := range []string{")", "）"} {
				inner = strings.TrimSuffix(inner, close)
			}
			// Only Myanmar's aside is another name for it; elsewhere it
			// names the owner ("(США)" for the US islands) or a capital.
			if code == "MM" {
				out = append(out, strings.TrimSpace(inner))
			}
			n = strings.TrimSpace(n[:i])
		}
	}
	out = append(out, n)
	for _, dash := range []string{" - ", " – "} {
		if i := strings.Index(n, dash); i > 0 {
			out = append(out, strings.TrimSpace(n[:i]))
		}
	}
	return out
}
