// Package canon turns the many spellings of an article's address into one,
// so the same article reached through a newsletter link, a feed and a social
// post is stored once (articles are keyed by canonical URL).
//
// The rules of URL, in order:
//
//   - only absolute http and https URLs are accepted;
//   - scheme and host are lower-cased, trailing dots on the host are dropped,
//     and the default port (80 for http, 443 for https) is removed;
//   - user information (user:password@) and the fragment (#...) are dropped:
//     neither names a different article;
//   - the path has its dot segments ("/a/./b/../c" is "/a/c") resolved, and
//     an empty path becomes "/". That is the only trailing-slash rule: a
//     slash at the end of a non-empty path is kept, since "/news" and
//     "/news/" may be different pages on some servers;
//   - tracking parameters (utm_*, fbclid, gclid, mc_cid, ref, ...) are
//     removed from the query; the rest are sorted by name, then value, and
//     re-encoded in one consistent escaping. An empty query is dropped.
//
// URL is idempotent: URL(URL(x)) == URL(x).
package canon

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"sort"
	"strings"
)

// trackingParams are query parameters that say how a reader arrived, not
// which article they asked for. Lower-case; matched case-insensitively.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "ref": true, "ref_src": true, "ref_url": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "vero_conv": true,
	"ocid": true, "cmpid": true, "smid": true, "s_cid": true, "wt.mc_id": true,
	"at_medium": true, "at_campaign": true, "xtor": true, "icid": true,
}

// trackingPrefixes are families of tracking parameters.
var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "hsa_"}

func isTracking(name string) bool {
	n := strings.ToLower(name)
	if trackingParams[n] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// URL returns the canonical form of raw (see the package comment for the
// rules). It returns an error when raw is not an absolute http(s) URL.
func URL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canon.URL: %q is not a URL: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canon.URL: %q must start with http:// or https://", raw)
	}
	if u.Opaque != "" {
		return "", fmt.Errorf("canon.URL: %q has no host (write scheme://host/path)", raw)
	}
	host, err := canonicalHost(u)
	if err != nil {
		return "", fmt.Errorf("canon.URL: %q: %w", raw, err)
	}

	// RawPath keeps the page's own escaping (e.g. "%2F" inside a segment)
	// where it spells the same path; url.URL ignores it otherwise. Dot
	// segments are the same in both spellings.
	out := url.URL{Scheme: u.Scheme, Host: host, Path: cleanPath(u.Path), RawPath: cleanPath(u.EscapedPath())}
	out.RawQuery = cleanQuery(u.RawQuery)
	return out.String(), nil
}

func canonicalHost(u *url.URL) (string, error) {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", errors.New("URL has no host")
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
		if port != "" {
			host += ":" + port
		}
		return host, nil
	}
	if port != "" {
		return net.JoinHostPort(host, port), nil
	}
	return host, nil
}

// cleanPath resolves dot segments and keeps a trailing slash; an empty path
// becomes "/".
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	trailing := strings.HasSuffix(p, "/")
	c := path.Clean("/" + p)
	if trailing && c != "/" {
		c += "/"
	}
	return c
}

type param struct {
	key, value string
	hasValue   bool
}

// cleanQuery drops tracking parameters and sorts the rest.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var ps []param
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, hasValue := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			key = k
		}
		if key == "" || isTracking(key) {
			continue
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			value = v
		}
		ps = append(ps, param{key, value, hasValue})
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].key != ps[j].key {
			return ps[i].key < ps[j].key
		}
		return ps[i].value < ps[j].value
	})
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.key))
		// "?amp" and "?amp=" are kept apart: some servers treat them
		// differently, and the first is common.
		if p.hasValue {
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(p.value))
		}
	}
	return b.String()
}

// Resolve returns ref resolved against base, or "" when the result is not
// an absolute http(s) URL (mailto:, javascript:, unparseable input). It does
// not canonicalise: use URL for that. Surrounding white space is ignored.
func Resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !r.IsAbs() {
		b, err := url.Parse(strings.TrimSpace(base))
		if err != nil || !b.IsAbs() {
			return ""
		}
		r = b.ResolveReference(r)
	}
	r.Scheme = strings.ToLower(r.Scheme)
	if (r.Scheme != "http" && r.Scheme != "https") || r.Host == "" {
		return ""
	}
	return r.String()
}
