package cluster

import (
	"testing"
	"time"
)

// Two earthquakes, reported alike: what tells them apart is where, when
// and how strong, as in an ECB+ topic.
var (
	quakeA = []string{
		"Earthquake of magnitude 7.0 devastates Haiti\nThe earthquake struck 25 kilometres west of Port-au-Prince on 12 January 2010; President René Préval said the capital's palace had collapsed.",
		"Haiti counts its dead after 7.0 earthquake\nRescue teams searched the rubble of Port-au-Prince and Léogâne on Wednesday after the magnitude 7.0 earthquake of 12 January.",
		"Aid flights land in Port-au-Prince\nThe airport of Port-au-Prince reopened to aid flights two days after the earthquake; Préval asked for water and field hospitals for Léogâne.",
		"Haiti earthquake toll passes 100,000\nOfficials in Haiti said on 20 January that more than 100,000 people died in the magnitude 7.0 earthquake near Port-au-Prince.",
		"Aftershock shakes Haiti\nA magnitude 5.9 aftershock struck Haiti on 20 January, eight days after the earthquake that destroyed much of Port-au-Prince and Léogâne.",
		"Préval: Haiti will rebuild its capital\nRené Préval said Haiti would rebuild Port-au-Prince after the earthquake of 12 January left 1.5 million people homeless.",
	}
	quakeB = []string{
		"Magnitude 8.8 earthquake strikes Chile\nThe earthquake struck off the coast of Maule on 27 February 2010; President Michelle Bachelet declared a state of catastrophe in Concepción.",
		"Chile counts its dead after 8.8 earthquake\nRescue teams searched the ruins of Concepción and Talcahuano on Sunday after the magnitude 8.8 earthquake of 27 February.",
		"Tsunami follows Chile earthquake\nA tsunami struck Talcahuano and the islands of Juan Fernández after the 8.8 earthquake off Maule; Bachelet sent the navy.",
		"Chile earthquake toll rises to 795\nOfficials in Chile said on 3 March that 795 people died in the magnitude 8.8 earthquake off Maule and the tsunami.",
		"Troops patrol Concepción after earthquake\nBachelet sent 10,000 troops to Concepción on 1 March, four days after the earthquake, as shops were looted.",
		"Chile will rebuild, Bachelet says\nMichelle Bachelet said Chile would rebuild Concepción and Talcahuano after the earthquake of 27 February damaged 500,000 homes.",
	}
)

// storyOf adds the articles to c's Index and puts them, in order, in one
// story of c (id 1), as if each had joined it; it returns their docs'
// numbers for StoryOf.
func storyOf(c *Clusterer, texts []string, headlinesOnly bool) []int {
	var ms []member
	var docs []int
	at := time.Date(2010, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, s := range texts {
		d := ECBDoc(ECBArticle{Text: s}, at.Add(time.Duration(i)*time.Hour))
		if headlinesOnly {
			d.Text = ""
		}
		doc := len(c.stories)
		c.stories = append(c.stories, 1)
		ms = append(ms, member{doc: doc, Member: Member{V: c.ix.Add(d), At: d.Published, Lang: d.Lang}})
		docs = append(docs, doc)
	}
	c.next = 1
	c.open.Put(regrowMembers(1, ms))
	c.members[1] = ms
	return docs
}

// interleave returns the two events' articles taken in turn, the first
// event's first.
func interleave(a, b []string) []string {
	var out []string
	for i := range max(len(a), len(b)) {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}

// TestSplitTwoEvents checks that a story holding two earthquakes is cut
// along them: the part with the story's first article keeps its id, the
// other gets a new one, and StoryOf follows the articles that moved.
func TestSplitTwoEvents(t *testing.T) {
	c := NewClusterer()
	docs := storyOf(c, interleave(quakeA, quakeB), false)
	nid, ok := c.maybeSplit(1)
	if !ok {
		t.Fatal("a story of two earthquakes, six articles each, was not split")
	}
	if nid == 1 {
		t.Fatalf("the new part got the old id %d", nid)
	}
	for i, doc := range docs {
		want := int64(1) // quakeA's: the first article's part
		if i%2 == 1 {
			want = nid
		}
		if got := c.StoryOf(doc); got != want {
			t.Errorf("article %d (%s) in story %d, want %d", i, []string{"Haiti", "Chile"}[i%2], got, want)
		}
	}
	for id, n := range map[int64]int{1: len(quakeA), nid: len(quakeB)} {
		st, ok := c.open.Get(id)
		if !ok || st.Size != n || len(c.members[id]) != n {
			t.Errorf("story %d: open %v, size %d, %d members; want %d", id, ok, st.Size, len(c.members[id]), n)
		}
	}
	// The two parts are apart, so they do not merge back.
	st, _ := c.open.Get(1)
	if other, merge := c.open.converging(st, nil); merge {
		t.Errorf("the parts merge again: story 1 with %d", other.ID)
	}
}

// TestSplitKeepsOneEvent checks that a story of one event, told in
// different words, is left whole, and that a story is not looked at again
// until it has doubled.
func TestSplitKeepsOneEvent(t *testing.T) {
	// Nine reports of the Chile earthquake: enough for two parts of
	// splitPart, so only their likeness keeps the story whole.
	chile := fuller(append(quakeB[:len(quakeB):len(quakeB)],
		"Aftershock of magnitude 6.9 shakes Chile\nA strong aftershock struck off Maule on 11 March as Sebastián Piñera took office, two weeks after the 8.8 earthquake; Concepción and Talcahuano were evacuated again.",
		"Looting in Concepción after the earthquake\nBachelet sent troops to Concepción as shops were looted after the magnitude 8.8 earthquake of 27 February; a curfew was declared in Talcahuano and along the coast of Maule.",
		"Chile asks for field hospitals after the earthquake\nMichelle Bachelet asked for field hospitals, generators and bridges for Concepción and Maule after the 8.8 earthquake; 500,000 homes were damaged, officials in Santiago said."))
	c := NewClusterer()
	storyOf(c, chile, false)
	if st, _ := c.open.Get(1); st.headlines() {
		t.Fatalf("story of %d articles, %d headlines alone: a split would not be looked for, the test shows nothing", st.Size, st.Headlines)
	}
	if _, ok := c.maybeSplit(1); ok {
		t.Fatal("a story of one earthquake was split")
	}
	if c.checked[1] != len(chile) {
		t.Errorf("checked at %d articles, want %d", c.checked[1], len(chile))
	}
	// Add the other earthquake's articles to the story, one short of
	// doubling it: not looked at yet.
	ms := c.members[1]
	haiti := fuller(quakeA)
	for _, s := range append(haiti, haiti...)[:len(chile)-1] {
		d := ECBDoc(ECBArticle{Text: s}, ms[len(ms)-1].At)
		doc := len(c.stories)
		c.stories = append(c.stories, 1)
		ms = append(ms, member{doc: doc, Member: Member{V: c.ix.Add(d), At: d.Published, Lang: d.Lang}})
	}
	c.members[1] = ms
	c.open.Put(regrowMembers(1, ms))
	if _, ok := c.maybeSplit(1); ok {
		t.Errorf("looked at again at %d articles, before doubling from %d", len(ms), len(chile))
	}
}

// TestSplitLeavesHeadlines checks that a story of headlines alone is not
// split, even when they are of two events told apart by their names:
// most headlines say too little for their parts to be judged.
func TestSplitLeavesHeadlines(t *testing.T) {
	haiti := []string{
		"Haiti earthquake: Préval visits Port-au-Prince and Léogâne",
		"Port-au-Prince and Léogâne dig out after Haiti earthquake",
		"Préval says Haiti earthquake left Port-au-Prince and Léogâne in ruins",
		"Haiti earthquake: aid reaches Port-au-Prince and Léogâne",
		"Léogâne and Port-au-Prince mourn Haiti earthquake dead, Préval says",
	}
	chile := []string{
		"Chile earthquake: Bachelet visits Concepción and Talcahuano",
		"Concepción and Talcahuano dig out after Chile earthquake",
		"Bachelet says Chile earthquake left Concepción and Talcahuano in ruins",
		"Chile earthquake: aid reaches Concepción and Talcahuano",
		"Talcahuano and Concepción mourn Chile earthquake dead, Bachelet says",
	}
	c := NewClusterer()
	storyOf(c, interleave(haiti, chile), true)
	st, _ := c.open.Get(1)
	if !st.headlines() {
		t.Fatalf("story of %d articles, %d headlines: not a story of headlines", st.Size, st.Headlines)
	}
	if _, apart := twoParts(membersOf(c.members[1]), st.Terms); !apart {
		t.Fatal("twoParts does not find the two earthquakes apart: the test shows nothing")
	}
	if _, ok := c.maybeSplit(1); ok {
		t.Error("a story of headlines alone was split")
	}
}

// TestClustererSplitsThroughAdd checks the split as Add makes it: a report
// of the second earthquake that joined the first's story is, once both
// have drawn in reports, in a story of its own event, which StoryOf
// reports for every article.
func TestClustererSplitsThroughAdd(t *testing.T) {
	c := NewClusterer()
	docs := storyOf(c, []string{quakeA[0], quakeB[0]}, false) // the wrong early join
	at := time.Date(2010, 3, 2, 0, 0, 0, 0, time.UTC)
	for i, s := range interleave(quakeA[1:], quakeB[1:]) {
		c.Add(ECBDoc(ECBArticle{Text: s}, at.Add(time.Duration(i)*time.Minute)))
		docs = append(docs, len(c.stories)-1)
	}
	a, b := c.StoryOf(docs[0]), c.StoryOf(docs[1])
	if a == b {
		t.Fatalf("Haiti's and Chile's first reports are still in one story %d", a)
	}
	if a != 1 {
		t.Errorf("the first article's story is %d, want it to keep id 1", a)
	}
	// No story holds both earthquakes (a report may start a story of its
	// own: that is the clustering's choice, not the split's).
	event := map[int64]int{}
	for i, doc := range docs {
		id := c.StoryOf(doc)
		if e, ok := event[id]; ok && e != i%2 {
			t.Errorf("story %d holds reports of both earthquakes (article %d)", id, i)
		}
		event[id] = i % 2
	}
	if event[a] != 0 || event[b] != 1 {
		t.Errorf("story %d holds event %d, story %d event %d; want Haiti, Chile", a, event[a], b, event[b])
	}
}

func membersOf(ms []member) []Member {
	out := make([]Member, len(ms))
	for i, m := range ms {
		out[i] = m.Member
	}
	return out
}

func regrowMembers(id int64, ms []member) Story { return Regrow(id, membersOf(ms)) }

// Two floods of the Elbe at Dresden, eleven years apart, reported in the
// same words and names: only their figures (the crest, the dates, the
// evacuated, the damage) tell them apart.
var (
	flood2002 = []string{
		"Elbe floods Dresden's old town\nThe Elbe rose past 9 metres in Dresden on 16 August; people left their homes in Saxony as water reached the Zwinger and the Semperoper.",
		"Elbe crests at 9.40 metres in Dresden\nThe river crested at 9.40 metres on 17 August, the highest since records began; the Semperoper and the Zwinger stood in water.",
		"Dresden evacuates 30,000 as the Elbe rises\nSaxony ordered 30,000 people out of Dresden and Pirna on 16 August as the Elbe flood neared 9.40 metres.",
		"Flood damage in Saxony put at 6 billion euros\nThe Elbe flood of August left damage of 6 billion euros in Saxony, officials in Dresden said; 21 people died.",
		"Pirna and Meissen under water\nThe Elbe flooded Pirna and Meissen on 17 August as the river reached 9.40 metres in Dresden; 21 people died in Saxony.",
		"Dresden's main station flooded\nThe Elbe and its tributaries flooded Dresden's main station on 17 August; 30,000 people were evacuated and damage passed 6 billion euros.",
	}
	flood2013 = []string{
		"Elbe floods Dresden's old town\nThe Elbe rose past 8 metres in Dresden on 5 June; people left their homes in Saxony as water reached the Zwinger and the Semperoper.",
		"Elbe crests at 8.76 metres in Dresden\nThe river crested at 8.76 metres on 6 June, below the record; the Semperoper and the Zwinger stood in water.",
		"Dresden evacuates 10,000 as the Elbe rises\nSaxony ordered 10,000 people out of Dresden and Pirna on 5 June as the Elbe flood neared 8.76 metres.",
		"Flood damage in Saxony put at 1.9 billion euros\nThe Elbe flood of June left damage of 1.9 billion euros in Saxony, officials in Dresden said; 14 people died.",
		"Pirna and Meissen under water\nThe Elbe flooded Pirna and Meissen on 6 June as the river reached 8.76 metres in Dresden; 14 people died in Saxony.",
		"Dresden's main station flooded\nThe Elbe and its tributaries flooded Dresden's main station on 6 June; 10,000 people were evacuated and damage passed 1.9 billion euros.",
	}
	// More reports of the 2002 flood, citing its figures.
	flood2002More = []string{
		"Saxony counts the cost of the Elbe flood\nDamage from the August 2002 flood reached 6 billion euros in Saxony; the Elbe had crested at 9.40 metres in Dresden on 17 August.",
		"Volunteers fill sandbags in Dresden\nThousands of volunteers filled sandbags along the Elbe in Dresden on 16 August 2002 as 30,000 people were evacuated.",
		"Semperoper flooded\nWater filled the Semperoper's basement on 17 August 2002 when the Elbe reached 9.40 metres; the Zwinger's paintings were carried upstairs.",
		"Flood toll in Saxony rises to 21\nSaxony said on 18 August 2002 that 21 people had died in the flood of the Elbe and its tributaries; damage passed 6 billion euros.",
		"Elbe falls in Dresden\nThe Elbe fell below 9 metres in Dresden on 19 August 2002, two days after cresting at 9.40 metres; 30,000 evacuated people began to return.",
		"Meissen cleans up after the flood\nMeissen began clearing mud on 20 August 2002 after the Elbe flood, which crested at 9.40 metres in Dresden and left 21 dead in Saxony.",
	}
)

// TestSplitByFigures checks that a story holding two floods of one river
// at one city is cut along them by their figures, though the two parts
// are alike above SplitThreshold, and that a story of one flood whose
// reports cite its figures is left whole.
func TestSplitByFigures(t *testing.T) {
	c := NewClusterer()
	docs := storyOf(c, interleave(fuller(flood2002), fuller(flood2013)), false)
	var a, b []Member
	for i, m := range membersOf(c.members[1]) {
		if i%2 == 0 {
			a = append(a, m)
		} else {
			b = append(b, m)
		}
	}
	if s := similarity(Regrow(0, a).Terms, Regrow(0, b).Terms, false); s < SplitThreshold {
		t.Fatalf("the two floods are alike at %.3f, below SplitThreshold %.2f: the test shows nothing", s, SplitThreshold)
	}
	nid, ok := c.maybeSplit(1)
	if !ok {
		t.Fatal("a story of two floods with their own figures, six articles each, was not split")
	}
	for i, doc := range docs {
		want := int64(1) // 2002's: the first article's part
		if i%2 == 1 {
			want = nid
		}
		if got := c.StoryOf(doc); got != want {
			t.Errorf("article %d (%s) in story %d, want %d", i, []string{"2002", "2013"}[i%2], got, want)
		}
	}
	// The parts are alike above FullMergeThreshold, but a split would cut
	// them apart, so they do not merge back.
	st, _ := c.open.Get(1)
	if other, merge := c.open.converging(st, nil); merge {
		t.Errorf("the floods merge again: story 1 with %d", other.ID)
	}

	// Halves of one flood's reports, each citing its figures, are not
	// apart; the two floods' reports are.
	if partsApartByTurns(fuller(append(flood2002[:len(flood2002):len(flood2002)], flood2002More...))) {
		t.Error("two halves of one flood's twelve reports are apart")
	}
	if !partsApartByTurns(interleave(fuller(flood2002), fuller(flood2013))) {
		t.Error("the 2002 and 2013 floods' reports, taken in turn, are not apart")
	}
}

// partsApartByTurns reports whether the articles taken in turn (the
// first, third… against the second, fourth…) make two parts apart.
func partsApartByTurns(texts []string) bool {
	ix := NewIndex()
	var a, b []Member
	for i, s := range texts {
		m := Member{V: ix.Add(ECBDoc(ECBArticle{Text: s}, time.Time{}))}
		if i%2 == 0 {
			a = append(a, m)
		} else {
			b = append(b, m)
		}
	}
	ca, cb := Regrow(0, a).Terms, Regrow(0, b).Terms
	d, dn, du := dotsOf(ca, cb)
	return partsApart(d, dn, du, lengthsOf(ca), lengthsOf(cb), false, len(a), len(b))
}
