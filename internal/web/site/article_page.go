package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// A renderedArticle is an article page rendered once and kept in the
// store (rendered_pages), so that serving it is one read and a few
// copies rather than a template run. It holds what is the same for every
// reader, and apart from it each variant the gate chooses between. The
// members' continuation is rendered on its own, never into a part that
// other readers get.
type renderedArticle struct {
	headline        string // for the page's <title>
	region, persona string // whose "More in" and "More from" lists it shows

	// head and main are the page's head and content, the same for every
	// reader, with holes (see Fill) for what is not.
	head, main []byte

	members       []byte // the members-only continuation: for members only
	gateSignedIn  []byte // for everyone else: the invitation to join
	gateSignedOut []byte // the same, with a way to sign in
	sourcesLinks  []byte // the source list with direct links
	sourcesNames  []byte // the source list without them, and the sign-up form
}

// partsFormat numbers the encoding below and what goes into the parts; a
// change to either, or to the Go code that fills the page's data,
// changes it so that kept pages are rendered again.
const partsFormat = "article-parts-1"

// fields lists the parts in the order they are encoded.
func (a *renderedArticle) fields() []*[]byte {
	return []*[]byte{&a.head, &a.main, &a.members, &a.gateSignedIn, &a.gateSignedOut, &a.sourcesLinks, &a.sourcesNames}
}

// encode writes the article as its strings and parts, each after its
// length.
func (a *renderedArticle) encode() []byte {
	n := len(a.headline) + len(a.region) + len(a.persona)
	for _, f := range a.fields() {
		n += len(*f)
	}
	out := make([]byte, 0, n+10*binary.MaxVarintLen32)
	for _, s := range []string{a.headline, a.region, a.persona} {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	for _, f := range a.fields() {
		out = binary.AppendUvarint(out, uint64(len(*f)))
		out = append(out, *f...)
	}
	return out
}

var errParts = errors.New("site: a kept article page does not decode")

// decodeArticle reads what encode wrote; the parts share b's memory.
func decodeArticle(b []byte) (renderedArticle, error) {
	var a renderedArticle
	next := func() ([]byte, error) {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return nil, errParts
		}
		v := b[w : w+int(n) : w+int(n)]
		b = b[w+int(n):]
		return v, nil
	}
	for _, s := range []*string{&a.headline, &a.region, &a.persona} {
		v, err := next()
		if err != nil {
			return a, err
		}
		*s = string(v)
	}
	for _, f := range a.fields() {
		v, err := next()
		if err != nil {
			return a, err
		}
		*f = v
	}
	if len(b) != 0 {
		return a, errParts
	}
	return a, nil
}

// Fill writes text to b, calling hole for each hole in it: a name
// between two NUL bytes, which a template writes with {{hole "name"}}.
func Fill(b *bytes.Buffer, text []byte, hole func(name string, b *bytes.Buffer)) {
	for {
		i := bytes.IndexByte(text, 0)
		if i < 0 {
			b.Write(text)
			return
		}
		b.Write(text[:i])
		text = text[i+1:]
		j := bytes.IndexByte(text, 0)
		if j < 0 {
			return // an unclosed hole; holes come only from our templates
		}
		hole(string(text[:j]), b)
		text = text[j+1:]
	}
}

// baseMark stands for the site's address in kept pages, which hold it
// as a hole: the same store serves under any address (a test server's
// port, a new domain) without rendering every page again.
const baseMark = "https://beatdesk-base-url.invalid"

// baseInHoles says whether the address can be written into a hole as it
// is: only when escaping would leave it unchanged in every place a page
// holds it (attributes and JSON-LD), which holds for the characters
// here. Otherwise pages hold the address itself, and the fingerprint
// names it.
func baseInHoles(base string) bool {
	return strings.Trim(base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:/_~-") == ""
}

// fingerprint names what a kept page was rendered with besides the
// article: the templates, the site's settings, its correspondents and
// the build (its commit, when the binary records one).
func (s *Site) fingerprint() string {
	s.fingerprintOnce.Do(func() {
		h := sha256.New()
		fmt.Fprintf(h, "%s\n%s\n%q\n%v %v\n%+v\n", partsFormat, s.Templates, s.SiteName, s.Supported, s.Illustrate != nil, s.Personas)
		if info, ok := debug.ReadBuildInfo(); ok {
			// A new build may draw illustrations or word the page anew.
			for _, kv := range info.Settings {
				if kv.Key == "vcs.revision" || kv.Key == "vcs.time" {
					fmt.Fprintf(h, "%s=%s\n", kv.Key, kv.Value)
				}
			}
		}
		if !baseInHoles(s.BaseURL) {
			fmt.Fprintf(h, "%q\n", s.BaseURL)
		}
		s.fingerprintSum = hex.EncodeToString(h.Sum(nil)[:16])
	})
	return s.fingerprintSum
}

// keptArticle returns the article page for slug as kept in the store,
// rendering and keeping it first when the article changed since, or the
// site did. It returns ErrNotFound when no live article has the slug.
func (s *Site) keptArticle(ctx context.Context, slug string) (renderedArticle, int64, error) {
	var kept store.RenderedPage
	err := s.Store.View(ctx, func(tx *store.Tx) (err error) {
		kept, err = tx.RenderedPage(ctx, slug, s.fingerprint())
		return err
	})
	if err != nil {
		return renderedArticle{}, 0, err
	}
	if kept.Parts != nil {
		if a, err := decodeArticle(kept.Parts); err == nil {
			return a, kept.DraftID, nil
		}
	}
	a, err := s.renderArticle(ctx, slug)
	if err != nil {
		return a, 0, err
	}
	kept.Fingerprint, kept.Parts = s.fingerprint(), a.encode()
	// A page that cannot be kept now (the article changed meanwhile, or
	// the store is busy) is still served; the next request renders it.
	s.Store.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.SaveRenderedPage(ctx, kept)
		return err
	})
	return a, kept.DraftID, nil
}

// renderArticle reads the live article with the given slug and renders
// its page's parts.
func (s *Site) renderArticle(ctx context.Context, slug string) (renderedArticle, error) {
	var d beatdesk.Draft
	var notices []beatdesk.Notice
	err := s.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = tx.Published(ctx, slug); err != nil {
			return err
		}
		notices, err = tx.Notices(ctx, d.ID)
		return err
	})
	if err != nil {
		return renderedArticle{}, err
	}
	base := s.BaseURL
	if baseInHoles(base) {
		base = baseMark
	}
	correspondent, _ := s.persona(d.PersonaSlug)
	p := articlePage{
		Slug: d.Slug, Headline: d.Headline, Dek: d.Dek, Published: d.PublishedAt,
		Region:        beatdesk.Region{Slug: d.Region, Name: regionName(d.Region)},
		Correspondent: correspondent,
		Support:       s.Supported,
		Outlets:       d.Outlets(),
		Provenance: provenance{
			Extractive: d.Writer == "extractive", Writer: d.Writer,
			PromptVersion: d.Provenance.PromptVersion, StoodIn: d.Provenance.Fallback != "",
			Consulted: max(len(d.Provenance.Consulted), len(d.Citations)),
			Claims:    len(d.Findings), Supported: len(d.Findings) - d.Unsupported(), AutoPublish: d.AutoPublish,
		},
		Public: d.PublicSections(),
	}
	for _, c := range d.Citations {
		p.Sources = append(p.Sources, source{N: c.N, Outlet: c.Outlet, Title: c.Title, Lang: c.Lang, Published: c.Published, FetchedAt: c.FetchedAt})
	}
	for _, n := range notices {
		switch n.Kind {
		case beatdesk.NoticeUpdate:
			p.Updates = append(p.Updates, n)
		case beatdesk.NoticeCorrection:
			p.Corrections = append(p.Corrections, n)
		}
		p.Updated = n.At
	}
	p.Canonical = base + "/article/" + d.Slug
	p.LD = newsArticle(d, correspondent, s.SiteName, base, p.Canonical)
	if !p.Updated.IsZero() {
		p.LD["dateModified"] = p.Updated.UTC().Format(time.RFC3339)
	}
	var titles []string
	for _, sec := range d.MemberSections() {
		titles = append(titles, "“"+sec.Title+"”")
	}
	p.MemberTitles = joinAnd(titles)
	if s.Illustrate != nil {
		p.Illustration = template.HTML(s.Illustrate(d))
		p.Relates = relates(d)
	}

	a := renderedArticle{headline: d.Headline, region: d.Region, persona: d.PersonaSlug}
	render := func(part string, p articlePage) []byte {
		if err != nil {
			return nil
		}
		var b []byte
		b, err = s.Prerender("site/article", part, p)
		return b
	}
	a.head = bytes.ReplaceAll(render("head", p), []byte(baseMark), []byte("\x00base\x00"))
	a.main = render("main", p)
	gate := p
	a.gateSignedOut = render("article-gate", gate)
	gate.SignedIn = true
	a.gateSignedIn = render("article-gate", gate)
	a.sourcesNames = render("article-sources", p)
	links := p
	links.ShowLinks, links.Sources = true, make([]source, len(p.Sources))
	for i, src := range p.Sources {
		src.URL = d.Citations[i].URL
		links.Sources[i] = src
	}
	a.sourcesLinks = render("article-sources", links)
	// Only this part is rendered with the members' sections.
	members := articlePage{Members: d.MemberSections()}
	a.members = render("article-members", members)
	return a, err
}

// KeepArticles renders and keeps the page of every live article that has
// none kept, or an out-of-date one, as its first reader would otherwise;
// after filling or importing a store, or after a change to the site's
// templates, so that no reader waits for it. Each batch is rendered on
// every core and kept in one transaction. It calls progress after each
// batch with the count so far, and returns the count.
func (s *Site) KeepArticles(ctx context.Context, progress func(done int)) (int, error) {
	done := 0
	var after int64
	for {
		var ids []int64
		var slugs []string
		err := s.Store.View(ctx, func(tx *store.Tx) (err error) {
			ids, slugs, err = tx.PagesToRender(ctx, s.fingerprint(), after, 500)
			return err
		})
		if err != nil || len(ids) == 0 {
			return done, err
		}
		pages := make([]store.RenderedPage, len(slugs))
		errs := make([]error, len(slugs))
		var wg sync.WaitGroup
		next := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := range next {
					pages[i], errs[i] = s.renderToKeep(ctx, slugs[i])
				}
			})
		}
		for i := range slugs {
			next <- i
		}
		close(next)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return done, err
		}
		err = s.Store.Update(ctx, func(tx *store.Tx) error {
			for _, p := range pages {
				if p.Parts == nil {
					continue // kept already, or gone
				}
				if _, err := tx.SaveRenderedPage(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += len(slugs)
		after = ids[len(ids)-1]
		if progress != nil {
			progress(done)
		}
	}
}

// renderToKeep renders one article's page to keep, unless an up-to-date
// one is kept already or the article was retracted or changed meanwhile
// (no failure): then Parts is nil. Saving it checks again that the
// article has not changed since.
func (s *Site) renderToKeep(ctx context.Context, slug string) (store.RenderedPage, error) {
	var p store.RenderedPage
	err := s.Store.View(ctx, func(tx *store.Tx) (err error) {
		p, err = tx.RenderedPage(ctx, slug, s.fingerprint())
		return err
	})
	if p.Parts != nil || errors.Is(err, beatdesk.ErrNotFound) {
		return store.RenderedPage{}, nil
	}
	if err != nil {
		return p, err
	}
	a, err := s.renderArticle(ctx, slug)
	if errors.Is(err, beatdesk.ErrNotFound) {
		return store.RenderedPage{}, nil
	}
	if err != nil {
		return p, err
	}
	p.Fingerprint, p.Parts = s.fingerprint(), a.encode()
	return p, nil
}
