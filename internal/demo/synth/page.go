package synth

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// extras are the hostile pages, built the first time one is asked for.
type extras struct {
	once     sync.Once
	huge     []byte // 6 MB of HTML
	hugeGzip []byte
	bomb     []byte // gzip of 64 MiB of zeros: about 64 KB on the wire
}

func (x *extras) build(w *World) {
	x.once.Do(func() {
		v := vocabs["en"]
		r := newRand(w.cfg.Seed, tagPage, 1<<40)
		var b strings.Builder
		b.WriteString("<!DOCTYPE html><html><head><title>Everything</title></head><body><article><h1>Everything</h1>\n")
		para := "<p>" + filler(v, r, 8) + "</p>\n"
		for b.Len() < 6<<20 {
			b.WriteString(para)
		}
		b.WriteString("</article></body></html>\n")
		x.huge = []byte(b.String())
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		zw.Write(x.huge)
		zw.Close()
		x.hugeGzip = zb.Bytes()

		zb = bytes.Buffer{}
		zw, _ = gzip.NewWriterLevel(&zb, gzip.BestCompression)
		zeros := make([]byte, 1<<20)
		for range 64 {
			zw.Write(zeros)
		}
		zw.Close()
		x.bomb = zb.Bytes()
	})
}

// servePage answers for an entry's article page.
func (w *World) servePage(rw http.ResponseWriter, r *http.Request, e *entry) {
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	switch e.kind {
	case pageHuge:
		w.extras.build(w)
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(len(w.extras.hugeGzip)))
			rw.WriteHeader(http.StatusOK)
			rw.Write(w.extras.hugeGzip)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(w.extras.huge)))
		rw.WriteHeader(http.StatusOK)
		rw.Write(w.extras.huge)
		return
	case pageBomb:
		// Sent gzipped whatever the client accepts: hostile servers do.
		w.extras.build(w)
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(w.extras.bomb)))
		rw.WriteHeader(http.StatusOK)
		rw.Write(w.extras.bomb)
		return
	}
	h.Set("Last-Modified", e.published.Format(http.TimeFormat))
	writeBody(rw, r, w.renderPage(e))
}

// renderPage writes an article page the way news sites build them: head
// with metadata, scripts and styles; header and navigation; the article;
// related stories; comments; a sidebar; a long footer; more scripts. The
// boilerplate grows until the page reaches the entry's size.
func (w *World) renderPage(e *entry) []byte {
	f := e.feed
	v := vocabs[f.lang]
	L := v.labels
	r := newRand(w.cfg.Seed, tagPage, uint64(f.id), uint64(e.n))
	layout := newRand(w.cfg.Seed, tagLayout, uint64(f.host.id)) // a host's look stays the same
	cls := strings.ToLower(inventName(layout, 1))
	t := article(v, e.seed, e.story, e.words)
	site := "http://" + f.host.addr
	pub := e.published.Format(time.RFC3339)
	esc := html.EscapeString

	var b strings.Builder
	b.Grow(e.size + 8<<10)
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s | %s</title>
<meta name="description" content="%s">
<meta property="og:type" content="article">
<meta property="og:title" content="%s">
<meta property="og:url" content="%s">
<meta property="og:site_name" content="%s">
<meta property="article:published_time" content="%s">
<link rel="canonical" href="%s">
<link rel="alternate" type="application/rss+xml" href="%s">
`, f.lang, esc(t.title), esc(f.host.name), esc(e.summary), esc(t.title), e.url(), esc(f.host.name), pub, e.url(), f.url())
	ld, _ := json.Marshal(map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle", "headline": t.title, "datePublished": pub,
		"dateModified": pub, "author": map[string]string{"@type": "Person", "name": e.author()},
		"publisher": map[string]string{"@type": "Organization", "name": f.host.name}, "inLanguage": f.lang,
	})
	fmt.Fprintf(&b, "<script type=\"application/ld+json\">%s</script>\n<style>\n", ld)
	for i := range 40 + layout.IntN(60) {
		fmt.Fprintf(&b, ".%s-%d{margin:%dpx %dpx;padding:%dpx;font-size:%d.%dpx;color:#%06x}\n", cls, i, i%17, i%9, i%13, 12+i%8, i%10, layout.IntN(1<<24))
	}
	b.WriteString("</style>\n</head>\n")
	fmt.Fprintf(&b, `<body class="%s-article">
<div class="cookie-banner" role="dialog"><p>%s</p><button>OK</button></div>
<header class="%s-header"><a class="logo" href="%s/">%s</a>
<nav class="main-nav"><ul>
`, cls, esc(L.Cookies), cls, site, esc(f.host.name))
	for i, s := range v.nav {
		fmt.Fprintf(&b, "<li><a href=\"%s/section/%d\">%s</a><ul class=\"sub\">", site, i, s)
		for j := range 3 {
			fmt.Fprintf(&b, "<li><a href=\"%s/section/%d/%d\">%s</a></li>", site, i, j, v.content[(i*7+j*3)%len(v.content)])
		}
		b.WriteString("</ul></li>\n")
	}
	fmt.Fprintf(&b, `</ul></nav></header>
<div class="breadcrumb"><a href="%s/">%s</a> › <a href="%s/section/%d">%s</a></div>
<main class="%s-main">
<article class="story">
<h1 class="headline">%s</h1>
<div class="byline">%s <a rel="author" href="%s/author/%d">%s</a> · <time datetime="%s">%s %s</time></div>
<div class="story-body">
`, site, esc(L.Home), site, f.id%len(v.nav), esc(f.section()), cls, esc(t.title), esc(L.By), site, e.n%97, esc(e.author()), pub,
		esc(L.Published), e.published.Format("2006-01-02 15:04"))
	for i, p := range t.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		if i == 2 {
			fmt.Fprintf(&b, "<div class=\"ad-slot\" data-slot=\"%s-mid\"><script>window.ads=window.ads||[];ads.push('%s-mid')</script></div>\n", cls, cls)
		}
	}
	fmt.Fprintf(&b, "</div>\n<div class=\"share\"><span>%s</span> <a href=\"#\">Facebook</a> <a href=\"#\">X</a> <a href=\"#\">WhatsApp</a> <a href=\"#\">Email</a></div>\n", esc(L.Share))
	b.WriteString("<ul class=\"tags\">")
	for range 4 {
		fmt.Fprintf(&b, "<li><a href=\"%s/tag/%d\">%s</a></li>", site, r.IntN(1000), v.content[r.IntN(len(v.content))])
	}
	b.WriteString("</ul>\n</article>\n")

	// Teasers, comments and more teasers fill the page towards its size;
	// what is left is made up with scripts, as ad and tracking code does.
	fmt.Fprintf(&b, "<section class=\"related\"><h2>%s</h2>\n", esc(L.Related))
	for i := range 6 {
		teaser(&b, v, r, site, i)
	}
	b.WriteString("</section>\n")
	comments := 3 + r.IntN(20)
	fmt.Fprintf(&b, "<section id=\"comments\" class=\"comments\"><h2>%s (%d)</h2>\n", esc(L.Comments), comments)
	for i := range comments {
		if b.Len() > e.size*2/3 {
			break
		}
		fmt.Fprintf(&b, "<div class=\"comment\" id=\"c%d\"><span class=\"user\">%s</span> <span class=\"when\">%d min</span><p>%s</p><a href=\"#c%d\">%s</a></div>\n",
			i, inventName(r, 2), 1+r.IntN(300), esc(filler(v, r, 1+r.IntN(4))), i, esc(L.Reply))
	}
	b.WriteString("</section>\n</main>\n")
	fmt.Fprintf(&b, "<aside class=\"%s-sidebar\"><h2>%s</h2><ol>\n", cls, esc(L.MostRead))
	for i := range 10 {
		fmt.Fprintf(&b, "<li><a href=\"%s/news/popular/%d\">%s</a></li>\n", site, i, esc(filler(v, r, 1)))
	}
	fmt.Fprintf(&b, "</ol><div class=\"newsletter\"><p>%s</p><form><input type=\"email\"><button>%s</button></form></div>\n", esc(L.Newsletter), esc(L.SignUp))
	b.WriteString("<div class=\"more\">\n")
	for i := 6; b.Len() < e.size*3/4; i++ {
		teaser(&b, v, r, site, i)
	}
	b.WriteString("</div></aside>\n<footer class=\"site-footer\">\n")
	for col := range 4 {
		b.WriteString("<ul>")
		for j := range 12 {
			fmt.Fprintf(&b, "<li><a href=\"%s/footer/%d/%d\">%s</a></li>", site, col, j, v.content[(col*31+j*5)%len(v.content)])
		}
		b.WriteString("</ul>\n")
	}
	fmt.Fprintf(&b, "<p><a href=\"%s/about\">%s</a> · <a href=\"%s/contact\">%s</a> · <a href=\"%s/privacy\">%s</a> · <a href=\"%s/terms\">%s</a></p>\n<p>© %d %s. %s %s</p>\n</footer>\n",
		site, esc(L.About), site, esc(L.Contact), site, esc(L.Privacy), site, esc(L.Terms), e.published.Year(), esc(f.host.name), esc(L.Rights), esc(L.Fictional))
	b.WriteString("<script>\nwindow.__STATE__ = {\"events\":[")
	for b.Len() < e.size-40 {
		fmt.Fprintf(&b, "{\"k\":\"%016x\",\"v\":%d},", r.Uint64(), r.IntN(1e6))
	}
	b.WriteString("{}]};\n</script>\n</body>\n</html>\n")
	return []byte(b.String())
}

// teaser links to another (imaginary) article with a line of summary.
func teaser(b *strings.Builder, v *vocab, r *rand.Rand, site string, i int) {
	fmt.Fprintf(b, "<div class=\"card\"><a href=\"%s/news/more/%d-%d\"><h3>%s</h3></a><p>%s</p></div>\n",
		site, i, r.IntN(1e6), html.EscapeString(filler(v, r, 1)), html.EscapeString(filler(v, r, 1)))
}
