package demo

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"beatdesk"
)

// A World is the demo corpus served on a loopback port: the outside world
// `beatdesk demo` and end-to-end tests point the newsroom at.
type World struct {
	url     string
	now     time.Time
	outlets []Outlet
	srv     *http.Server
	done    chan error // receives Serve's result once it returns
}

// Start serves the embedded corpus on 127.0.0.1 at a free port. now is the
// clock for publication times: each article appears published its Age
// before now. Close the World when done.
func Start(now time.Time) (*World, error) { return StartAt("127.0.0.1:0", now) }

// StartAt is Start on a given loopback address, so a newsroom restarted
// on the same database finds its outlets where they were.
func StartAt(addr string, now time.Time) (*World, error) {
	const op = "demo.Start"
	if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
		return nil, fmt.Errorf("%s: %q must be a loopback address such as 127.0.0.1:0; the demo world is not for the network", op, addr)
	}
	outlets, articles, err := Corpus()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: listen on loopback: %w", op, err)
	}
	w := &World{
		url:     "http://" + ln.Addr().String(),
		now:     now.UTC().Truncate(time.Second),
		outlets: outlets,
		srv:     &http.Server{Handler: NewHandler(now, outlets, articles), ReadHeaderTimeout: 10 * time.Second},
		done:    make(chan error, 1),
	}
	go func() { w.done <- w.srv.Serve(ln) }()
	return w, nil
}

// URL is the world's base URL, e.g. http://127.0.0.1:41234 (no slash).
func (w *World) URL() string { return w.url }

// Close stops the server and waits for it to finish.
func (w *World) Close() error {
	err := w.srv.Close()
	if serr := <-w.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("demo.World.Close: %w", err)
	}
	return nil
}

// Sources returns one source per outlet, pointing at this world's feeds.
func (w *World) Sources() []beatdesk.Source {
	out := make([]beatdesk.Source, 0, len(w.outlets))
	for _, o := range w.outlets {
		out = append(out, beatdesk.Source{
			Name:    o.Name,
			FeedURL: w.url + feedPath(o),
			SiteURL: w.url + "/" + o.Slug + "/",
			Lang:    o.Lang,
			Country: o.Country,
		})
	}
	return out
}

// ArticleURL is where this world serves a, so tests can map fetched pages
// back to the story the corpus wrote them for.
func (w *World) ArticleURL(a Article) string {
	st := post{Article: a, Published: w.now.Add(-a.Age)}
	return w.url + st.Path()
}
