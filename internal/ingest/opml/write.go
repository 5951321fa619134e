package opml

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"beatdesk"
)

const writeOp = "opml.Write"

// Write writes sources as an OPML 2.0 document titled title, one outline of
// type "rss" per source in the order given. Every value is escaped; the
// language and country go in the outline's language and country attributes
// (OPML 2.0 allows attributes of one's own), so Parse reads back the same
// names, addresses, languages and countries. It returns an error of kind
// beatdesk.ErrInvalid, naming the source, when a source does not validate,
// and the writer's error otherwise. Nothing is written when a source is
// invalid.
func Write(w io.Writer, title string, sources []beatdesk.Source) error {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	b.WriteString("<opml version=\"2.0\">\n  <head>\n    <title>")
	escape(&b, clean(title))
	b.WriteString("</title>\n  </head>\n  <body>\n")
	for i := range sources {
		s := &sources[i]
		if err := s.Validate(); err != nil {
			return beatdesk.Errorf(beatdesk.ErrInvalid, writeOp, "source %d (%q): %s", i+1, clip(s.Name, 80), beatdesk.Message(err))
		}
		name := clean(s.Name)
		b.WriteString("    <outline type=\"rss\"")
		attr(&b, "text", name)
		attr(&b, "title", name)
		attr(&b, "xmlUrl", s.FeedURL)
		attr(&b, "htmlUrl", s.SiteURL)
		attr(&b, "language", s.Lang)
		attr(&b, "country", s.Country)
		b.WriteString("/>\n")
	}
	b.WriteString("  </body>\n</opml>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("%s: %w", writeOp, err)
	}
	return nil
}

// attr writes ` name="value"`, leaving out empty values.
func attr(b *strings.Builder, name, value string) {
	if value == "" {
		return
	}
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	escape(b, value)
	b.WriteByte('"')
}

// escape writes s escaped for XML text and attribute values: markup
// characters, quotes and line breaks become references, and characters
// XML cannot carry become U+FFFD.
func escape(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s)) // a strings.Builder does not fail
}
