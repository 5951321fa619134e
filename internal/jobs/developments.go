package jobs

import (
	"context"
	"fmt"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/analyze/score"
	"beatdesk/internal/draft/persona"
	"beatdesk/internal/store"
)

// reportsRead is how many of a story's latest articles significance
// reads when the story gains one; older ones count by number only
// (score.Earlier). It keeps a large story's next article as cheap as a
// small one's.
const reportsRead = 200

// A route is a correspondent and the reason, in words.
type route struct{ slug, reason string }

// keepEditorsCorrespondent puts a story back with the correspondent an
// editor handed one of its developments to, when the router has just
// chosen someone else, and returns the router's choice, which the story's
// next development records beside the editor's.
func (p *Pipeline) keepEditorsCorrespondent(ctx context.Context, tx *store.Tx, st *beatdesk.Story) (route, error) {
	routed := route{st.PersonaSlug, st.RouteReason}
	if st.ID == 0 {
		return routed, nil
	}
	slug, err := tx.EditorsCorrespondent(ctx, st.ID)
	if err != nil || slug == "" || slug == st.PersonaSlug {
		return routed, err
	}
	st.PersonaSlug = slug
	st.RouteReason = "an editor's choice; the router would pick " + p.correspondent(routed.slug)
	if routed.reason != "" {
		st.RouteReason += " (" + routed.reason + ")"
	}
	return routed, nil
}

// noteDevelopment assesses a story that has just gained the article
// articleID, dated at, and records a development on the desk when the
// article made the story news (score.IsDevelopment): the story as it was
// without the article against the story with it, both at the end of the
// Window the article opens (its own date, or the latest report within a
// Window after it, so that articles arriving out of order are weighed
// where they belong). ready and drafted say what clusterIn did about the
// story's draft; the development records it. Developments dated more than
// cluster.Window ago (a backlog fetched late) are not news and are not
// recorded.
func (p *Pipeline) noteDevelopment(ctx context.Context, tx *store.Tx, st beatdesk.Story, articleID int64, at time.Time, routed route, ready, drafted bool) error {
	if st.Articles < 2 {
		return nil // one report is never a development
	}
	rows, err := tx.StoryReports(ctx, st.ID, reportsRead)
	if err != nil {
		return err
	}
	var with, without []score.Report
	for _, r := range rows {
		rep := reportOf(r)
		with = append(with, rep)
		if r.ArticleID != articleID {
			without = append(without, rep)
		}
	}
	if len(without) == len(with) {
		return nil // the article is not among the latest read: an old one, arriving very late
	}
	asOf := at
	for _, r := range with {
		if r.At.After(asOf) && r.At.Sub(at) <= score.Window {
			asOf = r.At
		}
	}
	older := score.Earlier{Reports: st.Articles - len(with), Since: st.FirstSeen}
	before := score.AssessFrom(without, older, asOf)
	now := score.AssessFrom(with, older, asOf)
	news, why := score.IsDevelopment(before, now)
	if !news || tx.Now.Sub(asOf) > cluster.Window {
		if ready && !drafted {
			return tx.DraftingDevelopment(ctx, st.ID, p.draftNote(st, true, false))
		}
		return nil
	}
	d := store.Development{StoryID: st.ID, AsOf: asOf, Score: now.Score, Reasons: why,
		PersonaSlug: st.PersonaSlug, RoutedTo: routed.slug, RouteReason: routed.reason,
		State: store.DevelopmentNew, Note: p.draftNote(st, ready, drafted)}
	if ready && !drafted {
		d.State = store.DevelopmentDrafting
	}
	if _, err := tx.RecordDevelopment(ctx, d); err != nil {
		return err
	}
	p.log.Info("development", "story", st.ID, "score", now.Score, "reasons", why, "correspondent", st.PersonaSlug)
	return nil
}

// reportOf is a story's article as significance weighs it: dated as the
// clusterer dates it, carried by its outlet and its copies' outlets,
// naming the places found in it.
func reportOf(r store.StoryReport) score.Report {
	at := r.Published
	if at.IsZero() || at.After(r.FetchedAt) {
		at = r.FetchedAt
	}
	return score.Report{At: at, Outlets: append([]string{r.Outlet}, r.Copies...), Lang: r.Lang, Country: r.Country, Entities: r.Places}
}

// draftNote says in words what became of a story's draft.
func (p *Pipeline) draftNote(st beatdesk.Story, ready, drafted bool) string {
	switch {
	case st.PersonaSlug == "":
		return "no correspondent's regions or topics match; hand it to one to have it written"
	case ready && drafted:
		return "the story already has its draft; a follow-up is for an editor to decide"
	case ready:
		return fmt.Sprintf("%s's draft is queued: %s from %s", p.correspondent(st.PersonaSlug),
			plural(st.Articles, "article", "articles"), plural(st.Outlets, "outlet", "outlets"))
	}
	return fmt.Sprintf("waiting for sources: a draft needs %s from %s; the story has %d from %d",
		plural(p.cfg.MinArticles, "article", "articles"), plural(p.cfg.MinOutlets, "outlet", "outlets"), st.Articles, st.Outlets)
}

// correspondent names the persona with slug, or says there is none.
func (p *Pipeline) correspondent(slug string) string {
	if who, ok := persona.BySlug(p.personas, slug); ok {
		return who.Name
	}
	if slug == "" {
		return "nobody"
	}
	return slug
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
