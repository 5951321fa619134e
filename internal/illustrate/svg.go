// Package illustrate draws each article's illustration: an abstract,
// map-like SVG built from the story's region, places and headline figure,
// the same every time for the same draft. It is always shown with its
// provenance (Caption) and a text alternative (Alt). Place names come
// from strangers' feeds, so every piece of text is escaped for XML.
package illustrate

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"beatdesk"
	"beatdesk/internal/draft/cite"
)

// Caption labels every illustration, wherever it is shown.
const Caption = "AI generated illustration"

// Size of the drawing: the 1.91:1 shape link previews use.
const (
	Width  = 1200
	Height = 630
)

// maxPlaces is how many places get a marker; more would crowd the map.
const maxPlaces = 5

// A palette is a region's colours: background gradient and accent.
type palette struct{ from, to, land, accent string }

var palettes = map[string]palette{
	"latin-america":            {"#0f3d3e", "#1f6f5c", "#2e8b6f", "#f2b134"},
	"north-america":            {"#14213d", "#27476e", "#36598a", "#fca311"},
	"europe":                   {"#1d2a4d", "#3a4f8c", "#4b62a6", "#f4d35e"},
	"middle-east-north-africa": {"#4a2c1d", "#9c5a2b", "#b4703a", "#ffd166"},
	"sub-saharan-africa":       {"#2d3a1f", "#5b7b2b", "#6f913a", "#f4a259"},
	"east-asia":                {"#3b1f2b", "#7a2e3b", "#93404d", "#f6bd60"},
	"south-asia":               {"#2b1d4a", "#5a3d8c", "#6d50a3", "#f7b267"},
	"southeast-asia-oceania":   {"#0b3c49", "#1b6e7a", "#27838f", "#f9c74f"},
}

var worldPalette = palette{"#1b1f3b", "#3b4a6b", "#4c5d82", "#e9c46a"}

// SVG returns the illustration of d as an SVG document. places are the
// names to mark; when nil, d.Places is used. Only the first five distinct
// names are drawn.
func SVG(d beatdesk.Draft, places []string) string {
	if places == nil {
		places = d.Places
	}
	places = cleanPlaces(places)
	pal, ok := palettes[d.Region]
	if !ok {
		pal = worldPalette
	}
	seed := hash(d.Region + "\x00" + d.Headline)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		Width, Height, Width, Height, escape(alt(d, places)))
	fmt.Fprintf(&b, `<title>%s</title>`, escape(title(d)))
	b.WriteString(`<defs>`)
	fmt.Fprintf(&b, `<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s"/></linearGradient>`, pal.from, pal.to)
	fmt.Fprintf(&b, `<radialGradient id="glow" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="%s" stop-opacity="0.55"/><stop offset="1" stop-color="%s" stop-opacity="0"/></radialGradient>`, pal.accent, pal.accent)
	b.WriteString(`</defs>`)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="url(#bg)"/>`, Width, Height)

	drawGraticule(&b, seed)
	drawLand(&b, seed, pal)
	points := layout(places)
	drawRoutes(&b, points, pal)
	for i, p := range points {
		drawMarker(&b, p, places[i], pal)
	}
	drawFooter(&b, d, pal)
	b.WriteString(`</svg>`)
	return b.String()
}

// Alt describes the illustration of d (drawn with d.Places) for a reader
// who cannot see it.
func Alt(d beatdesk.Draft) string { return alt(d, d.Places) }

func alt(d beatdesk.Draft, places []string) string {
	s := Caption + ": an abstract map"
	if r, ok := beatdesk.RegionBySlug(d.Region); ok && r.Slug != "world" {
		s += " of " + r.Name
	}
	if ps := cleanPlaces(places); len(ps) > 0 {
		s += " marking " + list(ps)
	}
	if f := headlineFigure(d); f != "" {
		s += ", with the figure " + f
	}
	return s + "."
}

func title(d beatdesk.Draft) string {
	if h := strings.TrimSpace(d.Headline); h != "" {
		return Caption + " for: " + h
	}
	return Caption
}

// list joins names as an English list: "A", "A and B", "A, B and C".
func list(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// cleanPlaces keeps the first five distinct names, with control and
// direction-override characters removed and long names shortened.
func cleanPlaces(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range in {
		p = strings.Join(strings.Fields(strings.Map(func(c rune) rune {
			if unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c) {
				return -1
			}
			return c
		}, p)), " ")
		if utf8.RuneCountInString(p) > 32 {
			p = string([]rune(p)[:31]) + "…"
		}
		k := cite.Fold(p)
		if p == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
		if len(out) == maxPlaces {
			break
		}
	}
	return out
}

// headlineFigure is the first figure of the draft's public text (the dek,
// then the public sections): the number the story turns on.
func headlineFigure(d beatdesk.Draft) string {
	texts := []string{d.Dek}
	for _, s := range d.PublicSections() {
		texts = append(texts, s.Paragraphs...)
	}
	for _, t := range texts {
		for _, f := range cite.Figures(t) {
			if utf8.RuneCountInString(f) <= 12 {
				return f
			}
		}
	}
	return ""
}

type point struct{ x, y float64 }

// layout places each name at a spot derived from its hash, moving it
// (by rehashing) away from spots already taken, so the same names always
// land in the same places and labels do not overlap.
func layout(names []string) []point {
	const (
		left, right = 150.0, 1000.0
		top, bottom = 110.0, 440.0
		minDist     = 170.0
	)
	var out []point
	for _, n := range names {
		var p point
		for try := 0; try < 32; try++ {
			h := hash(fmt.Sprintf("%d\x00%s", try, cite.Fold(n)))
			p = point{
				x: left + float64(h%1000)/999*(right-left),
				y: top + float64((h/1000)%1000)/999*(bottom-top),
			}
			if farFromAll(p, out, minDist) {
				break
			}
		}
		out = append(out, p)
	}
	return out
}

func farFromAll(p point, others []point, d float64) bool {
	for _, o := range others {
		if math.Hypot(p.x-o.x, p.y-o.y) < d {
			return false
		}
	}
	return true
}

// drawGraticule draws faint curved parallels and meridians, shifted a
// little by the seed so maps of different stories differ.
func drawGraticule(b *strings.Builder, seed uint64) {
	shift := float64(seed%60) - 30
	b.WriteString(`<g fill="none" stroke="#ffffff" stroke-opacity="0.08" stroke-width="1.5">`)
	for i := 1; i <= 5; i++ {
		y := float64(i)*105 + shift/3
		fmt.Fprintf(b, `<path d="M0 %.1f Q600 %.1f 1200 %.1f"/>`, y, y-40, y)
	}
	for i := 0; i <= 8; i++ {
		x := float64(i)*150 + shift
		fmt.Fprintf(b, `<path d="M%.1f 0 Q%.1f 315 %.1f 630"/>`, x, x+(x-600)*0.15, x)
	}
	b.WriteString(`</g>`)
}

// drawLand draws three soft blobs, abstract land masses, from the seed.
func drawLand(b *strings.Builder, seed uint64, pal palette) {
	fmt.Fprintf(b, `<g fill="%s" fill-opacity="0.35">`, pal.land)
	for i := 0; i < 3; i++ {
		h := hash(fmt.Sprintf("land%d\x00%d", i, seed))
		cx := 200 + float64(h%800)
		cy := 150 + float64((h/800)%300)
		r := 110 + float64((h/240000)%90)
		b.WriteString(`<path d="`)
		b.WriteString(blob(cx, cy, r, h))
		b.WriteString(`"/>`)
	}
	b.WriteString(`</g>`)
	fmt.Fprintf(b, `<circle cx="600" cy="300" r="360" fill="url(#glow)" opacity="0.35"/>`)
}

// blob is a closed smooth path around (cx, cy) whose radius wobbles with
// h: quadratic curves through the midpoints of twelve jittered points.
func blob(cx, cy, r float64, h uint64) string {
	const n = 12
	var pts []point
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / n
		k := 0.7 + 0.6*float64((h>>(i*5))&31)/31
		pts = append(pts, point{cx + math.Cos(a)*r*k*1.4, cy + math.Sin(a)*r*k})
	}
	mid := func(p, q point) point { return point{(p.x + q.x) / 2, (p.y + q.y) / 2} }
	var s strings.Builder
	m := mid(pts[n-1], pts[0])
	fmt.Fprintf(&s, "M%.1f %.1f", m.x, m.y)
	for i := 0; i < n; i++ {
		m := mid(pts[i], pts[(i+1)%n])
		fmt.Fprintf(&s, " Q%.1f %.1f %.1f %.1f", pts[i].x, pts[i].y, m.x, m.y)
	}
	s.WriteString("Z")
	return s.String()
}

// drawRoutes joins the markers in order with a dashed line.
func drawRoutes(b *strings.Builder, pts []point, pal palette) {
	if len(pts) < 2 {
		return
	}
	fmt.Fprintf(b, `<path fill="none" stroke="%s" stroke-opacity="0.6" stroke-width="2" stroke-dasharray="6 8" d="`, pal.accent)
	for i, p := range pts {
		if i == 0 {
			fmt.Fprintf(b, "M%.1f %.1f", p.x, p.y)
			continue
		}
		prev := pts[i-1]
		// A gentle arc, bowed to one side, reads as a route.
		cx, cy := (prev.x+p.x)/2, (prev.y+p.y)/2-40
		fmt.Fprintf(b, " Q%.1f %.1f %.1f %.1f", cx, cy, p.x, p.y)
	}
	b.WriteString(`"/>`)
}

func drawMarker(b *strings.Builder, p point, name string, pal palette) {
	fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="20" fill="none" stroke="%s" stroke-opacity="0.5" stroke-width="2"/>`, p.x, p.y, pal.accent)
	fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="8" fill="%s"/>`, p.x, p.y, pal.accent)
	anchor, dx := "start", 30.0
	if p.x > 820 {
		anchor, dx = "end", -30
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="26" font-weight="600" fill="#ffffff" stroke="#000000" stroke-opacity="0.35" stroke-width="4" paint-order="stroke">%s</text>`,
		p.x+dx, p.y+9, anchor, escape(name))
}

// drawFooter writes the headline figure large at the bottom left and the
// region's name at the bottom right.
func drawFooter(b *strings.Builder, d beatdesk.Draft, pal palette) {
	const font = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"`
	if f := headlineFigure(d); f != "" {
		fmt.Fprintf(b, `<text x="60" y="580" %s font-size="96" font-weight="800" fill="%s">%s</text>`, font, pal.accent, escape(f))
	}
	name := "World"
	if r, ok := beatdesk.RegionBySlug(d.Region); ok {
		name = r.Name
	}
	fmt.Fprintf(b, `<text x="1140" y="580" text-anchor="end" %s font-size="24" letter-spacing="4" fill="#ffffff" fill-opacity="0.75">%s</text>`,
		font, escape(strings.ToUpper(name)))
}

// escape makes s safe as XML character data or a quoted attribute value.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
