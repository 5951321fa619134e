package desk

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

type developmentsPage struct {
	User    beatdesk.User
	CanAct  bool
	Show    string // "" (waiting and drafting), "dismissed" or "all"
	Items   []developmentItem
	Choices []beatdesk.Persona // the correspondents a development can go to
}

type developmentItem struct {
	ID, StoryID, DraftID  int64
	Story                 string
	Score                 float64
	Reasons, Note         string
	State                 string
	Slug, Correspondent   string // who has it now
	RoutedTo, RouteReason string // the router's choice, and why
	ReassignedBy          string
	ReassignedAt          time.Time
	Articles, Outlets     int
	Languages             []string
	DetectedAt, AsOf      time.Time
}

// developmentShows are the lists the page offers, by ?show=.
var developmentShows = map[string][]string{
	"":          {store.DevelopmentNew, store.DevelopmentDrafting},
	"dismissed": {store.DevelopmentDismissed},
	"all":       nil,
}

// developments lists the developments the pipeline detected, highest
// score first: each story's score and reasons, the correspondent it was
// routed to and why, and its story's size and languages. Editors may hand
// one to another correspondent or dismiss it; viewers read.
func (d *Desk) developments(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.developments"
	ctx := r.Context()
	p := developmentsPage{User: u, CanAct: u.CanEdit(), Show: r.URL.Query().Get("show"), Choices: d.Personas}
	states, known := developmentShows[p.Show]
	if !known {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%q is not a list of developments; show waiting ones, dismissed or all", p.Show)
	}
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		devs, err := tx.Developments(ctx, 200, states...)
		if err != nil {
			return err
		}
		for _, dev := range devs {
			it := developmentItem{
				ID: dev.ID, StoryID: dev.StoryID, Story: dev.Story.Title, Score: dev.Score, Reasons: dev.Reasons, Note: dev.Note,
				State: dev.State, Slug: dev.PersonaSlug, Correspondent: d.correspondentOrNobody(dev.PersonaSlug),
				RoutedTo: d.correspondentOrNobody(dev.RoutedTo), RouteReason: dev.RouteReason,
				ReassignedBy: dev.ReassignedBy, ReassignedAt: dev.ReassignedAt,
				Articles: dev.Story.Articles, Outlets: dev.Story.Outlets, Languages: dev.Story.Languages,
				DetectedAt: dev.DetectedAt, AsOf: dev.AsOf,
			}
			dr, drafted, err := tx.DraftForStory(ctx, dev.StoryID)
			if err != nil {
				return err
			}
			if drafted {
				it.DraftID = dr.ID
			}
			p.Items = append(p.Items, it)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return d.Render(w, r, http.StatusOK, "desk/developments", "Developments", p)
}

// reassignDevelopment hands a development, and its story, to the
// correspondent the editor picked.
func (d *Desk) reassignDevelopment(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.reassignDevelopment"
	ctx := r.Context()
	if err := mayAct(u, op); err != nil {
		return err
	}
	id, err := developmentID(r)
	if err != nil {
		return err
	}
	slug := r.PostFormValue("correspondent")
	if !slices.ContainsFunc(d.Personas, func(p beatdesk.Persona) bool { return p.Slug == slug }) {
		return beatdesk.Errorf(beatdesk.ErrInvalid, op, "%q is not one of the desk's correspondents; pick one from the list", slug)
	}
	var dev store.Development
	var drafted bool
	err = d.Store.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Development(ctx, id)
		if err != nil {
			return err
		}
		note := "from " + d.correspondentOrNobody(cur.PersonaSlug) + " to " + d.correspondent(slug)
		if dev, err = tx.ReassignDevelopment(ctx, id, slug, u.Email, note); err != nil {
			return err
		}
		_, drafted, err = tx.DraftForStory(ctx, dev.StoryID)
		return err
	})
	if err != nil {
		return err
	}
	done := "“" + dev.Story.Title + "” is now with " + d.correspondent(slug) + "."
	if drafted {
		done += " Its draft was already written by its earlier correspondent; later developments go to " + d.correspondent(slug) + "."
	}
	d.Sessions.Put(ctx, "flash", done)
	http.Redirect(w, r, "/desk/developments", http.StatusSeeOther)
	return nil
}

// dismissDevelopment takes a development off the queue.
func (d *Desk) dismissDevelopment(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.dismissDevelopment"
	ctx := r.Context()
	if err := mayAct(u, op); err != nil {
		return err
	}
	id, err := developmentID(r)
	if err != nil {
		return err
	}
	var dev store.Development
	err = d.Store.Update(ctx, func(tx *store.Tx) (err error) {
		dev, err = tx.DismissDevelopment(ctx, id, u.Email)
		return err
	})
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", "Dismissed “"+dev.Story.Title+"”.")
	http.Redirect(w, r, "/desk/developments", http.StatusSeeOther)
	return nil
}

// developmentID reads the {id} in the path.
func developmentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, beatdesk.Errorf(beatdesk.ErrNotFound, "desk.developmentID", "there is no development %q", r.PathValue("id"))
	}
	return id, nil
}

// correspondentOrNobody names the correspondent with that slug, or says
// that there is none.
func (d *Desk) correspondentOrNobody(slug string) string {
	if slug == "" {
		return "no correspondent"
	}
	return d.correspondent(slug)
}
