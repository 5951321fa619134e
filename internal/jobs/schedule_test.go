package jobs

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestSchedule queues one poll per due source, none for a source not yet
// due, none twice while the first still waits, and a new one once the
// earlier poll is finished.
func TestSchedule(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		var due []int64
		for _, name := range []string{"a", "b", "c"} {
			due = append(due, h.addSource(beatdesk.Source{Name: name, FeedURL: "https://" + name + ".example/feed.xml"}).ID)
		}
		later := h.addSource(beatdesk.Source{Name: "later", FeedURL: "https://later.example/feed.xml"})
		err := s.Update(h.ctx, func(tx *store.Tx) error {
			return tx.RecordPoll(h.ctx, later.ID, store.PollResult{OK: true, Next: tx.Now.Add(time.Hour)})
		})
		if err != nil {
			t.Fatal(err)
		}

		n, err := h.p.Schedule(h.ctx)
		if err != nil || n != len(due) {
			t.Fatalf("Schedule = %d, %v; want %d (the due sources)", n, err, len(due))
		}
		if got := h.jobArgs("poll", "source_id"); !slices.Equal(got, due) {
			t.Fatalf("poll jobs for sources %v, want one for each due source %v", got, due)
		}
		for _, j := range h.jobs("poll") {
			if j.State != "available" {
				t.Errorf("poll job %d is %s, want available at once", j.ID, j.State)
			}
		}

		n, err = h.p.Schedule(h.ctx)
		if err != nil || n != 0 {
			t.Errorf("second Schedule while the polls wait = %d, %v; want 0", n, err)
		}
		if got := h.jobArgs("poll", "source_id"); !slices.Equal(got, due) {
			t.Errorf("after a second Schedule: poll jobs for %v, want still %v", got, due)
		}

		// Once a source's poll is over (here cancelled; completed is the
		// same to uniqueness), a due source is queued again.
		first := h.jobs("poll")[0]
		if _, err := h.q.client.JobCancel(h.ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		n, err = h.p.Schedule(h.ctx)
		if err != nil || n != 1 {
			t.Errorf("Schedule after source %d's poll ended = %d, %v; want 1", first.Args["source_id"], n, err)
		}
		if got := h.jobArgs("poll", "source_id"); !slices.Equal(got, slices.Sorted(slices.Values(append([]int64{first.Args["source_id"]}, due...)))) {
			t.Errorf("poll jobs for %v, want a second one for source %d only", got, first.Args["source_id"])
		}
	})
}

// TestScheduleQueuesThousandsAtOnce: 10,000 feeds fall due together when
// they are added; one sweep queues every due source, not the first 1,000,
// and the next sweep, with all those polls still waiting, queues none
// again.
func TestScheduleQueuesThousandsAtOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, testConfig())
		const n = 2500
		err := s.Update(h.ctx, func(tx *store.Tx) error {
			for i := range n {
				if _, err := tx.AddSource(h.ctx, beatdesk.Source{Name: fmt.Sprintf("feed %d", i), FeedURL: fmt.Sprintf("https://host%d.example/feed-%d.xml", i%50, i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		got, err := h.p.Schedule(h.ctx)
		if err != nil || got != n {
			t.Fatalf("Schedule = %d, %v; want all %d due sources queued in one sweep", got, err, n)
		}
		t.Logf("one sweep queued %d polls in %s", got, time.Since(start).Round(time.Millisecond))
		jobs := h.jobs("poll")
		if len(jobs) != n || jobs[0].Queue != queuePoll {
			t.Fatalf("%d poll jobs on queue %q, want %d on %q", len(jobs), jobs[0].Queue, n, queuePoll)
		}
		if again, err := h.p.Schedule(h.ctx); err != nil || again != 0 {
			t.Errorf("second sweep while the polls wait = %d, %v; want 0", again, err)
		}
		if len(h.jobs("poll")) != n {
			t.Errorf("the second sweep added poll jobs")
		}
	})
}
