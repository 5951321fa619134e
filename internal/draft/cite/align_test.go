package cite

import (
	"math/rand/v2"
	"strings"
	"testing"

	"beatdesk"
)

const alignSource = "The council approved the new budget on Tuesday after a long debate.\n\n" +
	"Mayor Lena Ortiz said the city would hire 40 teachers and open two libraries.\n\n" +
	"The opposition did not support the plan, calling it too expensive.\n\n" +
	"Around 1. 3 billion people live in the region, according to the U.K. statistics office."

func TestVerifyClaim(t *testing.T) {
	tests := []struct {
		name      string
		claim     string
		supported bool
		reason    string
	}{
		{"sentence as written", "The council approved the new budget on Tuesday after a long debate.", true, ""},
		{"reordered paraphrase", "Mayor Lena Ortiz said that the city would hire 40 teachers and would open two libraries.", true, ""},
		{"retokenised number", "Around 1.3 billion people live in the region.", true, ""},
		{"alias of a country", "Around 1.3 billion people live in the region, according to the British statistics office.", true, ""},
		{"negation added", "The council did not approve the new budget on Tuesday.", false, "negation"},
		{"antonym", "The council rejected the new budget on Tuesday after a long debate.", false, "opposite"},
		{"closed-class word changed", "Mayor Lena Ortiz said the city would hire 40 teachers and open three libraries.", false, "three"},
		{"invented sentence", "Protesters blocked roads across the capital demanding lower rents and cheaper transport.", false, "words not in source [1]"},
		{"second sentence unsupported", "The council approved the new budget. Mayor Lena Ortiz resigned in protest over the cuts.", false, "Mayor Lena Ortiz resigned"},
		{"actor from another sentence", "Mayor Lena Ortiz said the council would hire 40 teachers and open two libraries.", false, "weak support"},
		{"actor swapped within the source", "The opposition approved the new budget on Tuesday after a long debate.", false, ""},
		{"changed figure", "Mayor Lena Ortiz said the city would hire 45 teachers.", false, `the number "45"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := VerifyClaim(alignSource, tt.claim, "en")
			why := strings.Join(v.Reasons, "; ")
			if v.Supported != tt.supported {
				t.Fatalf("Supported = %v (score %.2f, reasons %q), want %v", v.Supported, v.Score, why, tt.supported)
			}
			if v.Score < 0 || v.Score > 1 {
				t.Errorf("score %v outside [0, 1]", v.Score)
			}
			if tt.supported && len(v.Reasons) > 0 {
				t.Errorf("supported with reasons %q", why)
			}
			if !strings.Contains(why, tt.reason) {
				t.Errorf("reasons %q do not say %q", why, tt.reason)
			}
		})
	}
	if v := VerifyClaim(alignSource, "The council approved the new budget on Tuesday after a long debate.", "en"); v.Score != 1 {
		t.Errorf("a source sentence scores %v, want 1", v.Score)
	}
	if v := VerifyClaim(alignSource, "  ", "en"); v.Supported {
		t.Error("an empty claim is supported")
	}
}

// A sentence built of its source's content words can still join pieces
// of different sentences; a sentence trimmed or reordered from one keeps
// that sentence's wording.
func TestVerifyClaimWording(t *testing.T) {
	const source = "Her father asked her to do the cleaning at home.\n\nHer father says she refused."
	tests := []struct {
		claim     string
		supported bool
	}{
		{"Her father asked her to do the cleaning at home.", true},
		{"Her father asked her to do the cleaning.", true},
		{"At home, her father asked her to do the cleaning.", true},
		{"Her father says she is to do the cleaning at home.", false},
	}
	for _, tt := range tests {
		v := VerifyClaim(source, tt.claim, "en")
		if v.Supported != tt.supported {
			t.Errorf("%q: supported %v (score %.2f, %q), want %v", tt.claim, v.Supported, v.Score, v.Reasons, tt.supported)
		}
	}
}

// Naming the outlet of a source the sentence does not cite is a wrong
// attribution, unless the cited passage itself names that outlet.
func TestCheckWrongOutlet(t *testing.T) {
	cs := []beatdesk.Citation{
		{N: 1, Outlet: "Gulf Wire", Lang: "en", Passage: "Prices rose 12% in March, the statistics office said."},
		{N: 2, Outlet: "Harbour Post", Lang: "en", Passage: "Prices rose 12% in March, Gulf Wire reported, citing the statistics office."},
	}
	if f := CheckSentence("According to Harbour Post, prices rose 12% in March [1].", cs); f.Supported || !strings.Contains(f.Reason, "attributes to Harbour Post") {
		t.Errorf("wrong outlet: supported %v, reason %q", f.Supported, f.Reason)
	}
	if f := CheckSentence("According to Gulf Wire, prices rose 12% in March [2].", cs); !f.Supported {
		t.Errorf("outlet named by the cited passage: %q", f.Reason)
	}
}

func TestCorrupt(t *testing.T) {
	cs := []beatdesk.Citation{
		{N: 1, Outlet: "Gulf Wire", Lang: "en", Passage: "Governor Ana Pérez said 1,340 people had fled since 12 November, when “the attacks began”. Mayor Luis Soto disagreed."},
		{N: 2, Outlet: "Harbour Post", Lang: "en", Passage: "Rain flooded the coastal road near Tampico on Sunday."},
	}
	sentence := "Gulf Wire reported: Governor Ana Pérez said 1,340 people had fled since 12 November, when “the attacks began”. [1]"
	got := map[string]Corruption{}
	for _, c := range Corrupt(sentence, cs, []string{"Pérez", "Tampico", "Lopez"}, rand.New(rand.NewPCG(1, 2))) {
		got[c.Kind] = c
	}
	for _, k := range CorruptKinds {
		c, ok := got[k]
		if !ok {
			t.Errorf("no %s corruption", k)
			continue
		}
		if c.Sentence == sentence || c.Change == "" {
			t.Errorf("%s: sentence unchanged or change not described: %+v", k, c)
		}
		if f := CheckSentence(c.Sentence, cs); f.Supported {
			t.Errorf("%s corruption %q (%s) passes the verifier", k, c.Sentence, c.Change)
		}
	}
	if c := got[CorruptEntity]; strings.Contains(c.Sentence, "Tampico") && strings.Contains(c.Change, "Gulf") {
		t.Errorf("the entity swap changed the outlet's name: %s", c.Change)
	}
	if c := got[CorruptCitation]; !strings.HasSuffix(c.Sentence, "[2]") {
		t.Errorf("citation corruption %q does not point at [2]", c.Sentence)
	}
	if f := CheckSentence(sentence, cs); !f.Supported {
		t.Fatalf("the untouched sentence is flagged: %s", f.Reason)
	}
}

// A sentence trimmed from one source sentence is supported unless the
// trim changes what it says: a verb, a clause's subject or a negation
// left out between the kept pieces, or a cut across a comma that hands a
// title to the next name. An aside set off by commas may go.
func TestVerifyClaimCuts(t *testing.T) {
	const source = "Little Catalina was filmed emptying out the kitchen cabinets at home.\n\n" +
		"Ms Giffords, who was shot in the head in Tucson, is now an advocate for gun control.\n\n" +
		"The boxer praised the champion as she paid a visit to the training camp.\n\n" +
		"The mayor said the city would not close the library.\n\n" +
		"Health minister Dan Poulter, trade minister Tom Brake and Gavin Shuker cut their calories."
	tests := []struct {
		claim     string
		supported bool
	}{
		{"Little Catalina was filmed emptying out the kitchen cabinets.", true},
		{"Little Catalina was filmed out the kitchen cabinets at home.", false},
		{"Ms Giffords is now an advocate for gun control.", true},
		{"The boxer paid a visit to the training camp.", false},
		{"The mayor said the city would close the library.", false},
		{"Trade minister Tom Brake and Gavin Shuker cut their calories.", true},
		{"Health minister Tom Brake and Gavin Shuker cut their calories.", false},
	}
	for _, tt := range tests {
		v := VerifyClaim(source, tt.claim, "en")
		if v.Supported != tt.supported {
			t.Errorf("%q: supported %v (score %.2f, %q), want %v", tt.claim, v.Supported, v.Score, v.Reasons, tt.supported)
		}
		if !tt.supported && !strings.Contains(strings.Join(v.Reasons, " "), "leaves out") {
			t.Errorf("%q: reasons %q do not name the cut", tt.claim, v.Reasons)
		}
	}
}

// A summary may name an actor by a description the source uses elsewhere
// and copy what the actor did word for word; it may not hand a predicate
// whose actor the source describes to another actor, nor put a first name
// of its own before a surname the source gives a title.
func TestVerifyClaimActors(t *testing.T) {
	const source = "Tony McCoy has two rides at Sandown on Saturday before he retires from racing for good.\n\n" +
		"The jockey they all struggle to beat has won 20 titles.\n\n" +
		"The council approved the budget after a long debate.\n\n" +
		"The opposition did not support the plan.\n\n" +
		"Noted critic dmitry tsilikin was found dead in his flat in St Petersburg after friends could not reach him. Mr Tsilikin was 54."
	tests := []struct {
		claim     string
		supported bool
		reason    string
	}{
		{"The jockey retires from racing for good.", true, ""},
		{"The opposition approved the budget after a long debate.", false, "weak support"},
		{"Noted critic dmitry tsilikin was found dead in his flat in St Petersburg after friends could not reach him.", true, ""},
		{"Noted critic alexander tsilikin was found dead in his flat in St Petersburg after friends could not reach him.", false, "alexander"},
		{"But that he retires from racing for good.", false, "subordinate clause"},
	}
	for _, tt := range tests {
		v := VerifyClaim(source, tt.claim, "en")
		why := strings.Join(v.Reasons, "; ")
		if v.Supported != tt.supported || !strings.Contains(why, tt.reason) {
			t.Errorf("%q: supported %v (score %.2f, %q), want %v and a reason naming %q", tt.claim, v.Supported, v.Score, why, tt.supported, tt.reason)
		}
	}
}
