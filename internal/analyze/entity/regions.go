package entity

import (
	"slices"
	"strings"
)

// regionCountries lists every ISO 3166-1 alpha-2 code (and XK, Kosovo) under
// the one site region it belongs to. The choices where reasonable people
// differ: Turkey, the Caucasus and Central Asia go with Europe (the European
// security beat covers them); Sudan, Mauritania and the Horn with
// Sub-Saharan Africa; Greenland with North America; Afghanistan with South
// Asia; the uninhabited Antarctic territories with "world".
var regionCountries = map[string]string{
	"latin-america": "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM " +
		"KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
	"north-america": "US CA BM GL PM UM",
	"europe": "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM IS " +
		"IT JE KG KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TJ TM TR UA UZ VA XK",
	"middle-east-north-africa": "AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SY TN YE",
	"sub-saharan-africa": "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR " +
		"MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW",
	"east-asia":  "CN HK JP KP KR MN MO TW",
	"south-asia": "AF BD BT IN IO LK MV NP PK",
	"southeast-asia-oceania": "AS AU BN CC CK CX FJ FM GU ID KH KI LA MH MM MP MY NC NF NR NU NZ PF PG PH PN " +
		"PW SB SG TH TK TL TO TV VN VU WF WS",
	"world": "AQ BV HM TF",
}

// countryRegion is regionCountries inverted: code → region slug.
var countryRegion = func() map[string]string {
	m := make(map[string]string, 260)
	for region, codes := range regionCountries {
		for _, c := range strings.Fields(codes) {
			m[c] = region
		}
	}
	return m
}()

// CountryRegion returns the region slug (one of beatdesk.Regions) of an
// ISO 3166-1 alpha-2 country code, in either case.
func CountryRegion(code string) (region string, ok bool) {
	region, ok = countryRegion[strings.ToUpper(code)]
	return region, ok
}

// Countries returns every country code the gazetteer knows, sorted.
func Countries() []string {
	out := make([]string, 0, len(countryRegion))
	for c := range countryRegion {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
