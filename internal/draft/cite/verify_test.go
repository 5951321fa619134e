package cite

import (
	"strings"
	"testing"
	"time"

	"beatdesk"
)

// Two cited passages, one Spanish and one English, about the same event.
var testCitations = []beatdesk.Citation{
	{
		N: 1, Outlet: "El Diario del Norte", Lang: "es",
		Published: time.Date(2024, 11, 14, 9, 30, 0, 0, time.FixedZone("CST", -6*3600)),
		Passage: "Al menos 1.340 personas fueron desplazadas de la sierra de Sinaloa desde el martes, " +
			"según la Comisión Estatal de Derechos Humanos. «No vamos a abandonar a las familias», " +
			"dijo la gobernadora Ana Lucía Pérez durante una visita a Culiacán el 13 de noviembre.",
	},
	{
		N: 2, Outlet: "Gulf Wire", Lang: "en",
		Published: time.Date(2024, 11, 15, 14, 0, 0, 0, time.UTC),
		Passage: "Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands, " +
			"up 12% from last week's count. Governor Ana Lucía Pérez said the state would open " +
			"three new shelters in Culiacán by Monday.",
	},
}

func TestCheckSentence(t *testing.T) {
	tests := []struct {
		name      string
		sentence  string
		supported bool
		reason    string // a part of the expected reason
	}{
		// Supported.
		{"spanish frame and quote",
			"Según El Diario del Norte, «Al menos 1.340 personas fueron desplazadas de la sierra de Sinaloa desde el martes, según la Comisión Estatal de Derechos Humanos.» [1]", true, ""},
		{"dated frame",
			"El 14 de noviembre, El Diario del Norte informó: «No vamos a abandonar a las familias», dijo la gobernadora Ana Lucía Pérez. [1]", true, ""},
		{"english dated frame and label",
			"On 14 November, El Diario del Norte reported (in Spanish): “Al menos 1.340 personas fueron desplazadas de la sierra de Sinaloa desde el martes.” [1]", true, ""},
		{"english quote",
			"Gulf Wire reported on 15 November: “Governor Ana Lucía Pérez said the state would open three new shelters in Culiacán by Monday.” [2]", true, ""},
		{"paraphrase with reformatted number",
			"Mexican authorities said 1 340 people had fled villages in the Sinaloa highlands, up 12 per cent from last week's count [2].", true, ""},
		{"two sources",
			"Governor Ana Lucía Pérez said the state would open three new shelters in Culiacán [1][2].", true, ""},
		{"curly and straight quotes agree",
			`Gulf Wire reported: "Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands." [2]`, true, ""},
		{"quote with ellipsis",
			"According to Gulf Wire, “Mexican authorities said 1,340 people had fled … up 12% from last week's count.” [2]", true, ""},

		// Not supported.
		{"changed number",
			"Mexican authorities said 1,430 people had fled villages in the Sinaloa highlands [2].", false, `the number "1,430" is not in source [2]`},
		{"changed number in quote",
			"According to Gulf Wire, “Mexican authorities said 1,450 people had fled villages in the Sinaloa highlands.” [2]", false, "quote not found in source [2]"},
		{"swapped name",
			"Governor Ana Lucía Torres said the state would open three new shelters in Culiacán by Monday [2].", false, `the name "Governor Ana Lucía Torres" is not in source [2]`},
		{"wrong place",
			"Governor Ana Lucía Pérez said the state would open three new shelters in Mazatlán by Monday [2].", false, `the name "Mazatlán" is not in source [2]`},
		{"invented quote",
			"According to Gulf Wire, “The cartels have won this war.” [2]", false, "quote not found in source [2]"},
		{"missing marker",
			"Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands.", false, "no citation"},
		{"marker to nonexistent source",
			"Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands [7].", false, "source [7] is not in the source list"},
		{"wrong date",
			"Ana Lucía Pérez visited Culiacán on 12 November, El Diario del Norte reported [1].", false, `the date "12 November" is not in source [1]`},
		{"wrong weekday",
			"Al menos 1.340 personas fueron desplazadas de la sierra de Sinaloa desde el jueves [1].", false, `the date "jueves" is not in source [1]`},
		{"added facts",
			"Mexican authorities blamed rival cartel factions fighting over fentanyl routes while soldiers withdrew from the highlands [2].", false, "words not in source [2]"},
		{"wrong outlet in frame",
			"According to Reuters, “Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands.” [2]", false, `the name "Reuters" is not in source [2]`},
		{"percent changed",
			"The count of people who fled the Sinaloa highlands rose 21% from last week [2].", false, `the number "21%" is not in source [2]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := CheckSentence(tt.sentence, testCitations)
			if f.Supported != tt.supported {
				t.Fatalf("Supported = %v, want %v (reason %q)", f.Supported, tt.supported, f.Reason)
			}
			if tt.reason != "" && !strings.Contains(f.Reason, tt.reason) {
				t.Errorf("reason %q does not say %q", f.Reason, tt.reason)
			}
			if tt.supported && f.Reason != "" {
				t.Errorf("supported sentence has a reason: %q", f.Reason)
			}
		})
	}
}

func TestVerifyPositions(t *testing.T) {
	d := &beatdesk.Draft{
		Dek: "Según El Diario del Norte, «No vamos a abandonar a las familias», dijo la gobernadora Ana Lucía Pérez. [1]",
		Sections: []beatdesk.Section{
			{Title: "What happened", Paragraphs: []string{
				"Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands [2]. Nobody knows why.",
			}},
			{Title: "What to watch", MembersOnly: true, Paragraphs: []string{
				"First paragraph has no claim worth checking [2].",
				"Governor Ana Lucía Pérez said the state would open three new shelters in Culiacán by Monday [2].",
			}},
		},
		Citations: testCitations,
	}
	got := Verify(d)
	type pos struct {
		section, paragraph int
		supported          bool
	}
	want := []pos{{-1, 0, true}, {0, 0, true}, {0, 0, false}, {1, 0, false}, {1, 1, true}}
	if len(got) != len(want) {
		for _, f := range got {
			t.Logf("%+v", f)
		}
		t.Fatalf("got %d findings, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Section != w.section || g.Paragraph != w.paragraph || g.Supported != w.supported {
			t.Errorf("finding %d = section %d paragraph %d supported %v (%q), want %+v", i, g.Section, g.Paragraph, g.Supported, g.Reason, w)
		}
	}
	if got[2].Reason != "no citation" {
		t.Errorf("uncited sentence reason = %q, want %q", got[2].Reason, "no citation")
	}
	d.Findings = got
	if d.Unsupported() != 2 {
		t.Errorf("Unsupported() = %d, want 2", d.Unsupported())
	}
}

func TestCheckSentenceNormalises(t *testing.T) {
	// The passage spells "Pérez" with a combining accent (NFD) and uses
	// straight quotes; the claim uses NFC and curly quotes.
	cs := []beatdesk.Citation{{N: 1, Outlet: "Gulf Wire", Lang: "en",
		Passage: "\"We will not abandon the families,\" Governor Ana Pe\u0301rez said on Wednesday."}}
	claim := "Gulf Wire reported: ““We will not abandon the families,” Governor Ana P\u00e9rez said on Wednesday.” [1]"
	if f := CheckSentence(claim, cs); !f.Supported {
		t.Errorf("not supported: %s", f.Reason)
	}
}

func TestCheckSentenceArabic(t *testing.T) {
	cs := []beatdesk.Citation{{N: 1, Outlet: "Al-Sahil", Lang: "ar",
		Passage: "قال المتحدث باسم الوزارة إن ١٢ شخصا قتلوا في القصف. وأضاف أن فرق الإنقاذ ما زالت تبحث."}}
	ok := "According to Al-Sahil (in Arabic), “قال المتحدث باسم الوزارة إن ١٢ شخصا قتلوا في القصف.” [1]"
	if f := CheckSentence(ok, cs); !f.Supported {
		t.Errorf("verbatim Arabic quote not supported: %s", f.Reason)
	}
	bad := "According to Al-Sahil (in Arabic), “قال المتحدث باسم الوزارة إن ١٥ شخصا قتلوا في القصف.” [1]"
	if f := CheckSentence(bad, cs); f.Supported || !strings.Contains(f.Reason, `the number "15"`) {
		t.Errorf("changed Arabic number: supported %v, reason %q", f.Supported, f.Reason)
	}
}

func TestFiguresLeaveOutDates(t *testing.T) {
	got := Figures("On 14 November 2024, 1,340 people (12%) fled; by Nov. 15 the count was 1.412 in 2024 [3].")
	want := []string{"1,340", "12%", "1.412"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Figures = %q, want %q", got, want)
	}
}

// A citation's passage may hold several paragraphs of one article. Each
// sentence is checked against all of them, but a quote or a figure must
// come from one paragraph, not be stitched across the join.
func TestCheckSentenceMultiParagraphPassage(t *testing.T) {
	cs := []beatdesk.Citation{{N: 1, Outlet: "Gulf Wire", Lang: "en",
		Published: time.Date(2024, 11, 15, 14, 0, 0, 0, time.UTC),
		Passage: "Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands.\n\n" +
			"Governor Ana Lucía Pérez said the state would open three new shelters in Culiacán by Monday.\n\n" +
			"Volunteers counted the meals served at the gym on Monday at 12\n\n" +
			"500 troops arrived in the area on Tuesday, the Defense Ministry said."}}
	tests := []struct {
		name      string
		sentence  string
		supported bool
		reason    string
	}{
		{"quote from the first paragraph",
			"According to Gulf Wire, “Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands.” [1]", true, ""},
		{"quote from the second paragraph",
			"Gulf Wire reported: “Governor Ana Lucía Pérez said the state would open three new shelters in Culiacán by Monday.” [1]", true, ""},
		{"dated frame, quote from the last paragraph",
			"On 15 November, Gulf Wire reported: “500 troops arrived in the area on Tuesday, the Defense Ministry said.” [1]", true, ""},
		{"paraphrase drawing on two paragraphs",
			"Mexican authorities said 1,340 people fled the Sinaloa highlands, and Governor Ana Lucía Pérez said three new shelters would open in Culiacán [1].", true, ""},
		{"quote stitched across two paragraphs",
			"Gulf Wire reported: “People had fled villages in the Sinaloa highlands. Governor Ana Lucía Pérez said the state would open three new shelters.” [1]",
			false, "quote not found in source [1]"},
		{"figure stitched across two paragraphs",
			"Volunteers counted 12,500 meals served at the gym on Monday [1].", false, `the number "12,500"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := CheckSentence(tt.sentence, cs)
			if f.Supported != tt.supported {
				t.Fatalf("Supported = %v, want %v (reason %q)", f.Supported, tt.supported, f.Reason)
			}
			if !strings.Contains(f.Reason, tt.reason) {
				t.Errorf("reason %q does not say %q", f.Reason, tt.reason)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	got := Paragraphs("  First paragraph.\r\n\r\nSecond, with a\nline break.\n\n\n\nThird.\n\n  ")
	want := []string{"First paragraph.", "Second, with a\nline break.", "Third."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Paragraphs = %q, want %q", got, want)
	}
}
