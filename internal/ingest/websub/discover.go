package websub

import (
	"strings"

	"beatdesk/internal/ingest/canon"
)

// Discover returns the hub to subscribe at and the topic to subscribe to
// for a feed fetched from feedURL, or hub "" when it names none.
//
// The specification (section 4) has subscribers look at the HTTP Link
// headers first and at the document's own links only in their absence, so
// a hub or self link in linkHeader wins over docHub and docSelf (the
// feed's, as package feed reads them). The topic is the self link; a feed
// that names none is its own topic, at the URL it was fetched from.
// Relative links are resolved against feedURL; only http(s) counts. Of
// several hubs the first is taken.
func Discover(linkHeader []string, docHub, docSelf, feedURL string) (hub, topic string) {
	hub, topic = linkTargets(linkHeader, feedURL)
	if hub == "" {
		hub = resolve(feedURL, docHub)
	}
	if topic == "" {
		topic = resolve(feedURL, docSelf)
	}
	if topic == "" {
		topic = resolve("", feedURL)
	}
	if hub == "" {
		return "", ""
	}
	return hub, topic
}

// linkTargets reads RFC 8288 Link header values for the first hub and self
// targets. A link with an anchor parameter is about something other than
// the fetched document, and is skipped.
func linkTargets(values []string, base string) (hub, self string) {
	for _, v := range values {
		for _, l := range parseLinks(v) {
			if l.anchor {
				continue
			}
			for _, rel := range strings.Fields(l.rel) {
				switch {
				case strings.EqualFold(rel, "hub") && hub == "":
					hub = resolve(base, l.target)
				case strings.EqualFold(rel, "self") && self == "":
					self = resolve(base, l.target)
				}
			}
		}
	}
	return hub, self
}

type link struct {
	target, rel string
	anchor      bool
}

// parseLinks reads one Link header value: a comma-separated list of
// <target>; param=value; ... where values may be quoted strings holding
// commas and semicolons. Anything it cannot read ends the list: a
// malformed header yields the links before the damage.
func parseLinks(v string) []link {
	var out []link
	s := v
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" || s[0] != '<' {
			return out
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return out
		}
		l := link{target: strings.TrimSpace(s[1:end])}
		s = s[end+1:]
		for {
			s = strings.TrimLeft(s, " \t")
			if s == "" || s[0] == ',' {
				break
			}
			if s[0] != ';' {
				return append(out, l) // junk after the link: keep it, stop here
			}
			s = strings.TrimLeft(s[1:], " \t")
			i := strings.IndexAny(s, "=;,")
			name := s
			if i >= 0 {
				name = s[:i]
			}
			name = strings.ToLower(strings.TrimSpace(name))
			var value string
			if i >= 0 && s[i] == '=' {
				value, s = paramValue(strings.TrimLeft(s[i+1:], " \t"))
			} else if i >= 0 {
				s = s[i:]
			} else {
				s = ""
			}
			switch name {
			case "rel":
				if l.rel == "" { // the first rel counts (RFC 8288, 3.3)
					l.rel = value
				}
			case "anchor":
				l.anchor = true
			}
		}
		out = append(out, l)
	}
}

// paramValue reads a token or a quoted string from the start of s and
// returns it with the rest of s.
func paramValue(s string) (value, rest string) {
	if s == "" || s[0] != '"' {
		i := strings.IndexAny(s, ";,")
		if i < 0 {
			return strings.TrimSpace(s), ""
		}
		return strings.TrimSpace(s[:i]), s[i:]
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), "" // unterminated: take what there is
}

// resolve returns ref made absolute against base, without its fragment
// (a topic is a document), or "" unless that is an http(s) URL with a host.
func resolve(base, ref string) string {
	u := canon.Resolve(base, ref)
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	return u
}
