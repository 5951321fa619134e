package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"beatdesk"
	"beatdesk/internal/analyze/cluster"
	"beatdesk/internal/store"
)

// lateSlack is how long past cluster.Window a story stays in memory. An
// article is compared with the stories last seen within Window of its own
// date, and articles arrive late (a feed that was down, a backlog after a
// restart); one published more than lateSlack before it is clustered can
// only join the stories still held.
const lateSlack = 24 * time.Hour

// expireEvery is how often closed stories are dropped from memory.
const expireEvery = 10 * time.Minute

// openStories is the clusterer's memory of the stories open to new
// articles: their centroids, sizes and languages, indexed by term
// (cluster.Stories), loaded from the store on first use and then changed
// only by Cluster, after its transaction commits. Cluster holds mu
// throughout (articles are clustered one at a time), so the memory and the
// store agree; when a write fails, the stories it touched are read again
// (or, failing that, everything is reloaded on the next article).
type openStories struct {
	mu      sync.Mutex
	set     *cluster.Stories // nil until loaded
	expired time.Time        // when closed stories were last dropped
	// checked holds how many articles a story had when it was last
	// looked at for a split (split.go); it is forgotten with the memory.
	checked map[int64]int
}

// endGroup ends a group of cluster writes (groupcommit.go), which held
// mu: when its transaction failed, the memory, changed as each article
// was clustered, is dropped, to be reloaded from the store.
func (o *openStories) endGroup(committed bool) {
	if !committed {
		o.set = nil
	}
	o.mu.Unlock()
}

// ensure loads the open stories from the store unless they are held.
func (o *openStories) ensure(ctx context.Context, s *store.Store) error {
	now := s.Now()
	if o.set != nil {
		if now.Sub(o.expired) >= expireEvery {
			o.set.Expire(now.Add(-cluster.Window - lateSlack))
			o.expired = now
		}
		return nil
	}
	var open []beatdesk.Story
	err := s.View(ctx, func(tx *store.Tx) (err error) {
		open, err = tx.OpenStories(ctx, now.Add(-cluster.Window-lateSlack))
		return err
	})
	if err != nil {
		return fmt.Errorf("jobs.Cluster: loading the open stories: %w", err)
	}
	set := cluster.NewStories()
	for _, st := range open {
		set.Put(clusterStory(st))
	}
	o.set, o.expired, o.checked = set, now, map[int64]int{}
	return nil
}

// refresh reads the given stories again after a failed write, whose
// outcome is unknown: it may have committed before the error came back.
// If they cannot be read, the whole memory is dropped, to be reloaded.
func (o *openStories) refresh(ctx context.Context, s *store.Store, ids ...int64) {
	err := s.View(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if id == 0 {
				continue
			}
			st, err := tx.OpenStory(ctx, id)
			switch {
			case errors.Is(err, beatdesk.ErrNotFound):
				o.set.Remove(id)
			case err != nil:
				return err
			default:
				o.set.Put(clusterStory(st))
			}
		}
		return nil
	})
	if err != nil {
		o.set = nil
	}
}

// clusterStory is what cluster.Stories holds of a story.
func clusterStory(st beatdesk.Story) cluster.Story {
	return cluster.Story{ID: st.ID, Terms: st.Terms, FirstSeen: st.FirstSeen, LastSeen: st.LastSeen, Size: st.Articles, Langs: st.Languages}
}
