package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// TestRunCluster feeds two developments of one strike and an unrelated
// earthquake, interleaved, and checks that each line gets an answer with
// its id as given, that the strike reports share a story and the quake
// has its own.
func TestRunCluster(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "s1", "title": "Rotterdam dockworkers strike as pay talks collapse", "text": "Dockworkers at the port of Rotterdam walked off the job after talks with terminal operators over pay and automation broke down. The FNV union said 1,200 members joined the 48-hour stoppage.", "lang": "en", "date": "2024-03-05T08:00:00Z", "source": "wire"}`,
		`{"id": 2, "title": "Magnitude 6.8 earthquake strikes northern Chile", "text": "A magnitude 6.8 earthquake struck near Coquimbo in northern Chile, killing three people and cutting power to 120,000 homes, the disaster agency Senapred said.", "lang": "en", "date": "2024-03-05T09:00:00Z"}`,
		``,
		`{"id": "s3", "title": "Strike shuts Rotterdam, Europe's biggest port", "text": "Rotterdam's container terminals stood idle as some 1,200 dockers began a 48-hour strike called by the FNV union over automation and pay.", "lang": "en", "date": "2024-03-05"}`,
		`{"id": "s4", "title": "Rotterdam port strike enters second day", "text": "The 48-hour strike by 1,200 FNV dockworkers at Rotterdam continued, with terminal operators refusing to guarantee jobs threatened by automation."}`,
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := runCluster(nil, strings.NewReader(in), &out, io.Discard); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	var got []struct {
		ID    json.RawMessage `json:"id"`
		Story int64           `json:"story"`
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var o struct {
			ID    json.RawMessage `json:"id"`
			Story int64           `json:"story"`
		}
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		got = append(got, o)
	}
	if len(got) != 4 {
		t.Fatalf("%d output lines, want 4 (one per article):\n%s", len(got), out.String())
	}
	ids := []string{`"s1"`, `2`, `"s3"`, `"s4"`}
	for i, o := range got {
		if string(o.ID) != ids[i] {
			t.Errorf("line %d: id %s, want %s", i+1, o.ID, ids[i])
		}
	}
	if got[0].Story != 1 || got[1].Story != 2 {
		t.Errorf("first stories numbered %d, %d; want 1, 2", got[0].Story, got[1].Story)
	}
	if got[2].Story != got[0].Story || got[3].Story != got[0].Story {
		t.Errorf("strike reports in stories %d, %d, %d; want one", got[0].Story, got[2].Story, got[3].Story)
	}
}

// TestRunClusterBadLines checks that each kind of malformed line stops the
// run with an error naming the line and the fault.
func TestRunClusterBadLines(t *testing.T) {
	good := `{"id": "a", "text": "Dockworkers strike in Rotterdam.", "lang": "en"}`
	for _, tc := range []struct{ line, want string }{
		{`not json`, "not a JSON object"},
		{`{"text": "x"}`, `no "id"`},
		{`{"id": "", "text": "x"}`, "empty string"},
		{`{"id": true, "text": "x"}`, "neither a string nor a number"},
		{`{"id": "b"}`, `no "text"`},
		{`{"id": "b", "text": "  "}`, "nothing to cluster"},
		{`{"id": "b", "text": "x", "date": "yesterday"}`, `date "yesterday"`},
		{`{"id": "b", "text": "x", "lang": "english!"}`, `lang "english!"`},
		{`{"id": "b", "text": "x", "titel": "y"}`, `unknown field "titel"`},
		{`{"id": "b", "text": 3}`, "not a JSON object"},
		{`{"id": "a", "text": "x"}`, "already given on line 1"},
		{`{"id": "b", "text": "x"} {"id": "c", "text": "y"}`, "more than one JSON value"},
	} {
		var out bytes.Buffer
		err := runCluster(nil, strings.NewReader(good+"\n"+tc.line+"\n"+good+"\n"), &out, io.Discard)
		if err == nil {
			t.Errorf("%s: no error", tc.line)
			continue
		}
		if !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want it to name line 2 and say %q", tc.line, err, tc.want)
		}
		if n := strings.Count(out.String(), "\n"); n != 1 {
			t.Errorf("%s: %d lines printed before the error, want 1", tc.line, n)
		}
	}
}

// TestRunClusterTimeFades checks that a story closes: the same report a
// month later starts a new story.
func TestRunClusterTimeFades(t *testing.T) {
	line := func(id, date string) string {
		return `{"id": "` + id + `", "title": "Rotterdam dockworkers strike", "text": "The FNV union called a 48-hour strike of 1,200 dockworkers at Rotterdam.", "lang": "en", "date": "` + date + `"}` + "\n"
	}
	var out bytes.Buffer
	in := line("a", "2024-03-01") + line("b", "2024-03-02") + line("c", "2024-04-15")
	if err := runCluster(nil, strings.NewReader(in), &out, io.Discard); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	want := `{"id":"a","story":1}` + "\n" + `{"id":"b","story":1}` + "\n" + `{"id":"c","story":2}` + "\n"
	if out.String() != want {
		t.Errorf("got\n%swant\n%s", out.String(), want)
	}
}

// TestRunClusterMerges checks that two stories of headlines that a later
// headline bridges end as one: printed at the end, every article carries
// the older story's id; with --stream each carries the story it joined
// on arrival.
func TestRunClusterMerges(t *testing.T) {
	in := `{"id": "a", "text": "Malaysia MH370 search widens", "lang": "en", "date": "2014-03-20"}
{"id": "b", "text": "Missing jet pilots questioned by police", "lang": "en", "date": "2014-03-20"}
{"id": "c", "text": "MH370 search: missing jet pilots questioned", "lang": "en", "date": "2014-03-20"}
`
	run := func(args ...string) string {
		var out bytes.Buffer
		if err := runCluster(args, strings.NewReader(in), &out, io.Discard); err != nil {
			t.Fatalf("cluster %v: %v", args, err)
		}
		return out.String()
	}
	ended := `{"id":"a","story":1}` + "\n" + `{"id":"b","story":1}` + "\n" + `{"id":"c","story":1}` + "\n"
	if got := run(); got != ended {
		t.Errorf("got\n%swant\n%s", got, ended)
	}
	onArrival := `{"id":"a","story":1}` + "\n" + `{"id":"b","story":2}` + "\n" + `{"id":"c","story":1}` + "\n"
	if got := run("--stream"); got != onArrival {
		t.Errorf("--stream: got\n%swant\n%s", got, onArrival)
	}
}
