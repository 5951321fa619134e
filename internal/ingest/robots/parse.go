package robots

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/temoto/robotstxt"
)

// parse reads the rules of a robots.txt body. It never fails: RFC 9309
// asks parsers to skip what they cannot read, while robotstxt rejects a
// whole file for one bad line. So the body is first rewritten line by line
// into a form the library always accepts, keeping every line it would
// understand and dropping the rest:
//
//   - user-agent, allow, disallow, crawl-delay and sitemap lines, written
//     as "key: first-value" (comments, odd spacing and typos such as
//     "useragent" normalised);
//   - allow, disallow and crawl-delay before any user-agent are dropped
//     (they belong to no group);
//   - a crawl-delay that is not a non-negative number is dropped.
//
// Only the first MaxSize bytes count; a line cut by that limit is dropped.
func parse(body []byte) *robotstxt.RobotsData {
	if len(body) > MaxSize {
		body = body[:MaxSize]
		if i := bytes.LastIndexAny(body, "\r\n"); i >= 0 {
			body = body[:i+1]
		}
	}
	rules, err := robotstxt.FromBytes(normalise(body))
	if err != nil {
		// Not reached with normalised input; a file we cannot read at all
		// is one without rules, as for a 404.
		return nil
	}
	return rules
}

func normalise(body []byte) []byte {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
	var out bytes.Buffer
	out.Grow(len(body))
	inGroup := false
	for len(body) > 0 {
		var line []byte
		if i := bytes.IndexAny(body, "\r\n"); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			line, body = body, nil
		}
		key, value, ok := field(line)
		if !ok {
			continue
		}
		switch key {
		case "user-agent", "useragent", "user agent":
			if value == "" {
				continue
			}
			key, inGroup = "user-agent", true
		case "allow", "disallow":
			if !inGroup {
				continue
			}
		case "crawl-delay", "crawldelay":
			f, err := strconv.ParseFloat(value, 64)
			if !inGroup || err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				continue
			}
			key = "crawl-delay"
		case "sitemap":
		default:
			continue
		}
		out.WriteString(key)
		out.WriteString(": ")
		out.WriteString(value)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// field splits a robots.txt line into its lower-case key and the first
// word of its value, without the comment. ok is false for a line with no
// "key:" in it.
func field(line []byte) (key, value string, ok bool) {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	k, v, ok := strings.Cut(string(line), ":")
	if !ok {
		return "", "", false
	}
	key = strings.ToLower(strings.Join(strings.Fields(k), " "))
	if words := strings.Fields(v); len(words) > 0 {
		value = words[0]
	}
	return key, value, key != ""
}
