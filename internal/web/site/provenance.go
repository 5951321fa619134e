package site

import (
	"encoding/json"
	"net/http"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
)

// provenanceDoc is an article's provenance as JSON: who and what wrote
// it, from which sources, what the citation check found and what editors
// did. It never holds members-only text: a finding in a members-only
// section keeps only its verdict, since its claim and reason quote that
// text. Source URLs follow the same gate as the article page.
type provenanceDoc struct {
	Article struct {
		Slug          string    `json:"slug"`
		Headline      string    `json:"headline"`
		URL           string    `json:"url"`
		Published     time.Time `json:"published"`
		Correspondent string    `json:"correspondent"`
		AIGenerated   bool      `json:"ai_generated"`
	} `json:"article"`
	Writer struct {
		Name          string  `json:"name"` // "extractive", or "<provider>:<model>"
		PromptVersion string  `json:"prompt_version,omitempty"`
		PromptHash    string  `json:"prompt_hash,omitempty"`
		Attempts      int     `json:"attempts,omitempty"`
		InputTokens   int     `json:"input_tokens,omitempty"`
		OutputTokens  int     `json:"output_tokens,omitempty"`
		CostUSD       float64 `json:"cost_usd,omitempty"`
		Fallback      string  `json:"fallback,omitempty"`
	} `json:"writer"`
	Sources      []consultedDoc `json:"sources"`
	Verification struct {
		Claims    int          `json:"claims"`
		Supported int          `json:"supported"`
		Findings  []findingDoc `json:"findings"`
	} `json:"verification"`
	EditorActions []actionDoc `json:"editor_actions"`
	Illustration  struct {
		Label     string   `json:"label"`
		DrawnFrom []string `json:"drawn_from"`
	} `json:"illustration"`
	LinksHidden bool `json:"links_hidden,omitempty"` // source URLs are for newsletter subscribers
}

type consultedDoc struct {
	Outlet      string    `json:"outlet"`
	URL         string    `json:"url,omitempty"`
	Lang        string    `json:"lang"`
	Published   time.Time `json:"published"`
	FetchedAt   time.Time `json:"fetched_at"`
	ContentHash string    `json:"content_hash,omitempty"`
	Cited       bool      `json:"cited"`
}

type findingDoc struct {
	Section     string `json:"section"` // "dek" or the section's title
	MembersOnly bool   `json:"members_only,omitempty"`
	Claim       string `json:"claim,omitempty"`
	Cites       []int  `json:"cites,omitempty"`
	Supported   bool   `json:"supported"`
	Reason      string `json:"reason,omitempty"`
}

type actionDoc struct {
	By     string    `json:"by"` // "system" or "editor"; editors are not named
	Action string    `json:"action"`
	At     time.Time `json:"at"`
}

// provenanceJSON serves GET /articles/{slug}/provenance.json.
func (s *Site) provenanceJSON(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	reader, err := s.reader(r)
	if err != nil {
		return err
	}
	var d beatdesk.Draft
	var events []store.DraftEvent
	err = s.Store.View(ctx, func(tx *store.Tx) (err error) {
		if d, err = tx.Published(ctx, r.PathValue("slug")); err != nil {
			return err
		}
		events, err = tx.DraftEvents(ctx, d.ID)
		return err
	})
	if err != nil {
		return err
	}
	showLinks := beatdesk.CanSeeSourceLinks(reader.Level)

	var doc provenanceDoc
	a := &doc.Article
	a.Slug, a.Headline, a.URL, a.Published, a.AIGenerated = d.Slug, d.Headline, s.BaseURL+"/article/"+d.Slug, d.PublishedAt, true
	a.Correspondent, _ = s.personaName(d.PersonaSlug)
	pv := d.Provenance
	wr := &doc.Writer
	wr.Name, wr.PromptVersion, wr.PromptHash, wr.Attempts = d.Writer, pv.PromptVersion, pv.PromptHash, pv.Attempts
	wr.InputTokens, wr.OutputTokens, wr.CostUSD, wr.Fallback = pv.InputTokens, pv.OutputTokens, pv.CostUSD, pv.Fallback

	consulted := pv.Consulted
	if len(consulted) == 0 { // drafts written before provenance was recorded
		for _, c := range d.Citations {
			consulted = append(consulted, beatdesk.Consulted{URL: c.URL, Outlet: c.Outlet, Lang: c.Lang,
				Published: c.Published, FetchedAt: c.FetchedAt, Cited: true})
		}
	}
	doc.Sources = []consultedDoc{}
	for _, c := range consulted {
		cd := consultedDoc{Outlet: c.Outlet, Lang: c.Lang, Published: c.Published, FetchedAt: c.FetchedAt,
			ContentHash: c.ContentHash, Cited: c.Cited}
		if showLinks {
			cd.URL = c.URL
		}
		doc.Sources = append(doc.Sources, cd)
	}
	doc.LinksHidden = !showLinks

	v := &doc.Verification
	v.Claims, v.Supported, v.Findings = len(d.Findings), len(d.Findings)-d.Unsupported(), []findingDoc{}
	for _, f := range d.Findings {
		fd := findingDoc{Section: "dek", Supported: f.Supported}
		if f.Section >= 0 && f.Section < len(d.Sections) {
			sec := d.Sections[f.Section]
			fd.Section, fd.MembersOnly = sec.Title, sec.MembersOnly
		}
		if !fd.MembersOnly {
			fd.Claim, fd.Cites, fd.Reason = f.Claim, f.Cites, f.Reason
		}
		v.Findings = append(v.Findings, fd)
	}

	doc.EditorActions = []actionDoc{}
	for _, e := range events {
		by := "editor"
		if e.Actor == store.ActorSystem {
			by = "system"
		}
		doc.EditorActions = append(doc.EditorActions, actionDoc{By: by, Action: e.Action, At: e.At})
	}
	doc.Illustration.Label = "AI generated illustration"
	doc.Illustration.DrawnFrom = append([]string{}, d.Places...)

	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache") // what it shows depends on the reader
	w.Header().Set("Vary", "Cookie")
	_, err = w.Write(append(body, '\n'))
	return err
}
