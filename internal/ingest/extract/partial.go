package extract

import (
	"regexp"
	"strings"
)

// The partial-page rule. A page is Partial (a paywall stub, a login wall,
// a bot check or an error page, not the article) when both hold:
//
//  1. its main text is short: fewer than partialWords words; and
//  2. there is a sign: a phrase from stubPhrases in the main text or in
//     the page's <title>, or markup that declares a paywall (schema.org
//     "isAccessibleForFree": false in JSON-LD, or a class or id naming a
//     paywall or regwall).
//
// Both are needed: many full articles carry paywall markup for search
// engines, and a short news brief is not a stub. Phrases are matched
// case-insensitively; they cover English, Spanish, Portuguese, French,
// German and Italian wording.
const partialWords = 250

var stubPhrases = []string{
	// paywalls and login walls
	"subscribe to continue", "subscribe to read", "subscribe now to", "subscribers only",
	"for subscribers", "exclusive to subscribers", "to continue reading", "continue reading with",
	"already a subscriber", "already subscribed", "sign in to continue", "log in to continue",
	"login to continue", "register to continue", "create a free account", "this article is for",
	"suscríbete", "suscribete", "exclusivo para suscriptores", "solo para suscriptores",
	"para seguir leyendo", "contenido exclusivo", "exclusivo para assinantes", "assine para",
	"réservé aux abonnés", "abonnez-vous", "pour lire la suite", "nur für abonnenten",
	"jetzt abonnieren", "weiterlesen mit", "abo abschließen", "riservato agli abbonati",
	"abbonati per", "per continuare a leggere",
	// bot checks and blocks
	"enable javascript", "javascript is disabled", "javascript is required",
	"turn on javascript", "enable cookies", "access denied", "access to this page has been denied",
	"captcha", "verify you are human", "verify that you are human", "are you a robot",
	"not a robot", "unusual traffic", "checking your browser", "just a moment",
	"attention required", "ddos protection", "request blocked", "403 forbidden",
	"you have been blocked",
}

var notFreeRE = regexp.MustCompile(`(?i)"isAccessibleForFree"\s*:\s*"?false`)

func notFreeLD(js string) bool { return notFreeRE.MatchString(js) }

func paywallMarker(classOrID string) bool {
	s := strings.ToLower(classOrID)
	return strings.Contains(s, "paywall") || strings.Contains(s, "regwall") || strings.Contains(s, "subscriber-only")
}

func hasStubPhrase(s string) bool {
	s = strings.ToLower(s)
	for _, p := range stubPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// isPartial applies the rule above.
func isPartial(words int, text string, h pageHints) bool {
	if words >= partialWords {
		return false
	}
	return h.paywalled || hasStubPhrase(text) || hasStubPhrase(h.title)
}
