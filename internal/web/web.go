// Package web serves beatdesk over HTTP: the reader site at / (package
// site), the editor desk at /desk/ (package desk), the WebSub callback at
// /websub/ when WebSub is on (package push), Stripe's webhook at
// /stripe/webhook when payments are on, and the embedded stylesheet
// at /static/. This package holds what both share: sessions
// kept in the database, cross-origin protection for every form, security
// headers, the templates, and the one place that turns a handler's error
// into a response.
//
// Handlers have the shape func(w, r) error. They load, check, act and
// respond; when something fails they return an error of one of beatdesk's
// kinds, and Errors maps it to a status and a page that shows the error's
// safe message. Only unexpected errors are logged.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"beatdesk"
	"beatdesk/internal/mail"
	"beatdesk/internal/payments"
	"beatdesk/internal/store"
	"beatdesk/internal/web/desk"
	"beatdesk/internal/web/push"
	"beatdesk/internal/web/site"
)

// Options configures the web server. Only SiteName and BaseURL are needed;
// the rest have plain defaults.
type Options struct {
	SiteName string // shown in every page's header, e.g. "beatdesk"
	SiteLang string // the language the site publishes in, and reads search queries in; "" means en
	BaseURL  string // public address, e.g. "https://news.example.org"; links in mail start with it

	// Personas are the correspondents, in the order the site lists them.
	Personas []beatdesk.Persona

	// Demo tells the desk that the pipeline auto-publishes drafts that pass
	// every citation check; the desk says so.
	Demo bool

	// Mail sends sign-in links. Nil means the outbox: the log and the
	// desk's outbox page.
	Mail mail.Sender

	// Illustrate draws an article's illustration as inline SVG; its output
	// is trusted (it must escape what it draws). Nil means no illustration.
	Illustrate func(beatdesk.Draft) string

	// Verify re-checks a draft's claims after an editor's edit. Nil keeps
	// the findings the draft had.
	Verify func(*beatdesk.Draft) []beatdesk.Finding

	// Deliver turns an authenticated WebSub delivery into items (package
	// jobs). Nil means WebSub is off and /websub/ is not served.
	Deliver func(ctx context.Context, w store.WebSub, body []byte) (int, error)

	// Payments offers memberships and contributions through Stripe and
	// receives its webhook at /stripe/webhook. Nil means payments are off:
	// none of their pages exist and nothing links to them.
	Payments *payments.Payments

	Logger *slog.Logger // nil means slog.Default()
}

// New returns the handler for the whole web server: the reader site, the
// desk and the static files.
func New(s *store.Store, o Options) http.Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.SiteName == "" {
		o.SiteName = "beatdesk"
	}
	if o.SiteLang == "" {
		o.SiteLang = "en"
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if o.Mail == nil {
		o.Mail = mail.Outbox{Log: o.Logger, Record: func(ctx context.Context, m beatdesk.Mail) error {
			return s.Update(ctx, func(tx *store.Tx) error { return tx.AddMail(ctx, m) })
		}}
	}
	secure := strings.HasPrefix(o.BaseURL, "https://")

	// Two session cookies: readers stay signed in for a month anywhere on
	// the site; editors for a working day, and only under /desk/.
	readerSessions := sessions(s, "beatdesk", "/", 30*24*time.Hour, secure)
	editorSessions := sessions(s, "beatdesk_desk", "/desk", 12*time.Hour, secure)
	editorSessions.IdleTimeout = 2 * time.Hour

	v := newViews(o.SiteName, o.Logger, readerSessions, editorSessions)
	handle := func(mux *http.ServeMux) func(string, func(http.ResponseWriter, *http.Request) error) {
		return func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
			mux.Handle(pattern, v.Errors(h))
		}
	}
	// One limiter for the forms that send mail or check passwords; each
	// form counts under keys of its own (per address, per email).
	limit := newLimiter(10, 15*time.Minute, time.Now)

	siteMux := http.NewServeMux()
	readerSite := &site.Site{
		Store: s, Sessions: readerSessions, Render: v.Render, Prerender: v.Prerender, Page: v.Page, Templates: v.templates,
		SiteName: o.SiteName, SiteLang: o.SiteLang, BaseURL: o.BaseURL, Personas: o.Personas,
		Mail: o.Mail, Illustrate: o.Illustrate, Allow: limit.Allow,
	}
	readerSite.Routes(handle(siteMux))
	var pay *site.Payments
	if o.Payments != nil {
		readerSite.Supported = true
		pay = &site.Payments{Site: readerSite, Stripe: o.Payments, Log: o.Logger}
		pay.Routes(handle(siteMux))
	}
	siteMux.Handle("/", v.Errors(notFound))

	deskMux := http.NewServeMux()
	(&desk.Desk{
		Store: s, Sessions: editorSessions, Render: v.Render,
		SiteName: o.SiteName, SiteLang: o.SiteLang, Personas: o.Personas, Demo: o.Demo, Verify: o.Verify, Allow: limit.Allow,
	}).Routes(handle(deskMux))
	deskMux.Handle("/desk/", v.Errors(notFound))

	// Every POST passes the cross-origin check; GET, HEAD and OPTIONS
	// change nothing, so it lets them through. It sits inside the session
	// middleware so its refusal page knows who is signed in.
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(o.BaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		// Behind a proxy that rewrites Host, the public origin is still ours.
		cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
	}
	cop.SetDenyHandler(v.Errors(func(http.ResponseWriter, *http.Request) error {
		return beatdesk.Errorf(beatdesk.ErrForbidden, "web.CrossOrigin",
			"this form was sent from another site, so it was refused; open the page on this site and send it again")
	}))
	for _, m := range []*scs.SessionManager{readerSessions, editorSessions} {
		m.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
			o.Logger.ErrorContext(r.Context(), "loading or saving a session failed", "path", r.URL.Path, "err", err)
			v.Errors(func(http.ResponseWriter, *http.Request) error {
				return &beatdesk.Error{Kind: beatdesk.ErrUnavailable, Op: "web.sessions",
					Msg: "sessions cannot be read right now; try again in a minute", Err: err}
			}).ServeHTTP(w, r)
		}
	}

	root := http.NewServeMux()
	root.Handle("GET /static/", staticFiles())
	if o.Deliver != nil {
		// Hubs are servers, not browsers: no sessions, no cross-origin check.
		pushMux := http.NewServeMux()
		(&push.Push{Store: s, Deliver: o.Deliver, Log: o.Logger}).Routes(handle(pushMux))
		pushMux.Handle("/websub/", v.Errors(notFound))
		root.Handle("/websub/", pushMux)
	}
	if pay != nil {
		// Stripe is a server, not a browser: no sessions, no cross-origin
		// check; each event proves itself by its signature.
		hookMux := http.NewServeMux()
		pay.WebhookRoutes(handle(hookMux))
		root.Handle("/stripe/webhook", hookMux)
	}
	root.Handle("/desk/", editorSessions.LoadAndSave(markLoaded(cop.Handler(deskMux))))
	root.Handle("/", newPageCache(readerSessions.LoadAndSave(markLoaded(cop.Handler(siteMux))), readerSessions.Cookie.Name,
		func(ctx context.Context) (gen string, err error) {
			err = s.View(ctx, func(tx *store.Tx) error { gen, err = tx.PublishedGeneration(ctx); return err })
			return gen, err
		}))
	policy := contentPolicy()
	if pay != nil {
		policy = contentPolicy(checkoutOrigin)
	}
	return securityHeaders(secure, policy, root)
}

func notFound(http.ResponseWriter, *http.Request) error {
	return beatdesk.Errorf(beatdesk.ErrNotFound, "web", "there is no page at this address")
}

func sessions(s *store.Store, name, path string, lifetime time.Duration, secure bool) *scs.SessionManager {
	m := scs.New()
	m.Store = store.Sessions{S: s}
	m.Lifetime = lifetime
	m.HashTokenInStore = true // a copy of the database cannot be replayed as cookies
	m.Cookie.Name = name
	m.Cookie.Path = path
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = secure
	return m
}
