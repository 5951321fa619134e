package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"beatdesk"
)

// A ProposedUpdate is a dated update the correspondent wrote for a live
// article whose story developed: a few sentences from the articles
// published since, each cited to one of them. It waits until an editor
// approves it (it becomes the article's update notice, its sources
// joining the article's list) or dismisses it; the auto-publish policy
// may apply one whose every claim is supported.
type ProposedUpdate struct {
	ID      int64
	DraftID int64
	// Text is what readers would see; its citation markers number the
	// new sources after the article's own ([n] where n > the article's
	// highest).
	Text      string
	Citations []beatdesk.Citation // the new sources it cites
	Findings  []beatdesk.Finding  // the verifier's, one per sentence
	Articles  []int64             // every article it was written from, cited or not
	State     string              // UpdatePending, UpdateApplied, UpdateDismissed or UpdateSuperseded
	CreatedAt time.Time
	DecidedBy string
	DecidedAt time.Time
}

// Proposed update states.
const (
	UpdatePending    = "pending"
	UpdateApplied    = "applied"
	UpdateDismissed  = "dismissed"
	UpdateSuperseded = "superseded" // a newer proposal took its place
)

// Unsupported counts the proposal's claims that failed verification.
func (u *ProposedUpdate) Unsupported() int { return beatdesk.CountUnsupported(u.Findings) }

const updateCols = `id, draft_id, body, citations, findings, articles, state, created_at, decided_by, decided_at`

func scanUpdate(row interface{ Scan(...any) error }) (ProposedUpdate, error) {
	var u ProposedUpdate
	var cites, findings, arts string
	var decided sql.NullTime
	err := row.Scan(&u.ID, &u.DraftID, &u.Text, &cites, &findings, &arts, &u.State, &u.CreatedAt, &u.DecidedBy, &decided)
	if err != nil {
		return u, err
	}
	u.CreatedAt, u.DecidedAt = u.CreatedAt.UTC(), timeOf(decided)
	for _, f := range []struct {
		s string
		v any
	}{{cites, &u.Citations}, {findings, &u.Findings}, {arts, &u.Articles}} {
		if err := fromJSON(f.s, f.v); err != nil {
			return u, fmt.Errorf("proposed update %d: %w", u.ID, err)
		}
	}
	return u, nil
}

// ProposeUpdate keeps u as the live article's waiting update, replacing
// (superseding) any proposal already waiting, and logs it on the
// article's desk log as the system's. It returns the proposal's id;
// ErrConflict when the article is not live, ErrInvalid when u has no
// text or cites a source it does not carry.
func (tx *Tx) ProposeUpdate(ctx context.Context, u ProposedUpdate) (int64, error) {
	const op = "store.ProposeUpdate"
	if err := validUpdate(u); err != nil {
		return 0, err
	}
	d, err := tx.Draft(ctx, u.DraftID)
	if err != nil {
		return 0, err
	}
	if !beatdesk.IsLive(d.State) {
		return 0, beatdesk.Errorf(beatdesk.ErrConflict, op, "a draft that is %s is not on the site, so it gets no update", beatdesk.StateName(d.State))
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE proposed_updates SET state = $2, decided_by = $3, decided_at = $4
		WHERE draft_id = $1 AND state = $5`, u.DraftID, UpdateSuperseded, ActorSystem, tx.Now, UpdatePending)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	replaced, _ := res.RowsAffected()
	var id int64
	err = tx.q.QueryRowContext(ctx, `INSERT INTO proposed_updates (draft_id, body, citations, findings, articles, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		u.DraftID, u.Text, toJSON(u.Citations), toJSON(u.Findings), toJSON(nonNil(u.Articles)), UpdatePending, tx.Now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	note := fmt.Sprintf("proposed update %d from %s; %d of %d claims unsupported", id,
		countOf(len(u.Citations), "new source", "new sources"), u.Unsupported(), len(u.Findings))
	if replaced > 0 {
		note += "; it replaces the one waiting"
	}
	return id, tx.logDraft(ctx, u.DraftID, ActorSystem, "update proposed", note)
}

// validUpdate checks a proposal's text and that its markers point at
// its citations.
func validUpdate(u ProposedUpdate) error {
	const op = "store.ProposeUpdate"
	n := beatdesk.Notice{Kind: beatdesk.NoticeUpdate, Text: u.Text}
	if err := n.Validate(); err != nil {
		return err
	}
	have := map[int]bool{}
	for _, c := range u.Citations {
		have[c.N] = true
	}
	for _, m := range beatdesk.CiteMarkers(u.Text) {
		if !have[m] {
			return beatdesk.Errorf(beatdesk.ErrInvalid, op, "the update cites [%d], which is not among its sources", m)
		}
	}
	return nil
}

// ProposedUpdate returns the proposal with the given id, or ErrNotFound.
func (tx *Tx) ProposedUpdate(ctx context.Context, id int64) (ProposedUpdate, error) {
	u, err := scanUpdate(tx.q.QueryRowContext(ctx, `SELECT `+updateCols+` FROM proposed_updates WHERE id = $1`, id))
	return u, notFound("store.ProposedUpdate", fmt.Sprintf("proposed update %d", id), err)
}

// PendingUpdate returns the live article's waiting proposal, if any.
func (tx *Tx) PendingUpdate(ctx context.Context, draftID int64) (ProposedUpdate, bool, error) {
	u, err := scanUpdate(tx.q.QueryRowContext(ctx, `SELECT `+updateCols+` FROM proposed_updates
		WHERE draft_id = $1 AND state = $2`, draftID, UpdatePending))
	if err == sql.ErrNoRows {
		return u, false, nil
	}
	if err != nil {
		return u, false, fmt.Errorf("store.PendingUpdate: %w", err)
	}
	return u, true, nil
}

// DecidedUpdateArticles returns the ids of the articles that proposals
// for a live article were written from and that an editor or the policy
// has acted on (applied or dismissed): they are not proposed again.
func (tx *Tx) DecidedUpdateArticles(ctx context.Context, draftID int64) (map[int64]bool, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT articles FROM proposed_updates WHERE draft_id = $1 AND state IN ($2, $3)`,
		draftID, UpdateApplied, UpdateDismissed)
	if err != nil {
		return nil, fmt.Errorf("store.DecidedUpdateArticles: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var s string
		var ids []int64
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store.DecidedUpdateArticles: %w", err)
		}
		if err := fromJSON(s, &ids); err != nil {
			return nil, fmt.Errorf("store.DecidedUpdateArticles: %w", err)
		}
		for _, id := range ids {
			out[id] = true
		}
	}
	return out, rows.Err()
}

// ApplyUpdate makes the waiting proposal id its article's dated update:
// its sources join the end of the article's source list (and its
// provenance), renumbered if the list grew since it was written, and its
// text becomes an update notice (AddNotice: the article moves to
// updated, readers see it under the same address). actor approved it;
// note says why, for the log. It returns the article as updated;
// ErrNotFound for no such proposal, ErrConflict for one already acted
// on or replaced, or an article no longer live.
func (tx *Tx) ApplyUpdate(ctx context.Context, id int64, actor, note string) (beatdesk.Draft, error) {
	const op = "store.ApplyUpdate"
	u, err := tx.decidable(ctx, op, id)
	if err != nil {
		return beatdesk.Draft{}, err
	}
	d, err := tx.Draft(ctx, u.DraftID)
	if err != nil {
		return d, err
	}
	if !beatdesk.IsLive(d.State) {
		return d, beatdesk.Errorf(beatdesk.ErrConflict, op, "a draft that is %s is not on the site, so it gets no update", beatdesk.StateName(d.State))
	}
	text, cites := renumber(u.Text, u.Citations, maxCitation(d.Citations))
	d.Citations = append(d.Citations, cites...)
	for _, c := range cites {
		d.Provenance.Consulted = append(d.Provenance.Consulted, beatdesk.Consulted{ArticleID: c.ArticleID, URL: c.URL,
			Outlet: c.Outlet, Lang: c.Lang, Published: c.Published, FetchedAt: c.FetchedAt, Cited: true})
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE drafts SET citations = $2, provenance = $3, updated_at = $4 WHERE id = $1`,
		d.ID, toJSON(d.Citations), toJSON(d.Provenance), tx.Now)
	if err != nil {
		return d, fmt.Errorf("%s: %w", op, err)
	}
	if err := tx.decide(ctx, op, id, UpdateApplied, actor); err != nil {
		return d, err
	}
	if err := tx.logDraft(ctx, d.ID, actor, "update approved", fmt.Sprintf("proposed update %d: %s", id, note)); err != nil {
		return d, err
	}
	return tx.AddNotice(ctx, beatdesk.Notice{DraftID: d.ID, Kind: beatdesk.NoticeUpdate, Text: text}, actor)
}

// DismissUpdate drops the waiting proposal id, logging who did it; its
// articles are not proposed again. ErrNotFound and ErrConflict as for
// ApplyUpdate.
func (tx *Tx) DismissUpdate(ctx context.Context, id int64, actor string) (ProposedUpdate, error) {
	const op = "store.DismissUpdate"
	u, err := tx.decidable(ctx, op, id)
	if err != nil {
		return u, err
	}
	if err := tx.decide(ctx, op, id, UpdateDismissed, actor); err != nil {
		return u, err
	}
	u.State, u.DecidedBy, u.DecidedAt = UpdateDismissed, actor, tx.Now
	return u, tx.logDraft(ctx, u.DraftID, actor, "update dismissed", fmt.Sprintf("proposed update %d", id))
}

// decidable returns proposal id if it is still waiting.
func (tx *Tx) decidable(ctx context.Context, op string, id int64) (ProposedUpdate, error) {
	u, err := tx.ProposedUpdate(ctx, id)
	if err != nil {
		return u, err
	}
	switch u.State {
	case UpdatePending:
		return u, nil
	case UpdateSuperseded:
		return u, beatdesk.Errorf(beatdesk.ErrConflict, op, "a newer proposed update replaced this one; review that one instead")
	}
	return u, beatdesk.Errorf(beatdesk.ErrConflict, op, "this proposed update was already %s by %s", u.State, u.DecidedBy)
}

// decide moves a waiting proposal to state, as actor did.
func (tx *Tx) decide(ctx context.Context, op string, id int64, state, actor string) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE proposed_updates SET state = $2, decided_by = $3, decided_at = $4
		WHERE id = $1 AND state = $5`, id, state, actor, tx.Now, UpdatePending)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return beatdesk.Errorf(beatdesk.ErrConflict, op, "this proposed update is no longer waiting")
	}
	return nil
}

// maxCitation is the highest source number of cs, 0 for none.
func maxCitation(cs []beatdesk.Citation) int {
	n := 0
	for _, c := range cs {
		n = max(n, c.N)
	}
	return n
}

// renumber numbers cites after base, in their order, and changes the
// markers of text to match; text and cites stay as they are when they
// already follow base.
func renumber(text string, cites []beatdesk.Citation, base int) (string, []beatdesk.Citation) {
	to := map[int]int{}
	same := true
	out := slices.Clone(cites)
	for i := range out {
		to[out[i].N] = base + i + 1
		same = same && out[i].N == base+i+1
		out[i].N = base + i + 1
	}
	if same {
		return text, out
	}
	text = beatdesk.RenumberCites(text, func(n int) int {
		if t, ok := to[n]; ok {
			return t
		}
		return n
	})
	return text, out
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
