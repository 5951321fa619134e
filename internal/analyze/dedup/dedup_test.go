package dedup

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// wire is a wire story as one outlet ran it.
const wire = `Dockworkers at the port of Rotterdam walked off the job on Tuesday after talks with terminal operators over pay and automation broke down, halting the loading of container ships at Europe's largest port.
The FNV union said about 1,200 members had joined the 48-hour stoppage, which began at 6 a.m. local time, and warned that longer action would follow if employers did not return with a better offer.
"We have been patient for eight months," said union negotiator Niek Stam. "The operators want to replace our people with machines and give us nothing in return."
The terminal operators' association said it regretted the strike and that its offer of a 3.5 percent raise over two years was fair. It said it had proposed a job guarantee until 2027 for workers affected by automation.
Shipping lines including Maersk and MSC diverted several vessels to Antwerp and Hamburg, and port officials said at least 40 ships were waiting at anchor off the Dutch coast by Tuesday evening.
Exporters warned that perishable goods such as flowers and vegetables were stuck on the quays. The Dutch association of freight forwarders estimated the cost of the stoppage at 25 million euros a day.
The strike is the first at Rotterdam since 2022, when a one-day walkout by lashing crews delayed hundreds of containers. Talks are due to resume on Thursday under a government mediator, the social affairs ministry said.
Economists said a long dispute could add to pressure on supply chains already strained by disruption in the Red Sea, where attacks on merchant ships have forced many carriers to sail around Africa.`

// otherOutlet reports the same strike in its own words.
const otherOutlet = `Rotterdam's port ground to a halt on Tuesday as hundreds of dockers began a two-day strike, the first serious industrial action at the Dutch hub in years.
Union FNV Havens said the walkout was a response to plans by container terminals to automate more of their operations without protecting jobs. Negotiator Niek Stam told reporters outside the ECT Delta terminal that members felt ignored.
Employers called the strike disproportionate. Their organisation said a pay offer of 3.5 percent and a job guarantee were still on the table.
By the afternoon dozens of vessels had been rerouted. Maersk said it would call at Antwerp instead, while other carriers were considering Bremerhaven.
Flower growers and vegetable exporters, who rely on fast shipping, said the dispute could cost them dearly if it dragged on into next week.
The government has appointed a mediator and both sides are expected back at the table on Thursday.`

func TestContentHash(t *testing.T) {
	a := ContentHash("Port strike: 1,200 workers walk out.")
	for _, b := range []string{
		"port strike 1,200 workers walk out",
		"  PORT   STRIKE —\n1,200 Workers Walk Out!  ",
		"Port strike: 1200 workers walk-out.",
	} {
		if got := ContentHash(b); got != a {
			t.Errorf("ContentHash(%q) differs from the original's; case, spacing and punctuation should not matter", b)
		}
	}
	if ContentHash("Port strike: 1,300 workers walk out.") == a {
		t.Error("a changed number must change the content hash")
	}
	if len(a) != 64 {
		t.Errorf("ContentHash = %q, want 64 hex digits", a)
	}
}

func TestSimHashNear(t *testing.T) {
	h := SimHash(wire)
	paras := strings.Split(wire, "\n")
	changed := append([]string(nil), paras...)
	changed[3] = "The operators' association said the walkout was regrettable and insisted its offer, a raise of 3.5 percent over two years, was generous."
	tests := []struct {
		name  string
		text  string
		limit int // the most bits it may move; NearDuplicate unless stricter
	}{
		{"identical", wire, 0},
		{"spacing and punctuation", strings.NewReplacer(`"`, "“", ",", "", "\n", "\n\n  ").Replace(wire), 0},
		{"one sentence rewritten", strings.Join(changed, "\n"), NearDuplicate},
		{"boilerplate line added", "ROTTERDAM (Reuters) -\n" + wire + "\nReporting by Bart Meijer; editing by Mark Potter. Our standards: The Thomson Reuters Trust Principles.", NearDuplicate},
		{"other boilerplate line", strings.Join(paras, "\n") + "\nCopyright 2024 The Associated Press. All rights reserved.", NearDuplicate},
	}
	for _, tt := range tests {
		d := Distance(h, SimHash(tt.text))
		t.Logf("%-38s %2d bits", tt.name, d)
		if d > tt.limit {
			t.Errorf("%s: distance %d, want at most %d", tt.name, d, tt.limit)
		}
	}
}

func TestSimHashNotNear(t *testing.T) {
	if d := Distance(SimHash(wire), SimHash(otherOutlet)); d <= NearDuplicate {
		t.Errorf("two outlets' own reports of one strike are %d bits apart; they must not count as copies (> %d)", d, NearDuplicate)
	}
	if d := Distance(SimHash(wire), SimHash("A magnitude 6.1 earthquake struck off the coast of Chile on Monday.")); d <= NearDuplicate {
		t.Errorf("unrelated texts %d bits apart", d)
	}
}

func TestSimHashEdges(t *testing.T) {
	if SimHash("") != 0 || SimHash(" ... ") != 0 {
		t.Error("a text without words should hash to 0")
	}
	if SimHash("strike") == SimHash("earthquake") {
		t.Error("one-word texts should still differ")
	}
	if Distance(0, ^uint64(0)) != 64 || Distance(5, 5) != 0 {
		t.Error("Distance")
	}
}

// TestECBPlus measures NearDuplicate on real articles: one sentence
// replaced must stay near for most articles of 150 words or more, while
// different articles about one event must almost never be near.
func TestECBPlus(t *testing.T) {
	path := "../../../../shared/data/ecbplus-events/ecbplus.dev.jsonl"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("ECB+ absent (%v); see /work/shared/data/README.md", err)
	}
	defer f.Close()
	type doc struct{ Cluster, Text string }
	var docs []doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var d doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, d)
	}
	hs := make([]uint64, len(docs))
	for i, d := range docs {
		hs[i] = SimHash(d.Text)
	}
	var rewrites, rewritesNear, same, sameNear, other, otherNear int
	for i, d := range docs {
		lines := strings.Split(d.Text, "\n")
		if len(lines) >= 3 && len(tokens(d.Text)) >= 150 {
			donor := strings.Split(docs[(i+7)%len(docs)].Text, "\n")
			lines[len(lines)/2] = donor[len(donor)/2]
			rewrites++
			if IsNear(hs[i], SimHash(strings.Join(lines, "\n"))) {
				rewritesNear++
			}
		}
		for j := i + 1; j < len(docs); j++ {
			near := IsNear(hs[i], hs[j])
			if docs[j].Cluster == d.Cluster {
				same++
				if near {
					sameNear++
				}
			} else {
				other++
				if near {
					otherNear++
				}
			}
		}
	}
	rr, sr := float64(rewritesNear)/float64(rewrites), float64(sameNear)/float64(same)
	t.Logf("NearDuplicate=%d: one sentence replaced near %d/%d (%.3f); same event, other article near %d/%d (%.4f); other events near %d/%d",
		NearDuplicate, rewritesNear, rewrites, rr, sameNear, same, sr, otherNear, other)
	if rr < 0.9 || sr > 0.01 || otherNear > other/10000 {
		t.Errorf("NearDuplicate no longer separates copies from different articles")
	}
}

func BenchmarkSimHash(b *testing.B) {
	text := strings.Repeat(wire+"\n"+otherOutlet+"\n", 2)[:5000]
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SimHash(text)
	}
}

func BenchmarkContentHash(b *testing.B) {
	text := strings.Repeat(wire+"\n"+otherOutlet+"\n", 2)[:5000]
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ContentHash(text)
	}
}
