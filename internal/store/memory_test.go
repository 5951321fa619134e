package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestMemory: a correspondent's memory is their own live articles on the
// same story or naming two of its places, newest first, published before
// the draft; not another correspondent's, not one in review, not a
// retracted one, not one sharing only a country.
func TestMemory(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			clock := time.Date(2025, 11, 10, 9, 0, 0, 0, time.UTC)
			s, err := store.Open(ctx, storetest.DSN(t, e), func() time.Time { return clock })
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()

			ids, stories := map[string]int64{}, map[string]int64{}
			add := func(name, persona string, places []string, states ...string) {
				t.Helper()
				err := s.Update(ctx, func(tx *store.Tx) error {
					sid, err := tx.SaveStory(ctx, beatdesk.Story{Title: name, FirstSeen: tx.Now, LastSeen: tx.Now, Terms: map[string]float64{name: 1}})
					if err != nil {
						return err
					}
					stories[name] = sid
					id, err := tx.AddDraft(ctx, beatdesk.Draft{StoryID: sid, PersonaSlug: persona, Writer: "extractive",
						Headline: "About " + name, Dek: "A dek [1].", Places: places,
						Sections:  []beatdesk.Section{{Title: "What happened", Paragraphs: []string{"A fact [1]."}}},
						Citations: []beatdesk.Citation{{N: 1, Outlet: "A"}}}, store.ActorSystem)
					ids[name] = id
					for _, st := range states {
						if _, err := tx.MoveDraft(ctx, id, st, store.ActorSystem, ""); err != nil {
							return err
						}
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				clock = clock.Add(24 * time.Hour)
			}
			add("sierra", "lucia", []string{"Sinaloa", "Culiacán", "Mexico"}, beatdesk.DraftPublished)
			add("capital", "lucia", []string{"Mexico City", "Mexico"}, beatdesk.DraftPublished)
			add("rival", "marco", []string{"Sinaloa", "Culiacán"}, beatdesk.DraftPublished)
			add("pending", "lucia", []string{"Sinaloa", "Culiacán"})
			add("withdrawn", "lucia", []string{"Sinaloa", "Culiacán"}, beatdesk.DraftPublished, beatdesk.DraftRetracted)
			add("shelters", "lucia", []string{"CULIACAN", "sinaloa", "Durango"}, beatdesk.DraftPublished, beatdesk.DraftCorrected)
			published := clock.Add(-24 * time.Hour) // when "shelters" came out

			memory := func(q store.MemoryQuery) []string {
				t.Helper()
				var ds []beatdesk.Draft
				err := s.View(ctx, func(tx *store.Tx) (err error) {
					ds, err = tx.Memory(ctx, q)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, d := range ds {
					for name, id := range ids {
						if id == d.ID {
							names = append(names, name)
						}
					}
					if d.Slug == "" || d.PublishedAt.IsZero() {
						t.Errorf("memory draft %d has no slug or publication time: %+v", d.ID, d)
					}
				}
				return names
			}
			places := []string{"Sinaloa", "Culiacan", "Tamazula", "Mexico"}
			tests := []struct {
				name string
				q    store.MemoryQuery
				want []string
			}{
				{"places", store.MemoryQuery{Persona: "lucia", Places: places}, []string{"shelters", "sierra"}},
				{"before", store.MemoryQuery{Persona: "lucia", Places: places, Before: published}, []string{"sierra"}},
				{"limit", store.MemoryQuery{Persona: "lucia", Places: places, Limit: 1}, []string{"shelters"}},
				{"same story", store.MemoryQuery{Persona: "lucia", StoryID: stories["capital"]}, []string{"capital"}},
				{"other correspondent", store.MemoryQuery{Persona: "marco", Places: places}, []string{"rival"}},
				{"nothing shared", store.MemoryQuery{Persona: "lucia", Places: []string{"Mexico", "Oaxaca"}}, nil},
			}
			for _, tt := range tests {
				if got := memory(tt.q); !slices.Equal(got, tt.want) {
					t.Errorf("%s: Memory = %q, want %q", tt.name, got, tt.want)
				}
			}
			err = s.View(ctx, func(tx *store.Tx) error {
				_, err := tx.Memory(ctx, store.MemoryQuery{Places: places})
				return err
			})
			if !errors.Is(err, beatdesk.ErrInvalid) {
				t.Errorf("Memory without a correspondent: %v, want ErrInvalid", err)
			}
		})
	}
}
