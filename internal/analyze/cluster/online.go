package cluster

import (
	"slices"
	"time"
)

// expireEvery is how often a Clusterer drops closed stories from memory,
// in the articles' own time.
const expireEvery = time.Hour

// A Clusterer places articles in stories one at a time, in arrival order,
// holding everything in memory: the Index, the open stories (Stories),
// their numbering and their articles' vectors (to split them: see
// Splitting). It is the step the pipeline takes for each article
// (jobs.Pipeline.Cluster), without the store: `beatdesk cluster` and the
// evaluations run it. (The pipeline merges and splits stories too, with
// the store: see the package doc for the steps.) It is not safe for
// concurrent use.
type Clusterer struct {
	ix      *Index
	open    *Stories
	next    int64     // the last story id given
	latest  time.Time // the latest article date seen
	expired time.Time // when closed stories were last dropped
	// merged maps a story merged into another (Combine) to that one.
	merged map[int64]int64
	// stories holds each article's story, in the order added: the one
	// it joined, or the one it went to when its story split.
	stories []int64
	members map[int64][]member // the articles of each open story
	checked map[int64]int      // a story's articles when last looked at for a split
}

// NewClusterer returns a Clusterer with no stories.
func NewClusterer() *Clusterer {
	return &Clusterer{ix: NewIndex(), open: NewStories(), merged: map[int64]int64{},
		members: map[int64][]member{}, checked: map[int64]int{}}
}

// Add places d in a story and returns the story's id: an open story's, or
// a new one's (ids count up from 1). The story it joins may then merge
// with another that has grown like it (Stories.Converging): the older
// story's id survives, and Add returns it; Story gives the id a story has
// since merged into. A story of full articles may later split in two
// (see Splitting), which moves some of its articles to a new story, and a
// story of one full article may later join a story that has grown like
// it (see Absorbing): StoryOf gives an article's story as it is now.
func (c *Clusterer) Add(d Doc) int64 {
	v := c.open.Specific(c.ix.Add(d))
	m := c.open.Assign(d, v)
	var st Story
	if m.StoryID == 0 {
		c.next++
		st = Story{ID: c.next}
	} else {
		st, _ = c.open.Get(m.StoryID)
	}
	st = Grow(st, d, v)
	e := c.open.put(st)
	for {
		other, ok := c.open.converging(st, e)
		if !ok {
			break
		}
		both := Combine(st, other)
		gone := max(st.ID, other.ID)
		c.open.Remove(gone)
		e = c.open.put(both)
		c.merged[gone] = both.ID
		c.members[both.ID] = append(c.members[both.ID], c.members[gone]...)
		delete(c.members, gone)
		delete(c.checked, gone)
		st = both
	}
	doc := len(c.stories)
	c.stories = append(c.stories, st.ID)
	c.members[st.ID] = append(c.members[st.ID], member{doc: doc, Member: Member{V: v, At: d.Published, Lang: d.Lang}})
	c.maybeSplit(st.ID)
	c.absorb(st.ID)

	if d.Published.After(c.latest) {
		c.latest = d.Published
	}
	if c.latest.Sub(c.expired) >= expireEvery {
		c.open.Expire(c.latest.Add(-Window))
		c.expired = c.latest
		for id := range c.members {
			if _, open := c.open.Get(id); !open {
				delete(c.members, id)
				delete(c.checked, id)
			}
		}
	}
	return c.StoryOf(doc)
}

// StoryOf returns the story of the n-th article added (from 0) as it is
// now: after the merges and splits since.
func (c *Clusterer) StoryOf(n int) int64 { return c.Story(c.stories[n]) }

// Story returns the id of the story that the story with the given id
// has merged into, or id itself.
func (c *Clusterer) Story(id int64) int64 {
	for {
		into, ok := c.merged[id]
		if !ok {
			return id
		}
		id = into
	}
}

// Open returns how many stories are held open.
func (c *Clusterer) Open() int { return c.open.Len() }

// Grow returns st after adding an article d with vector v: its centroid
// (Merge), size, languages and time span. st is not changed; a zero
// Story grows into a story of one article.
func Grow(st Story, d Doc, v map[string]float64) Story {
	if st.Size == 0 {
		st.Terms = v
		st.FirstSeen, st.LastSeen = d.Published, d.Published
	} else {
		st.Terms = Merge(st.Terms, st.Size, v)
	}
	st.Size++
	if headline(v) {
		st.Headlines++
	}
	if !slices.Contains(st.Langs, d.Lang) {
		st.Langs = append(slices.Clip(st.Langs), d.Lang)
	}
	if d.Published.Before(st.FirstSeen) {
		st.FirstSeen = d.Published
	}
	if d.Published.After(st.LastSeen) {
		st.LastSeen = d.Published
	}
	return st
}
