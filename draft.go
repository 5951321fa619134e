package beatdesk

import (
	"bytes"
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
	EditorNote  string // why it was sent back, or the editor's remark
	AutoPublish bool   // published without a human (demo mode); shown on the desk
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

// Draft states, in desk order. A story is detected, its draft written
// (drafting) and put in review; an editor approves and publishes it, or
// sends it back with a note to be re-drafted, or spikes it. Once published
// it is live on the site; a later dated update or correction keeps it live
// under the same URL (updated, corrected), and a retraction takes it down.
// Only the transitions in DraftTransitions are allowed.
const (
	DraftDetected  = "detected"
	DraftDrafting  = "drafting"
	DraftInReview  = "in_review"
	DraftSentBack  = "sent_back"
	DraftApproved  = "approved"
	DraftPublished = "published"
	DraftUpdated   = "updated"
	DraftCorrected = "corrected"
	DraftRetracted = "retracted"
	DraftSpiked    = "spiked"
)

// DraftTransitions lists, for each state, the states a draft may move to.
// In review may go straight to published: the pipeline does so for
// auto-published drafts, and "Approve and publish" passes through approved
// in the same step. An approved draft whose text is edited goes back to
// review, as the approval was of other words.
var DraftTransitions = map[string][]string{
	DraftDetected:  {DraftDrafting, DraftSpiked},
	DraftDrafting:  {DraftInReview, DraftSpiked},
	DraftInReview:  {DraftApproved, DraftPublished, DraftSentBack, DraftSpiked},
	DraftSentBack:  {DraftInReview, DraftSpiked},
	DraftApproved:  {DraftPublished, DraftInReview, DraftSentBack, DraftSpiked},
	DraftPublished: {DraftUpdated, DraftCorrected, DraftRetracted},
	DraftUpdated:   {DraftUpdated, DraftCorrected, DraftRetracted},
	DraftCorrected: {DraftUpdated, DraftCorrected, DraftRetracted},
	DraftRetracted: {},
	DraftSpiked:    {},
}

// LiveStates are the states in which a draft is on the site.
var LiveStates = []string{DraftPublished, DraftUpdated, DraftCorrected}

// IsLive reports whether a draft in state is on the site.
func IsLive(state string) bool {
	for _, s := range LiveStates {
		if s == state {
			return true
		}
	}
	return false
}

// Editable reports whether a draft's text may still be changed on the
// desk: before publication only. Published text changes by correction or
// update, which readers see.
func Editable(state string) bool {
	return state == DraftInReview || state == DraftSentBack || state == DraftApproved
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

// StateName is a state as an editor reads it: "in review", not "in_review".
func StateName(state string) string { return strings.ReplaceAll(state, "_", " ") }

// A Notice is a dated correction or update appended to a published
// article under the same URL. Readers see every notice, with its date,
// on the article page; a retraction is the notice that takes it down.
type Notice struct {
	ID      int64
	DraftID int64
	Kind    string // NoticeCorrection, NoticeUpdate, NoticeRetraction
	Text    string
	Actor   string // who wrote it
	At      time.Time
}

// Notice kinds.
const (
	NoticeCorrection = "correction"
	NoticeUpdate     = "update"
	NoticeRetraction = "retraction"
)

// maxNotice bounds a notice's text; a correction is a few sentences.
const maxNotice = 4000

// Validate reports whether n has a known kind and a text of sensible size.
func (n *Notice) Validate() error {
	const op = "Notice.Validate"
	switch n.Kind {
	case NoticeCorrection, NoticeUpdate, NoticeRetraction:
	default:
		return Errorf(ErrInvalid, op, "%q is not a kind of notice; use correction, update or retraction", n.Kind)
	}
	if strings.TrimSpace(n.Text) == "" {
		return Errorf(ErrInvalid, op, "write the text of the %s readers will see", n.Kind)
	}
	if len(n.Text) > maxNotice {
		return Errorf(ErrInvalid, op, "the %s is %d characters; keep it under %d", n.Kind, len(n.Text), maxNotice)
	}
	return nil
}

// NoticeState is the state a live draft moves to when it gets a notice
// of kind.
func NoticeState(kind string) string {
	switch kind {
	case NoticeCorrection:
		return DraftCorrected
	case NoticeUpdate:
		return DraftUpdated
	}
	return DraftRetracted
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

// RenumberCites rewrites each citation marker [n] of text as [to(n)];
// a marker whose number stays the same is left as written.
func RenumberCites(text string, to func(n int) int) string {
	return citeMarker.ReplaceAllStringFunc(text, func(m string) string {
		var n int
		fmt.Sscanf(m[1:len(m)-1], "%d", &n)
		if t := to(n); t != n {
			return fmt.Sprintf("[%d]", t)
		}
		return m
	})
}

// Unsupported counts the findings that failed verification.
func (d *Draft) Unsupported() int { return CountUnsupported(d.Findings) }

// CountUnsupported counts the findings of fs that failed verification.
func CountUnsupported(fs []Finding) int {
	n := 0
	for _, f := range fs {
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
func (d *Draft) MemberSections() []Section { return d.sections(true) }

// PublicText is what anyone may read of d, as plain text: headline, dek
// and public sections, citation markers removed. Every surface that shows
// an article's text outside its own page (feeds, search and its
// snippets, previews) takes it from here, so none can carry the members'
// part.
func (d *Draft) PublicText() string {
	var b strings.Builder
	b.WriteString(d.Headline + "\n\n" + StripMarkers(d.Dek))
	for _, sec := range d.PublicSections() {
		b.WriteString("\n\n" + sec.Title + "\n")
		for _, p := range sec.Paragraphs {
			b.WriteString("\n" + StripMarkers(p))
		}
	}
	return b.String()
}

// StripMarkers removes citation markers with the white space before
// them: "fled [1]." becomes "fled.". (It does what the regular
// expression `\s*\[\d+\]` replaced by "" does, a test checks, at a
// fraction of the cost: every search result and feed item passes here.)
func StripMarkers(s string) string {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i >= 0 {
		j := i + 1
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		if j > i+1 && j < len(s) && s[j] == ']' {
			b = append(b, s[:i]...)
			b = bytes.TrimRight(b, " \t\n\f\r")
			s = s[j+1:]
		} else {
			b = append(b, s[:i+1]...)
			s = s[i+1:]
		}
		i = strings.IndexByte(s, '[')
	}
	return string(append(b, s...))
}

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
