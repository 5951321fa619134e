package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/analyze/lang"
)

const clusterUsage = `usage: beatdesk cluster < ARTICLES

Reads articles as JSON lines on standard input, in the order they arrived:

  {"id": "a1", "text": "...", "title": "...", "lang": "en", "date": "2024-03-01T08:00:00Z", "source": "...", "url": "..."}

id (a string or a number, unique) and text are required; title, lang
(ISO 639-1; detected from the text when absent), date (RFC 3339, or
YYYY-MM-DD; the latest date seen so far when absent), source and url
(the article's address: with an empty text, the words of its path count
with the title's) are optional. At the end of the input it prints, one
line per article in the order given, the story the article ended in:

  {"id": "a1", "story": 1}

Articles are placed online, one by one in the order given, with nothing
read ahead: an article joins the open story most like it, or starts one;
a story closes when it has had no article for a while (by the articles'
dates). Two stories that grow alike merge, the older id surviving, and a
story of full articles that falls into two groups apart splits in two,
the group with its first article keeping the id; so an article printed
with its story at the end may carry an id its story took on after it
arrived. With --stream each article's story is printed as soon as it is
read instead (a later merge or split is then not shown). Stories are
numbered from 1 in the order they start. This is the clustering step of
the pipeline, without the store. A malformed line stops the run with an
error naming it, after the answers before it.

`

// maxClusterLine bounds one input line: a whole article with its text.
const maxClusterLine = 16 << 20

// clusterInput is one line of `beatdesk cluster`'s input.
type clusterInput struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Title  string          `json:"title"`
	Lang   string          `json:"lang"`
	Date   string          `json:"date"`
	Source string          `json:"source"`
	URL    string          `json:"url"`
}

// clusterOutput is one line of its output.
type clusterOutput struct {
	ID    json.RawMessage `json:"id"`
	Story int64           `json:"story"`
}

// runCluster runs `beatdesk cluster`.
func runCluster(args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("cluster", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, clusterUsage)
		fs.PrintDefaults()
	}
	stream := fs.Bool("stream", false, "print each article's story as soon as it is read, not the story it ended in")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("cluster: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("cluster: unexpected argument %q; the articles come on standard input, one JSON object a line", fs.Arg(0))
	}

	c := cluster.NewClusterer()
	detector := lang.New()
	seen := map[string]int{} // id → line
	var latest time.Time
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriter(stdout)
	// Without --stream the answers wait for the end of the input (or a bad
	// line), to name each article's story as it ended.
	var held []clusterOutput
	defer func() {
		for i, o := range held {
			o.Story = c.StoryOf(i)
			b, _ := json.Marshal(o) // an id already checked as JSON, and a number
			out.Write(b)
			out.WriteByte('\n')
		}
		if ferr := out.Flush(); ferr != nil && err == nil {
			err = fmt.Errorf("cluster: writing output: %w", ferr)
		}
	}()
	for n := 1; ; n++ {
		line, err := readLine(in, maxClusterLine)
		if errors.Is(err, io.EOF) && len(line) == 0 {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("cluster: line %d: %w", n, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		a, id, err := parseClusterLine(line, latest)
		if err != nil {
			return fmt.Errorf("cluster: line %d: %w", n, err)
		}
		if first, dup := seen[id]; dup {
			return fmt.Errorf("cluster: line %d: id %s was already given on line %d; ids must be unique", n, id, first)
		}
		seen[id] = n
		if a.Lang == "" {
			a.Lang = detector.Detect(a.Title+"\n"+a.Text, "")
		}
		if a.Published.After(latest) {
			latest = a.Published
		}
		o := clusterOutput{ID: json.RawMessage(id), Story: c.Add(a)}
		if !*stream {
			held = append(held, o)
			continue
		}
		b, err := json.Marshal(o)
		if err != nil {
			return fmt.Errorf("cluster: line %d: %w", n, err)
		}
		out.Write(b)
		out.WriteByte('\n')
		// Answer each article as soon as no more input is waiting, so a
		// caller can feed articles one at a time; in a batch, write in
		// large blocks.
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return fmt.Errorf("cluster: writing output: %w", err)
			}
		}
	}
	return nil
}

// readLine returns the next line of r without its line ending, or an
// error if it is longer than limit bytes. At the end of input it returns
// the last line (if any) with io.EOF.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > limit {
			// Skip to the end of the line, so the error is the only
			// consequence.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			return nil, fmt.Errorf("longer than %d MB; send one article a line", limit>>20)
		}
		line = append(line, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if err != nil {
			return line, err
		}
		return line, nil
	}
}

// parseClusterLine reads one input line into an article, dating it at
// latest when it has no date. It returns the article's id as compact
// JSON, to print back unchanged.
func parseClusterLine(line []byte, latest time.Time) (cluster.Doc, string, error) {
	var in clusterInput
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields() // a misspelt "titel" would otherwise go unnoticed
	if err := dec.Decode(&in); err != nil {
		return cluster.Doc{}, "", fmt.Errorf("not a JSON object with fields id, text, title, lang, date, source, url: %w", err)
	}
	if dec.More() {
		return cluster.Doc{}, "", errors.New("more than one JSON value; give one article a line")
	}
	id, err := clusterID(in.ID)
	if err != nil {
		return cluster.Doc{}, "", err
	}
	if in.Text == nil {
		return cluster.Doc{}, "", errors.New(`no "text" field; every article needs its text (it may be "" when there is a title)`)
	}
	if strings.TrimSpace(*in.Text) == "" && strings.TrimSpace(in.Title) == "" {
		return cluster.Doc{}, "", errors.New("empty text and title: nothing to cluster")
	}
	d := cluster.Doc{Title: in.Title, Text: *in.Text, Lang: strings.TrimSpace(in.Lang), Published: latest, URL: in.URL}
	if len(d.Lang) > 0 && !validLangTag(d.Lang) {
		return cluster.Doc{}, "", fmt.Errorf("lang %q is not a language code such as en or pt-BR", in.Lang)
	}
	if in.Date != "" {
		if d.Published, err = parseClusterDate(in.Date); err != nil {
			return cluster.Doc{}, "", err
		}
	}
	return d, id, nil
}

// clusterID checks an article id: a non-empty JSON string, or a number.
func clusterID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New(`no "id" field; every article needs a unique id, a string or a number`)
	}
	switch {
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil || strings.TrimSpace(s) == "" {
			return "", errors.New("id is an empty string; give each article a unique id")
		}
	case raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", fmt.Errorf("id %s is not a number", raw)
		}
	default:
		return "", fmt.Errorf("id %s is neither a string nor a number", raw)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", fmt.Errorf("id: %w", err)
	}
	return b.String(), nil
}

// validLangTag reports whether s looks like a language tag: letters, digits
// and hyphens, starting with two or three letters.
func validLangTag(s string) bool {
	if len(s) > 35 {
		return false
	}
	base, _, _ := strings.Cut(s, "-")
	if len(base) < 2 || len(base) > 3 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	for _, r := range base {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// parseClusterDate reads an article's date: RFC 3339, or a day, or a date
// and time without a zone (taken as UTC).
func parseClusterDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not RFC 3339 (2024-03-01T08:00:00Z) or a day (2024-03-01)", s)
}
