package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

const verifySource = "Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands since Tuesday.\n\n" +
	"Governor Ana Lucía Pérez said the state would open three new shelters in Culiacán by Monday."

func TestRunVerify(t *testing.T) {
	lines := []map[string]any{
		{"id": "faithful", "source": verifySource, "claim": "Governor Ana Lucía Pérez said three new shelters would open in Culiacán by Monday."},
		{"id": 7, "source": verifySource, "claim": "Mexican authorities said 1,430 people had fled villages in the Sinaloa highlands."},
		{"id": "name", "source": verifySource, "claim": "Mexican authorities said 1,340 people had fled villages in the Sinaloa highlands. Governor Ana Lucía Torres said the state would open three new shelters."},
		{"id": "negated", "source": verifySource, "claim": "Governor Ana Lucía Pérez said the state would not open new shelters in Culiacán."},
	}
	var in bytes.Buffer
	for _, l := range lines {
		b, _ := json.Marshal(l)
		in.Write(b)
		in.WriteString("\n\n") // blank lines are skipped
	}
	var out bytes.Buffer
	if err := runVerify(nil, &in, &out, io.Discard); err != nil {
		t.Fatalf("verify: %v", err)
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(got) != len(lines) {
		t.Fatalf("%d output lines for %d claims:\n%s", len(got), len(lines), out.String())
	}
	want := []struct {
		id        string
		supported bool
		reason    string
	}{
		{`"faithful"`, true, ""},
		{`7`, false, `the number "1,430" is not in source [1]`},
		{`"name"`, false, `the name "Governor Ana Lucía Torres"`},
		{`"negated"`, false, "negation"},
	}
	for i, line := range got {
		var r struct {
			ID        json.RawMessage `json:"id"`
			Supported bool            `json:"supported"`
			Score     *float64        `json:"score"`
			Reasons   []string        `json:"reasons"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, line)
		}
		w := want[i]
		if string(r.ID) != w.id || r.Supported != w.supported || r.Score == nil || *r.Score < 0 || *r.Score > 1 || r.Reasons == nil {
			t.Errorf("line %d: %s; want id %s, supported %v, a score in [0,1], a reasons list", i+1, line, w.id, w.supported)
		}
		if w.reason != "" && !strings.Contains(strings.Join(r.Reasons, "; "), w.reason) {
			t.Errorf("line %d: reasons %q do not say %q", i+1, r.Reasons, w.reason)
		}
		if w.supported && len(r.Reasons) != 0 {
			t.Errorf("line %d: supported with reasons %q", i+1, r.Reasons)
		}
	}
}

func TestRunVerifyRejectsBadInput(t *testing.T) {
	for name, input := range map[string]string{
		"not JSON":     "id,source,claim\n",
		"no claim":     `{"id":1,"source":"Some text."}` + "\n",
		"source array": `{"id":1,"source":["a"],"claim":"b"}` + "\n",
	} {
		err := runVerify(nil, strings.NewReader(input), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: error %v, want one naming line 1", name, err)
		}
	}
	if err := runVerify([]string{"extra"}, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Error("a stray argument gave no error")
	}
}
