package feed

import (
	"strings"

	"github.com/mmcdole/gofeed/rss"
)

// WebSub discovery in a feed document (W3C WebSub, section 4): the
// feed-level links with rel="hub" (where updates are pushed from) and
// rel="self" (the feed's canonical address, which is the topic one
// subscribes to). Atom writes them as <link> children of <feed>; RSS
// borrows Atom's element, <atom:link>, inside <channel>. Links inside
// entries are never read: an entry's content is anyone's text.
//
// Both readers apply the same rule: the first link naming the relation
// wins, in document order (for RSS, Atom's prefixes in gofeed's order).

// noteLink records href under each WebSub relation rel names, unless one
// was found earlier. Relation names compare case-insensitively (RFC 8288).
func (h *head) noteLink(rel, href string) {
	if strings.TrimSpace(href) == "" {
		return
	}
	for _, r := range strings.Fields(rel) {
		switch {
		case strings.EqualFold(r, "hub") && h.hub == "":
			h.hub = href
		case strings.EqualFold(r, "self") && h.self == "":
			h.self = href
		}
	}
}

// rssWebSubLinks reads the channel's <atom:link> elements as gofeed kept
// them.
func rssWebSubLinks(rf *rss.Feed) (hub, self string) {
	var h head
	for _, key := range atomKeys {
		for _, x := range rf.Extensions[key]["link"] {
			h.noteLink(x.Attrs["rel"], x.Attrs["href"])
		}
	}
	return h.hub, h.self
}

// webSubLinks reads the channel's <atom:link> elements as the direct
// reader keeps them, by the same rule.
func (xs exts) webSubLinks(h *head) {
	for _, key := range atomKeys {
		for _, x := range xs {
			if x.key == key && x.name == "link" {
				h.noteLink(x.attrs.lastAttr("rel"), x.attrs.lastHref())
			}
		}
	}
}
