package beatdesk

import (
	"strings"
	"testing"
)

// TestDraftTransitions checks the desk's state machine as an editor would
// read it: every target is a known state, published text never goes back
// to review, retracted and spiked are final, and the live states are the
// ones that can take a correction.
func TestDraftTransitions(t *testing.T) {
	for from, tos := range DraftTransitions {
		for _, to := range tos {
			if _, ok := DraftTransitions[to]; !ok {
				t.Errorf("%s → %s: %s is not a state", from, to, to)
			}
		}
	}
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{DraftDetected, DraftDrafting, true},
		{DraftDrafting, DraftInReview, true},
		{DraftInReview, DraftApproved, true},
		{DraftInReview, DraftPublished, true}, // the pipeline's auto-publish
		{DraftApproved, DraftPublished, true},
		{DraftSentBack, DraftPublished, false},
		{DraftSentBack, DraftInReview, true},
		{DraftPublished, DraftInReview, false},
		{DraftPublished, DraftCorrected, true},
		{DraftCorrected, DraftUpdated, true},
		{DraftUpdated, DraftRetracted, true},
		{DraftRetracted, DraftPublished, false},
		{DraftSpiked, DraftInReview, false},
		{DraftDetected, DraftPublished, false},
	} {
		if got := CanMove(c.from, c.to); got != c.ok {
			t.Errorf("CanMove(%s, %s) = %v, want %v", c.from, c.to, got, c.ok)
		}
	}
	for state := range DraftTransitions {
		live := IsLive(state)
		if live != CanMove(state, DraftCorrected) {
			t.Errorf("%s: live %v but may take a correction %v", state, live, !live)
		}
		if live && Editable(state) {
			t.Errorf("%s is live and editable; published text changes only by notice", state)
		}
	}
}

func TestNoticeValidate(t *testing.T) {
	ok := Notice{Kind: NoticeCorrection, Text: "An earlier version gave the wrong date."}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid correction: %v", err)
	}
	for _, n := range []Notice{
		{Kind: "erratum", Text: "x"},
		{Kind: NoticeUpdate, Text: " \n"},
		{Kind: NoticeRetraction, Text: strings.Repeat("x", maxNotice+1)},
	} {
		if err := n.Validate(); err == nil || Message(err) == "" {
			t.Errorf("notice %q (%d chars): %v, want a clear ErrInvalid", n.Kind, len(n.Text), err)
		}
	}
	if NoticeState(NoticeUpdate) != DraftUpdated || NoticeState(NoticeCorrection) != DraftCorrected || NoticeState(NoticeRetraction) != DraftRetracted {
		t.Error("NoticeState maps a kind to the wrong state")
	}
}
