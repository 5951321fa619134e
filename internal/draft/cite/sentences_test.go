package cite

import (
	"reflect"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "The vote passed. The senate adjourned!", []string{"The vote passed.", "The senate adjourned!"}},
		{"titles", "Mr. López met Dr. Ana Ruiz and Sr. Pérez on Friday. They spoke for an hour.",
			[]string{"Mr. López met Dr. Ana Ruiz and Sr. Pérez on Friday.", "They spoke for an hour."}},
		{"initials and countries", "U.S. officials met J. K. Rowling in the U.S. capital. Nothing followed.",
			[]string{"U.S. officials met J. K. Rowling in the U.S. capital.", "Nothing followed."}},
		{"decimals", "Inflation rose 3.5 percent in October. Prices of 1.200 items were tracked.",
			[]string{"Inflation rose 3.5 percent in October.", "Prices of 1.200 items were tracked."}},
		{"abbreviated month", "The hearing is set for Nov. 14 in Monterrey. It was delayed.",
			[]string{"The hearing is set for Nov. 14 in Monterrey.", "It was delayed."}},
		{"lower case after period", "He cited approx. five cases, e.g. the raid. Then he left.",
			[]string{"He cited approx. five cases, e.g. the raid.", "Then he left."}},
		{"quotation kept whole", `"We will not negotiate. Never," the governor said. Talks ended.`,
			[]string{`"We will not negotiate. Never," the governor said.`, "Talks ended."}},
		{"translation kept with its quote", "El Norte reported (in Spanish): “Llegaron a pie.” (translation: “They arrived on foot.”) [2] Then rain fell.",
			[]string{"El Norte reported (in Spanish): “Llegaron a pie.” (translation: “They arrived on foot.”) [2]", "Then rain fell."}},
		{"guillemets", "El alcalde dijo: «No habrá tregua. Seguiremos.» La policía llegó.",
			[]string{"El alcalde dijo: «No habrá tregua. Seguiremos.»", "La policía llegó."}},
		{"spanish question", "¿Quién pagará? Nadie lo sabe. EE.UU. no respondió.",
			[]string{"¿Quién pagará?", "Nadie lo sabe.", "EE.UU. no respondió."}},
		{"arabic", "قال المتحدث إن الوضع خطير؟ وأضاف أن 12 شخصا قتلوا.",
			[]string{"قال المتحدث إن الوضع خطير؟", "وأضاف أن 12 شخصا قتلوا."}},
		{"chinese", "警方逮捕了三人。调查仍在继续。", []string{"警方逮捕了三人。", "调查仍在继续。"}},
		{"markers stay", `According to Reuters, “Twelve died.” [2] El País informó: «Hubo 12 muertos.» [3]`,
			[]string{`According to Reuters, “Twelve died.” [2]`, `El País informó: «Hubo 12 muertos.» [3]`}},
		{"marker ends sentence before lower case", `cbs8.com reported: “Twelve died.” [2] cbs8.com wrote: “Three were hurt.” [3]`,
			[]string{`cbs8.com reported: “Twelve died.” [2]`, `cbs8.com wrote: “Three were hurt.” [3]`}},
		{"marker before period", "Twelve died [2]. Three were hurt [3][4].",
			[]string{"Twelve died [2].", "Three were hurt [3][4]."}},
		{"line breaks", "Headline without a stop\nThe body starts here.", []string{"Headline without a stop", "The body starts here."}},
		{"unbalanced quote does not glue", `He said "no. Then we left. Later it rained.`,
			[]string{`He said "no.`, "Then we left.", "Later it rained."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sentences(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFigures(t *testing.T) {
	// Each claim figure must be found in the passage next to it.
	match := []struct{ claim, passage string }{
		{"1,200", "some 1.200 personas"},
		{"1.200", "about 1,200 people"},
		{"1 200", "about 1,200 people"},
		{"1,200", "about 1 200 people"},
		{"3.5", "una caída del 3,5 por ciento"},
		{"12%", "rose 12 per cent"},
		{"12 por ciento", "rose 12%"},
		{"12", "rose 12%"},
		{"1,234,567", "1.234.567 votos"},
		{"2.5", "2,50 dólares"},
		{"٣٤٠", "340 people"},
	}
	for _, m := range match {
		fs := figures(normalise(m.claim))
		if len(fs) != 1 {
			t.Fatalf("figures(%q) = %d figures, want 1", m.claim, len(fs))
		}
		if !fs[0].found(figureSet(normalise(m.passage))) {
			t.Errorf("%q not found in %q (readings %v)", m.claim, m.passage, fs[0].readings)
		}
	}
	miss := []struct{ claim, passage string }{
		{"1,340", "about 1,430 people"},
		{"12%", "12 people"},
		{"3.5", "35 people"},
		{"1,200", "12 buses and 200 cars"},
	}
	for _, m := range miss {
		fs := figures(normalise(m.claim))
		if len(fs) != 1 || fs[0].found(figureSet(normalise(m.passage))) {
			t.Errorf("%q should not be found in %q", m.claim, m.passage)
		}
	}
}

func TestSubordinateOnly(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"But that he worships his wife.", true},
		{"Because the council approved the budget.", true},
		{"Because the council approved the budget, taxes rose.", false},
		{"That is why the council met.", false},
		{"That he resigned surprised nobody – least of all his staff.", false},
		{"The council said that he would resign.", false},
	}
	for _, tt := range tests {
		if got := subordinateOnly(tt.s); got != tt.want {
			t.Errorf("subordinateOnly(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
