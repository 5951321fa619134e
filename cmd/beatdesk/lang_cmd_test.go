package main

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestRunLang feeds lines in several languages, an empty line and one with
// no letters, and checks one code comes back per line, in order.
func TestRunLang(t *testing.T) {
	in := strings.Join([]string{
		"The port strike entered its second week on Monday.",
		"La huelga portuaria entró el lunes en su segunda semana.",
		"",
		"Der Hafenstreik ging am Montag in die zweite Woche.",
		"12 345 — !!",
		"Забастовка в порту в понедельник пошла на вторую неделю.",
		"港口罢工周一进入第二周。",
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := runLang(nil, strings.NewReader(in), &out, io.Discard); err != nil {
		t.Fatalf("lang: %v", err)
	}
	if got, want := strings.Fields(out.String()), []string{"en", "es", "und", "de", "und", "ru", "zh"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("lang printed %q, want %q", got, want)
	}
}

// TestRunLangHint checks that --hint settles a close call and leaves a
// clear one alone. Bokmål and Danish differ in little more than spelling;
// this short line is spelt the same in both, so without a hint either is a
// fair answer.
func TestRunLangHint(t *testing.T) {
	in := "Det er en stor dag for byen.\nThe port strike entered its second week on Monday.\n"
	for hint, want := range map[string][]string{"nb": {"nb en"}, "da": {"da en"}, "no": {"nb en"}, "": {"nb en", "da en"}} {
		var out bytes.Buffer
		if err := runLang([]string{"--hint", hint}, strings.NewReader(in), &out, io.Discard); err != nil {
			t.Fatalf("lang --hint %s: %v", hint, err)
		}
		if got := strings.Join(strings.Fields(out.String()), " "); !slices.Contains(want, got) {
			t.Errorf("lang --hint %s printed %q, want one of %q", hint, got, want)
		}
	}
}

func TestRunLangBadArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"file.txt"}, "unexpected argument"},
		{[]string{"--nope"}, "not defined"},
	} {
		err := runLang(c.args, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "lang: ") {
			t.Errorf("runLang(%q) = %v; want an error naming the command and saying %q", c.args, err, c.want)
		}
	}
}
