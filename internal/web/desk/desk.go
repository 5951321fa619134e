// Package desk is the editor desk under /desk/: the queue of drafts in
// review, each draft with its citation findings, sources, revisions (with
// a word-level diff between any two) and audit log, and the actions that
// move it through the states in beatdesk.DraftTransitions (approve,
// publish, send back with a note, edit section by section or as one
// Markdown document, resubmit, spike; then dated
// corrections, updates and retraction of what is published, and the
// correspondent's proposed updates to approve or dismiss); the desk
// log of every action by people and by the system; the users and their
// roles; the health of every source; the mail outbox; and the incoming
// developments (stories that just became news, each routed to a
// correspondent, for editors to reassign or dismiss). Every page but
// the sign-in page needs a signed-in desk user: viewers read, editors
// also act on drafts, admins also manage users. Each handler lives in its
// own file.
package desk

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/alexedwards/scs/v2"

	"beatdesk"
	"beatdesk/internal/analyze/text"
	"beatdesk/internal/store"
)

// Desk holds what the desk's handlers need. Package web builds it.
type Desk struct {
	Store    *store.Store
	Sessions *scs.SessionManager
	// Render writes a page from the templates with a status and a title.
	Render func(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) error

	SiteName string
	SiteLang string // for the search terms of published articles
	Personas []beatdesk.Persona
	Demo     bool                                     // the pipeline auto-publishes drafts that pass every check
	Verify   func(*beatdesk.Draft) []beatdesk.Finding // nil keeps a draft's findings after an edit
	Allow    func(key string) bool                    // rate limit for password attempts; required
}

// handler is a desk handler that runs for a signed-in user.
type handler func(w http.ResponseWriter, r *http.Request, u beatdesk.User) error

// Routes registers the desk's pages with handle, which turns their errors
// into responses.
func (d *Desk) Routes(handle func(pattern string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("GET /desk/signin", d.signInForm)
	handle("POST /desk/signin", d.signIn)
	handle("POST /desk/signout", d.signOut)
	handle("GET /desk/{$}", d.signedIn(d.queue))
	handle("GET /desk/drafts/{id}", d.signedIn(d.draft))
	handle("POST /desk/drafts/{id}/approve", d.signedIn(d.approve))
	handle("POST /desk/drafts/{id}/send-back", d.signedIn(d.sendBack))
	handle("POST /desk/drafts/{id}/resubmit", d.signedIn(d.resubmit))
	handle("GET /desk/drafts/{id}/edit", d.signedIn(d.editForm))
	handle("POST /desk/drafts/{id}/edit", d.signedIn(d.edit))
	handle("GET /desk/drafts/{id}/markdown", d.signedIn(d.editMarkdownForm))
	handle("POST /desk/drafts/{id}/markdown", d.signedIn(d.editMarkdown))
	handle("POST /desk/drafts/{id}/spike", d.signedIn(d.spike))
	handle("POST /desk/drafts/{id}/notice", d.signedIn(d.notice))
	handle("POST /desk/drafts/{id}/updates/{update}/approve", d.signedIn(d.approveUpdate))
	handle("POST /desk/drafts/{id}/updates/{update}/dismiss", d.signedIn(d.dismissUpdate))
	handle("GET /desk/drafts/{id}/revisions", d.signedIn(d.revisions))
	handle("GET /desk/log", d.signedIn(d.log))
	handle("GET /desk/users", d.signedIn(d.users))
	handle("POST /desk/users/role", d.signedIn(d.setRole))
	handle("GET /desk/sources", d.signedIn(d.sources))
	handle("GET /desk/outbox", d.signedIn(d.outbox))
	handle("GET /desk/developments", d.signedIn(d.developments))
	handle("POST /desk/developments/{id}/reassign", d.signedIn(d.reassignDevelopment))
	handle("POST /desk/developments/{id}/dismiss", d.signedIn(d.dismissDevelopment))
}

// signedIn runs h for the signed-in user, or sends the browser to the
// sign-in page (and back here afterwards).
func (d *Desk) signedIn(h handler) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		var u beatdesk.User
		err := errNoUser
		if id := d.Sessions.GetInt64(ctx, "user_id"); id != 0 {
			err = d.Store.View(ctx, func(tx *store.Tx) error {
				var err error
				u, err = tx.User(ctx, id)
				return err
			})
		}
		if errors.Is(err, errNoUser) || errors.Is(err, beatdesk.ErrNotFound) {
			next := "/desk/"
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/desk/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
			return nil
		}
		if err != nil {
			return err
		}
		return h(w, r, u)
	}
}

var errNoUser = errors.New("nobody is signed in")

// correspondent returns the name of the correspondent with that slug.
func (d *Desk) correspondent(slug string) string {
	for _, p := range d.Personas {
		if p.Slug == slug {
			return p.Name
		}
	}
	return slug
}

// mayAct returns ErrForbidden for users who may only read.
func mayAct(u beatdesk.User, op string) error {
	if u.CanEdit() {
		return nil
	}
	return beatdesk.Errorf(beatdesk.ErrForbidden, op, "your account is a %s: it may read drafts and sources but not act on them; ask an admin for editor rights", u.Role)
}

// mayManage returns ErrForbidden for users who may not manage users.
func mayManage(u beatdesk.User, op string) error {
	if u.CanManageUsers() {
		return nil
	}
	return beatdesk.Errorf(beatdesk.ErrForbidden, op, "your account is an %s: only admins change roles; ask an admin", u.Role)
}

// draftID reads the {id} in the path.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, beatdesk.Errorf(beatdesk.ErrNotFound, "desk.draftID", "there is no draft %q", r.PathValue("id"))
	}
	return id, nil
}

// A plan says, from a draft as it is now, the states it moves through,
// or why it may not move.
type plan func(cur beatdesk.Draft) (steps []string, err error)

// to plans a single move to state.
func to(state string) plan {
	return func(beatdesk.Draft) ([]string, error) { return []string{state}, nil }
}

// move changes a draft's state as user u through the steps its plan
// gives, in one transaction and each step logged, and returns to the
// draft page with a notice. The store refuses any step the desk does not
// allow.
func (d *Desk) move(w http.ResponseWriter, r *http.Request, u beatdesk.User, id int64, p plan, note, done string) error {
	ctx := r.Context()
	err := d.Store.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Draft(ctx, id)
		if err != nil {
			return err
		}
		steps, err := p(cur)
		if err != nil {
			return err
		}
		for _, to := range steps {
			moved, err := tx.MoveDraft(ctx, id, to, u.Email, note)
			if err != nil {
				return err
			}
			if to == beatdesk.DraftPublished {
				if err := tx.IndexPublished(ctx, id, text.PublishedTerms(moved, d.SiteLang)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", done)
	http.Redirect(w, r, draftPath(id), http.StatusSeeOther)
	return nil
}

func draftPath(id int64) string { return "/desk/drafts/" + strconv.FormatInt(id, 10) }

// localNext returns p if it is a desk path, else the queue.
func localNext(p string) string {
	if !strings.HasPrefix(p, "/desk/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
		return "/desk/"
	}
	return p
}

// clientIP is the address the request came from, for rate limits.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}
