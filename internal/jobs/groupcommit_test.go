package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// Concurrent writes share transactions; one that fails is undone alone
// and gets its own error, the others commit.
func TestGroupCommit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var src beatdesk.Source
		err := s.Update(ctx, func(tx *store.Tx) (err error) {
			src, err = tx.AddSource(ctx, beatdesk.Source{Name: "A", FeedURL: "https://a.example/feed"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		groups := 0
		g := &groupCommit{store: s, begin: func() { groups++ }}
		bad := errors.New("this write fails")
		const n = 40
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = g.update(ctx, func(tx *store.Tx) error {
					if _, _, err := tx.AddItem(ctx, beatdesk.Item{SourceID: src.ID, GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://a.example/%d", i)}); err != nil {
						return err
					}
					if i%10 == 3 {
						return bad // after its insert, which must be undone
					}
					return nil
				})
			}()
		}
		wg.Wait()
		guids := make([]string, n)
		for i := range guids {
			guids[i] = fmt.Sprint(i)
		}
		var known map[string]bool
		if err := s.View(ctx, func(tx *store.Tx) (err error) { known, err = tx.KnownGUIDs(ctx, src.ID, guids); return err }); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			failing := i%10 == 3
			if failing != errors.Is(errs[i], bad) || (!failing && errs[i] != nil) {
				t.Errorf("write %d: error %v", i, errs[i])
			}
			if known[fmt.Sprint(i)] == failing {
				t.Errorf("write %d (failing %v): stored %v", i, failing, known[fmt.Sprint(i)])
			}
		}
		if groups < 1 || groups > n {
			t.Errorf("%d groups for %d writes", groups, n)
		}
		t.Logf("%d writes in %d transactions", n, groups)
	})
}
