package web

import "net/http"

// contentPolicy allows nothing the pages do not use: no scripts at all,
// styles and images only from this site (inline SVG is markup, not an
// image load), forms only to this site and to formTargets, and no
// framing.
//
// Browsers apply form-action to the redirect that answers a form too, so
// with payments on, Stripe Checkout's origin must be listed: the
// membership and contribution forms answer with a redirect there.
func contentPolicy(formTargets ...string) string {
	action := "'self'"
	for _, t := range formTargets {
		action += " " + t
	}
	return "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
		"form-action " + action + "; frame-ancestors 'none'; base-uri 'none'"
}

// checkoutOrigin is where Stripe Checkout pages are served.
const checkoutOrigin = "https://checkout.stripe.com"

// securityHeaders sets the headers every response carries; policy is the
// Content-Security-Policy (see contentPolicy).
func securityHeaders(https bool, policy string, h http.Handler) http.Handler {
	// Made once and shared by every response (net/http only reads them,
	// and a handler that sets one replaces it): six fewer allocations a
	// request on the busiest path.
	set := [][2]string{
		{"Content-Security-Policy", policy},
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", "DENY"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	}
	if https {
		set = append(set, [2]string{"Strict-Transport-Security", "max-age=31536000"})
	}
	values := make([][]string, len(set))
	for i, kv := range set {
		values[i] = []string{kv[1]}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		for i, kv := range set {
			hd[kv[0]] = values[i]
		}
		h.ServeHTTP(w, r)
	})
}
