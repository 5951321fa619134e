package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/web/site"
)

//go:embed templates
var templateFiles embed.FS

// views holds the parsed pages and renders them inside the layout.
type views struct {
	siteName string
	log      *slog.Logger
	pages    map[string]*template.Template // "site/article" → layout + partials + page
	readers  *scs.SessionManager
	editors  *scs.SessionManager

	// chrome is the reader site's layout rendered once, with holes for
	// the page's title, head and main content and the flash message; by
	// whether a reader is signed in, and whether a flash is shown.
	chrome [2][2][]byte
	// templates names the text of every template, so pages kept
	// rendered are rendered again when it changes.
	templates string
}

// A page is what the layout sees: the chrome around one page's Data.
type page struct {
	SiteName string
	Title    string
	Desk     bool   // the desk's chrome instead of the reader site's
	SignedIn bool   // a reader (on the site) or an editor (on the desk)
	Flash    string // a one-time notice set by the previous request, e.g. "You are signed in"
	CSS      string
	Data     any
}

func newViews(siteName string, log *slog.Logger, readers, editors *scs.SessionManager) *views {
	v := &views{siteName: siteName, log: log, pages: map[string]*template.Template{}, readers: readers, editors: editors}
	base := template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html"))
	for _, dir := range []string{"site", "desk", "."} {
		names, err := fs.Glob(templateFiles, path.Join("templates", dir, "*.html"))
		if err != nil {
			panic(err)
		}
		for _, name := range names {
			key := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
			if key == "layout" || key == "partials" {
				continue
			}
			t := template.Must(template.Must(base.Clone()).ParseFS(templateFiles, name))
			v.pages[key] = t
		}
	}
	v.templates = templatesSum()
	holes := template.Must(template.Must(base.Clone()).Parse(`{{define "head"}}{{hole "head"}}{{end}}{{define "main"}}{{hole "main"}}{{end}}`))
	for signedIn := range 2 {
		for flash := range 2 {
			p := page{SiteName: siteName, Title: titleMark, SignedIn: signedIn == 1, CSS: stylesheet}
			if flash == 1 {
				p.Flash = flashMark
			}
			var b bytes.Buffer
			if err := holes.ExecuteTemplate(&b, "layout", p); err != nil {
				panic(err)
			}
			out := bytes.ReplaceAll(b.Bytes(), []byte(titleMark), []byte(hole("title")))
			v.chrome[signedIn][flash] = bytes.ReplaceAll(out, []byte(flashMark), []byte(hole("flash")))
		}
	}
	return v
}

// Words that stand for the title and the flash message while the chrome
// is rendered; they become holes after it, as they are strings, which a
// template escapes, and a hole is markup.
const (
	titleMark = "beatdeskTitleHole"
	flashMark = "beatdeskFlashHole"
)

// hole marks a place in rendered markup that is filled later, for each
// request (see site.Fill). Escaped text never holds a NUL byte, so the
// mark cannot come from anything a template printed.
func hole(name string) template.HTML { return template.HTML("\x00" + name + "\x00") }

// templatesSum is a digest of every template's text.
func templatesSum() string {
	h := sha256.New()
	err := fs.WalkDir(templateFiles, "templates", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := templateFiles.ReadFile(name)
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
		return err
	})
	if err != nil {
		panic(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Prerender renders one template of a page (a part of "site/article",
// such as "main" or "article-gate") with data, to be kept and written
// out later by Page.
func (v *views) Prerender(name, part string, data any) ([]byte, error) {
	t, ok := v.pages[name]
	if !ok {
		return nil, fmt.Errorf("web.Prerender: no template %q", name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, part, page{SiteName: v.siteName, CSS: stylesheet, Data: data}); err != nil {
		return nil, fmt.Errorf("web.Prerender %s %s: %w", name, part, err)
	}
	return b.Bytes(), nil
}

// Page writes a reader site page whose head and main content are
// rendered already: the layout's chrome for this reader, with fill
// writing the holes "head" and "main" (and the holes within them).
func (v *views) Page(w http.ResponseWriter, r *http.Request, status int, title string, fill func(hole string, b *bytes.Buffer)) error {
	var signedIn bool
	var flash string
	if r.Context().Value(sessionLoaded{}) != nil {
		signedIn = v.readers.Exists(r.Context(), sessionKey(false))
		flash = v.readers.PopString(r.Context(), "flash")
	}
	chrome := v.chrome[b2i(signedIn)][b2i(flash != "")]
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	site.Fill(buf, chrome, func(name string, b *bytes.Buffer) {
		switch name {
		case "title":
			template.HTMLEscape(b, []byte(title))
		case "flash":
			template.HTMLEscape(b, []byte(flash))
		default:
			fill(name, b)
		}
	})
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if signedIn {
		h.Set("Cache-Control", "private, no-store") // as render: a page for this reader only
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Render writes the named page ("site/article", "desk/queue") with the
// given title and data. It renders into a buffer first, so a template
// error becomes an error page rather than half a page.
func (v *views) Render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) error {
	return v.render(w, r, status, name, page{Title: title, Desk: strings.HasPrefix(name, "desk/"), Data: data})
}

func (v *views) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) error {
	t, ok := v.pages[name]
	if !ok {
		return fmt.Errorf("web.Render: no template %q", name)
	}
	p.SiteName, p.CSS = v.siteName, stylesheet
	if r.Context().Value(sessionLoaded{}) != nil {
		sm := v.readers
		if p.Desk {
			sm = v.editors
		}
		p.SignedIn = sm.Exists(r.Context(), sessionKey(p.Desk))
		p.Flash = sm.PopString(r.Context(), "flash")
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("web.Render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if p.Desk || p.SignedIn {
		// Pages that depend on who is reading stay out of shared caches.
		h.Set("Cache-Control", "private, no-store")
	}
	w.WriteHeader(status)
	// A failed write means the reader has gone; there is no one to tell.
	w.Write(buf.Bytes())
	return nil
}

// buffers holds page buffers for reuse: growing a fresh one to the size
// of a page, for every page, was a tenth of rendering it.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // a rare huge page; let it go rather than keep it
	}
	b.Reset()
	buffers.Put(b)
}

// sessionKey names the session value that says someone is signed in.
func sessionKey(desk bool) string {
	if desk {
		return "user_id"
	}
	return "member_id"
}

// sessionLoaded marks a request's context once its session is loaded:
// scs panics when asked about a session it has not loaded, and a page
// rendered before that (an error loading it) shows nobody signed in.
type sessionLoaded struct{}

func markLoaded(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionLoaded{}, true)))
	})
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2 January 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2 Jan 2006, 15:04 UTC")
	},
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"language": languageName,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"add":     func(a, b int) int { return a + b },
	"hole":    hole,
	"cites":   cites,
	"plain":   plain,
	"regions": func() []beatdesk.Region { return beatdesk.Regions },
}

var (
	marker            = regexp.MustCompile(`\[([1-9]\d{0,3})\]`)
	spaceBeforeMarker = regexp.MustCompile(` ?\[[1-9]\d{0,3}\]`) // "plain" drops markers with their space
)

// plain drops a text's citation markers with the space before each.
func plain(s string) string {
	if strings.IndexByte(s, '[') < 0 {
		return strings.TrimSpace(s) // no marker: nothing for the pattern to do
	}
	return strings.TrimSpace(spaceBeforeMarker.ReplaceAllString(s, ""))
}

// A segment is a run of a paragraph's text, or one citation marker [N].
type segment struct {
	Text string
	N    int
}

// cites splits a paragraph at its citation markers so a template can link
// each [n] to the source list while html/template escapes the text.
func cites(para string) []segment {
	if strings.IndexByte(para, '[') < 0 {
		return []segment{{Text: para}} // no marker
	}
	var out []segment
	last := 0
	for _, m := range marker.FindAllStringSubmatchIndex(para, -1) {
		if m[0] > last {
			out = append(out, segment{Text: para[last:m[0]]})
		}
		n, _ := strconv.Atoi(para[m[2]:m[3]])
		out = append(out, segment{N: n})
		last = m[1]
	}
	if last < len(para) {
		out = append(out, segment{Text: para[last:]})
	}
	return out
}

// languageName turns "es" into "Spanish"; an unknown code is shown as it is.
func languageName(code string) string {
	if code == "" {
		return "language unknown"
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.English.Languages().Name(tag); name != "" {
		return name
	}
	return code
}

// KeepArticlePages renders and keeps the page of every live article that
// has no up-to-date one kept, as the site New returns for the same store
// and options would on each article's first read. Run it after filling
// or importing a store, or after a new build, so that no reader waits
// for a page to be rendered; progress hears the count after each batch.
func KeepArticlePages(ctx context.Context, s *store.Store, o Options, progress func(done int)) (int, error) {
	if o.SiteName == "" {
		o.SiteName = "beatdesk" // as New
	}
	v := newViews(o.SiteName, o.Logger, nil, nil)
	readerSite := &site.Site{Store: s, Prerender: v.Prerender, Templates: v.templates,
		SiteName: o.SiteName, BaseURL: strings.TrimRight(o.BaseURL, "/"), Personas: o.Personas,
		Illustrate: o.Illustrate, Supported: o.Payments != nil}
	return readerSite.KeepArticles(ctx, progress)
}
