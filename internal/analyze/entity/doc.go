// Package entity finds the places a news text mentions, in any of the
// languages the newsroom reads.
//
// The gazetteer is our own: every ISO 3166 country mapped to one of the
// site's regions, country names in many languages from
// golang.org/x/text/language/display, and a hand-written list (gazetteer.txt)
// of short forms, demonyms, capitals, major cities and the sub-national areas
// that recur in the news (Sinaloa, Darfur, Donbas, Gaza, Kashmir...).
//
// Matching is on whole words after folding case and accents, so "Mexico",
// "MÉXICO" and "México" are one name. Han, kana and Hangul have no spaces, so
// each of their characters is a token of its own and names match inside runs
// of them. Arabic clitics (و ف ب ل ك, and لل for ل + ال) are stripped
// from a word's front when the whole word is not a name. Other inflection is
// not undone: where a case ending matters (Russian "в Москве", "Украины")
// the inflected form is listed as an alias.
//
// Case: in Latin, Greek and Cyrillic text a name matches only where each of
// its capitalised words is capitalised in the text (all-capital headlines
// count). That is what keeps "chad", "turkey", "china" and "la paz" (peace)
// from being places, while "Chad", "Turkey" and "La Paz" are. Acronyms such as
// "US" must match exactly ("us" is a pronoun), and lower-case adjectives such
// as "mexicano" or "israélien" match in any case. A few places that are also
// first names (Chad, Jordan, Sofia, Santiago...) are skipped when a
// capitalised word follows, as in "Chad Smith" or "Santiago Peña".
//
// Ambiguity: a name several places share ("Georgia" the country and the US
// state, "Córdoba", "Valencia", "Punjab", "Congo") goes to the place whose
// country the rest of the text mentions most; with no such evidence, to the
// first one listed (the country Georgia, Córdoba in Argentina, the DR Congo).
// Contested places (Jerusalem, Kashmir) and multi-country areas (the Sahel,
// Latin America) carry a region but no country.
package entity
