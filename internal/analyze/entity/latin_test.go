package entity

import "testing"

func TestLatin(t *testing.T) {
	cases := map[string]string{
		"Putin":      "putin",
		"Путин":      "putin",
		"Мурашко":    "murashko",
		"Киев":       "kiev",
		"Αθήνα":      "athina",
		"Bogotá":     "bogota",
		"Łódź":       "lodz",
		"TATRZAŃSKA": "tatrzanska",
		"ترامب":      "tramb",
		"北京":         "北京",
		"":           "",
	}
	for in, want := range cases {
		if got := Latin(in); got != want {
			t.Errorf("Latin(%q) = %q, want %q", in, got, want)
		}
	}
}
