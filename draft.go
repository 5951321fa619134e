package beatdesk

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// A Draft is an analysis article written by a correspondent about a story,
// on its way through the desk to publication. Every sentence of its body
// carries at least one citation marker "[n]" that points into Citations.
type Draft struct {
	ID          int64
	StoryID     int64
	PersonaSlug string
	Writer      string // "extractive", or the model that wrote it
	Headline    string
	Dek         string
	Sections    []Section
	Citations   []Citation
	Region      string   // region slug
	Places      []string // place names the illustration draws
	Slug        string   // URL slug once published
	State       string
	Findings    []Finding // the citation verifier's results, one per claim
	Provenance  Provenance
	EditorNote  string    // why it was sent back, or the editor's remark
	AutoPublish bool      // published without a human (demo mode); shown on the desk
	Revision    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time
}

// A Section is a titled part of a draft's body. Sections marked MembersOnly
// form the members-only continuation and never leave the server to anyone
// else.
type Section struct {
	Title       string   `json:"title"`
	Paragraphs  []string `json:"paragraphs"` // plain text with [n] citation markers
	MembersOnly bool     `json:"members_only"`
}

// A Citation documents one source article a draft relies on. Every
// sentence drawn from that article carries its number.
type Citation struct {
	N         int       `json:"n"`
	ArticleID int64     `json:"article_id"`
	Outlet    string    `json:"outlet"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
	FetchedAt time.Time `json:"fetched_at"`
	Passage   string    `json:"passage"` // the article's paragraphs the draft quotes, exact, in article order, separated by blank lines
	// Translation is the passage machine-translated into the publication
	// language (and the quotes the draft translates), when the source is
	// in another language and an engine could; TranslatedBy names it.
	// Quotes keep the original wording; the verifier accepts support from
	// either.
	Translation  string `json:"translation,omitempty"`
	TranslatedBy string `json:"translated_by,omitempty"`
}

// Provenance records how a draft was made: the writer and model, the
// prompt, what it cost, and every source consulted. Readers see it in the
// "How this analysis was produced" note and as JSON; it never holds the
// draft's text.
type Provenance struct {
	Writer        string      `json:"writer"` // "extractive", or "<provider>:<model>"
	PromptVersion string      `json:"prompt_version,omitempty"`
	PromptHash    string      `json:"prompt_hash,omitempty"`
	Attempts      int         `json:"attempts,omitempty"` // requests to the model, failed ones included
	InputTokens   int         `json:"input_tokens,omitempty"`
	OutputTokens  int         `json:"output_tokens,omitempty"`
	CostUSD       float64     `json:"cost_usd,omitempty"`
	Fallback      string      `json:"fallback,omitempty"` // why the extractive writer stood in for the model
	Consulted     []Consulted `json:"consulted"`
}

// Consulted is one source article the writer was given.
type Consulted struct {
	ArticleID   int64     `json:"article_id"`
	URL         string    `json:"url"`
	Outlet      string    `json:"outlet"`
	Lang        string    `json:"lang"`
	Published   time.Time `json:"published"`
	FetchedAt   time.Time `json:"fetched_at"`
	ContentHash string    `json:"content_hash"`
	Cited       bool      `json:"cited"`
}

// A Finding is the verifier's verdict on one claim (one sentence) of a draft.
type Finding struct {
	Section   int    `json:"section"`
	Paragraph int    `json:"paragraph"`
	Claim     string `json:"claim"`
	Cites     []int  `json:"cites"`
	Supported bool   `json:"supported"`
	Reason    string `json:"reason,omitempty"` // why not, in an editor's words
}

// Draft states, in desk order. Only the transitions in DraftTransitions are
// allowed.
const (
	DraftInReview  = "in_review"
	DraftSentBack  = "sent_back"
	DraftPublished = "published"
	DraftSpiked    = "spiked"
)

// DraftTransitions lists, for each state, the states a draft may move to.
var DraftTransitions = map[string][]string{
	DraftInReview:  {DraftPublished, DraftSentBack, DraftSpiked},
	DraftSentBack:  {DraftInReview, DraftSpiked},
	DraftPublished: {},
	DraftSpiked:    {},
}

// CanMove reports whether a draft in state from may move to state to.
func CanMove(from, to string) bool {
	for _, s := range DraftTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

var citeMarker = regexp.MustCompile(`\[(\d+)\]`)

// CiteMarkers returns the citation numbers in text, in order.
func CiteMarkers(text string) []int {
	var ns []int
	for _, m := range citeMarker.FindAllStringSubmatch(text, -1) {
		var n int
		fmt.Sscanf(m[1], "%d", &n)
		ns = append(ns, n)
	}
	return ns
}

// Unsupported counts the findings that failed verification.
func (d *Draft) Unsupported() int {
	n := 0
	for _, f := range d.Findings {
		if !f.Supported {
			n++
		}
	}
	return n
}

// Outlets returns the distinct outlet names cited, in citation order.
func (d *Draft) Outlets() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range d.Citations {
		if !seen[c.Outlet] {
			seen[c.Outlet] = true
			out = append(out, c.Outlet)
		}
	}
	return out
}

// PublicSections and MemberSections split the body at the gate.
func (d *Draft) PublicSections() []Section { return d.sections(false) }

// PublicText is what anyone may read of d, as plain text: headline, dek
// and public sections, citation markers removed. Every surface that shows
// an article's text outside its own page (feeds, search and its
// snippets, previews) takes it from here, so none can carry the members'
// part.
func (d *Draft) PublicText() string {
	var b strings.Builder
	b.WriteString(d.Headline + "\n\n" + stripMarkers(d.Dek))
	for _, sec := range d.PublicSections() {
		b.WriteString("\n\n" + sec.Title + "\n")
		for _, p := range sec.Paragraphs {
			b.WriteString("\n" + stripMarkers(p))
		}
	}
	return b.String()
}

var markerWithSpace = regexp.MustCompile(`\s*\[\d+\]`)

// stripMarkers removes citation markers: "fled [1]." becomes "fled.".
func stripMarkers(s string) string { return markerWithSpace.ReplaceAllString(s, "") }
func (d *Draft) MemberSections() []Section { return d.sections(true) }

func (d *Draft) sections(members bool) []Section {
	var out []Section
	for _, s := range d.Sections {
		if s.MembersOnly == members {
			out = append(out, s)
		}
	}
	return out
}

// Validate reports whether d is a complete draft: a headline, a dek, at
// least one public and one members-only section, and every paragraph's
// citation markers pointing at a citation.
func (d *Draft) Validate() error {
	const op = "Draft.Validate"
	if strings.TrimSpace(d.Headline) == "" {
		return Errorf(ErrInvalid, op, "the draft needs a headline")
	}
	if strings.TrimSpace(d.Dek) == "" {
		return Errorf(ErrInvalid, op, "the draft needs a dek (one paragraph under the headline)")
	}
	if len(d.PublicSections()) == 0 {
		return Errorf(ErrInvalid, op, "the draft needs at least one public section")
	}
	have := map[int]bool{}
	for _, c := range d.Citations {
		have[c.N] = true
	}
	for i, s := range d.Sections {
		if strings.TrimSpace(s.Title) == "" {
			return Errorf(ErrInvalid, op, "section %d needs a title", i+1)
		}
		for _, p := range s.Paragraphs {
			for _, n := range CiteMarkers(p) {
				if !have[n] {
					return Errorf(ErrInvalid, op, "section %q cites [%d], which is not in the source list", s.Title, n)
				}
			}
		}
	}
	return nil
}
