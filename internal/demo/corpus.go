package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"beatdesk"
)

// An Outlet is a fictional publication of the demo world.
type Outlet struct {
	Slug    string // URL path segment, e.g. "el-vigia"
	Name    string // shown to readers, e.g. "El Vigía Metropolitano"
	Lang    string // ISO 639-1
	Country string // ISO 3166-1 alpha-2
	Kind    string // feed format: KindRSS, KindAtom or KindJSON
}

// Feed kinds an outlet may publish.
const (
	KindRSS  = "rss"
	KindAtom = "atom"
	KindJSON = "json"
)

// An Article is one piece an outlet published about a story.
type Article struct {
	Outlet string // outlet slug
	Slug   string // unique within the outlet
	Story  string // id of the story it covers (see Stories)
	Lang   string // the outlet's language
	Title  string
	Author string
	// Age is how long before the server's start time it was published, so
	// the demo always looks fresh.
	Age        time.Duration
	Paragraphs []string
}

// A Story is the ground truth the corpus was written to: one fictional
// development, and the region it belongs to. End-to-end tests compare the
// clusterer's stories with these.
type Story struct {
	ID      string // e.g. "mx-fresnillo-police"
	Region  string // a beatdesk.Regions slug
	Summary string // one English sentence, for people reading test output
}

//go:embed corpus
var corpusFS embed.FS

// Corpus returns the embedded outlets and articles, validated. Articles are
// ordered by outlet, newest first. An error (ErrInvalid) names the file and
// line that is malformed.
func Corpus() ([]Outlet, []Article, error) {
	c, err := loadCorpus(corpusFS, "corpus")
	if err != nil {
		return nil, nil, err
	}
	return c.outlets, c.articles, nil
}

// Stories returns the stories the embedded corpus covers, in file order.
func Stories() ([]Story, error) {
	c, err := loadCorpus(corpusFS, "corpus")
	if err != nil {
		return nil, err
	}
	return c.stories, nil
}

type corpus struct {
	outlets  []Outlet
	stories  []Story
	articles []Article
}

var (
	slugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	langRE    = regexp.MustCompile(`^[a-z]{2}$`)
	countryRE = regexp.MustCompile(`^[A-Z]{2}$`)
)

// The longest age an article may have: older than this and a poller with a
// freshness window would ignore it.
const maxAge = 14 * 24 * time.Hour

// loadCorpus reads outlets.yaml, stories.yaml and <outlet>/<slug>.txt under
// dir in fsys, and checks that everything refers to something that exists.
func loadCorpus(fsys fs.FS, dir string) (*corpus, error) {
	const op = "demo.Corpus"
	c := &corpus{}
	var err error
	if c.outlets, err = loadOutlets(fsys, path.Join(dir, "outlets.yaml")); err != nil {
		return nil, err
	}
	if c.stories, err = loadStories(fsys, path.Join(dir, "stories.yaml")); err != nil {
		return nil, err
	}
	stories := map[string]int{}
	for _, s := range c.stories {
		stories[s.ID] = 0
	}
	for _, o := range c.outlets {
		odir := path.Join(dir, o.Slug)
		entries, err := fs.ReadDir(fsys, odir)
		if err != nil {
			return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "outlet %s has no article directory %s; create it with at least one .txt article", o.Slug, odir)
		}
		for _, e := range entries {
			name := path.Join(odir, e.Name())
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
				return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s: only <slug>.txt article files belong in an outlet directory", name)
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("%s: read %s: %w", op, name, err)
			}
			a, err := parseArticle(name, data)
			if err != nil {
				return nil, err
			}
			a.Outlet, a.Lang = o.Slug, o.Lang
			if _, ok := stories[a.Story]; !ok {
				return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:1: story %q is not listed in stories.yaml; add it there or fix the id", name, a.Story)
			}
			stories[a.Story]++
			c.articles = append(c.articles, a)
		}
	}
	// Directories that match no outlet are most likely a typo in a slug.
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: read %s: %w", op, dir, err)
	}
	for _, e := range entries {
		if e.IsDir() && !slices.ContainsFunc(c.outlets, func(o Outlet) bool { return o.Slug == e.Name() }) {
			return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s: directory matches no outlet in outlets.yaml; add the outlet or rename the directory", path.Join(dir, e.Name()))
		}
	}
	for _, s := range c.stories {
		if stories[s.ID] == 0 {
			return nil, beatdesk.Errorf(beatdesk.ErrInvalid, op, "stories.yaml: story %s has no articles; write some or remove it", s.ID)
		}
	}
	slices.SortStableFunc(c.articles, func(a, b Article) int {
		if a.Outlet != b.Outlet {
			return strings.Compare(a.Outlet, b.Outlet)
		}
		return int(a.Age - b.Age)
	})
	return c, nil
}

// parseArticle reads one article file: a header of "key: value" lines
// (title, author, story, age), a blank line, then paragraphs separated by
// blank lines. Lines within a paragraph are joined with a space.
func parseArticle(name string, data []byte) (Article, error) {
	const op = "demo.Corpus"
	bad := func(line int, format string, args ...any) error {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	a := Article{Slug: strings.TrimSuffix(path.Base(name), ".txt")}
	if !slugRE.MatchString(a.Slug) {
		return a, bad(1, "file name %q must be lower-case words joined by hyphens, ending in .txt", path.Base(name))
	}
	lines := strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n")
	seen := map[string]bool{}
	i := 0
	for ; i < len(lines); i++ {
		line := lines[i]
		if !utf8.ValidString(line) {
			return a, bad(i+1, "not valid UTF-8; save the file as UTF-8")
		}
		if strings.TrimSpace(line) == "" {
			break
		}
		key, value, ok := strings.Cut(line, ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok || value == "" {
			return a, bad(i+1, "header line %q is not \"key: value\"; the header ends at the first blank line", line)
		}
		if seen[key] {
			return a, bad(i+1, "%s is given twice", key)
		}
		seen[key] = true
		switch key {
		case "title":
			a.Title = value
		case "author":
			a.Author = value
		case "story":
			if !slugRE.MatchString(value) {
				return a, bad(i+1, "story id %q must be lower-case words joined by hyphens", value)
			}
			a.Story = value
		case "age":
			d, err := time.ParseDuration(value)
			if err != nil || d <= 0 || d > maxAge {
				return a, bad(i+1, "age %q must be a duration such as 5h or 26h30m, above zero and at most %v", value, maxAge)
			}
			a.Age = d
		default:
			return a, bad(i+1, "unknown header key %q; use title, author, story and age", key)
		}
	}
	for _, key := range []string{"title", "author", "story", "age"} {
		if !seen[key] {
			return a, bad(1, "the header has no %q line", key)
		}
	}
	var para []string
	flush := func() {
		if len(para) > 0 {
			a.Paragraphs = append(a.Paragraphs, strings.Join(para, " "))
			para = nil
		}
	}
	for ; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if !utf8.ValidString(line) {
			return a, bad(i+1, "not valid UTF-8; save the file as UTF-8")
		}
		if line == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	if len(a.Paragraphs) == 0 {
		return a, bad(len(lines), "the article has no paragraphs after the header's blank line")
	}
	return a, nil
}

func loadOutlets(fsys fs.FS, name string) ([]Outlet, error) {
	const op = "demo.Corpus"
	var out []Outlet
	err := eachRecord(fsys, name, []string{"slug", "name", "lang", "country", "kind"}, func(line int, f map[string]string) error {
		o := Outlet{Slug: f["slug"], Name: f["name"], Lang: f["lang"], Country: f["country"], Kind: f["kind"]}
		switch {
		case !slugRE.MatchString(o.Slug):
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: slug %q must be lower-case words joined by hyphens", name, line, o.Slug)
		case !langRE.MatchString(o.Lang):
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: lang %q must be an ISO 639-1 code such as es", name, line, o.Lang)
		case !countryRE.MatchString(o.Country):
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: country %q must be an ISO 3166 code such as MX", name, line, o.Country)
		case o.Kind != KindRSS && o.Kind != KindAtom && o.Kind != KindJSON:
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: kind %q must be rss, atom or json", name, line, o.Kind)
		case slices.ContainsFunc(out, func(p Outlet) bool { return p.Slug == o.Slug }):
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: outlet %s is listed twice", name, line, o.Slug)
		}
		out = append(out, o)
		return nil
	})
	return out, err
}

func loadStories(fsys fs.FS, name string) ([]Story, error) {
	const op = "demo.Corpus"
	var out []Story
	err := eachRecord(fsys, name, []string{"id", "region", "summary"}, func(line int, f map[string]string) error {
		s := Story{ID: f["id"], Region: f["region"], Summary: f["summary"]}
		switch {
		case !slugRE.MatchString(s.ID):
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: story id %q must be lower-case words joined by hyphens", name, line, s.ID)
		case slices.ContainsFunc(out, func(t Story) bool { return t.ID == s.ID }):
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: story %s is listed twice", name, line, s.ID)
		}
		if _, ok := beatdesk.RegionBySlug(s.Region); !ok {
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: region %q is not one of beatdesk.Regions", name, line, s.Region)
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// eachRecord reads a YAML file holding a list of flat mappings whose keys
// are exactly fields, and calls fn with each record's line and values.
// Walking the nodes ourselves (rather than decoding into structs) lets every
// error name the line a person has to fix.
func eachRecord(fsys fs.FS, name string, fields []string, fn func(line int, f map[string]string) error) error {
	const op = "demo.Corpus"
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("%s: read %s: %w", op, name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s: %v", name, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:1: expected a list of entries, each starting with \"- %s:\"", name, fields[0])
	}
	for _, rec := range doc.Content[0].Content {
		if rec.Kind != yaml.MappingNode {
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: expected an entry of \"key: value\" lines", name, rec.Line)
		}
		f := map[string]string{}
		for i := 0; i+1 < len(rec.Content); i += 2 {
			k, v := rec.Content[i], rec.Content[i+1]
			if !slices.Contains(fields, k.Value) {
				return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: unknown key %q; the keys are %s", name, k.Line, k.Value, strings.Join(fields, ", "))
			}
			if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
				return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: %s needs a plain text value", name, v.Line, k.Value)
			}
			if _, dup := f[k.Value]; dup {
				return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: %s is given twice", name, k.Line, k.Value)
			}
			f[k.Value] = strings.TrimSpace(v.Value)
		}
		for _, want := range fields {
			if _, ok := f[want]; !ok {
				return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%s:%d: entry has no %s", name, rec.Line, want)
			}
		}
		if err := fn(rec.Line, f); err != nil {
			return err
		}
	}
	return nil
}
