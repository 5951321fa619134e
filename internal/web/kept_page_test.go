package web_test

import (
	"context"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestKeptArticlePage: an article page is rendered once and kept, and
// what a member was shown never reaches anyone else, even when a member
// is the first to read it. A correction shows at once, for readers of
// every level; a retraction takes the page down.
func TestKeptArticlePage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n := openOn(t, s, web.Options{BaseURL: "http://news.example"})
		d := sampleDraft(0)
		slug := n.publish(d)
		link := "https://elvigia.example/familias-huyen"

		// Signed-in readers always get a fresh page (no page cache), so
		// each level below reads the kept page.
		readers := map[string]*browser{}
		for _, level := range []string{beatdesk.LevelMember, beatdesk.LevelSubscriber} {
			readers[level] = n.browser()
			signInAs(t, n, readers[level], "kept-"+level+"@example.org", level)
		}
		check := func(when string, wants ...string) {
			t.Helper()
			for _, level := range []string{beatdesk.LevelMember, beatdesk.LevelSubscriber, beatdesk.LevelAnonymous} {
				b := readers[level]
				if b == nil {
					b = n.browser()
				}
				p := b.get("/article/" + slug + "?when=" + strings.ReplaceAll(when, " ", "-"))
				p.must(t, 200, append([]string{d.Headline, "El Vigía reported on 3 November"}, wants...)...)
				for _, secret := range membersOnly {
					if got, want := strings.Contains(p.Body, secret), beatdesk.CanSeeMemberSections(level); got != want {
						t.Errorf("%s, level %q: members-only text %q present %v, want %v", when, level, secret, got, want)
					}
				}
				if got, want := strings.Contains(p.Body, link), beatdesk.CanSeeSourceLinks(level); got != want {
					t.Errorf("%s, level %q: source link present %v, want %v", when, level, got, want)
				}
				if got, want := strings.Contains(p.Body, "The analysis continues for members"), !beatdesk.CanSeeMemberSections(level); got != want {
					t.Errorf("%s, level %q: the gate present %v, want %v", when, level, got, want)
				}
			}
		}
		check("first read")
		var kept int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM rendered_pages`).Scan(&kept); err != nil || kept != 1 {
			t.Fatalf("pages kept after the first reads: %d, %v; want 1", kept, err)
		}
		check("kept")

		var id int64
		err := s.View(ctx, func(tx *store.Tx) error {
			pd, err := tx.Published(ctx, slug)
			id = pd.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		notice := func(kind, text string) {
			t.Helper()
			err := s.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: kind, Text: text}, "editor@example.org")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		notice(beatdesk.NoticeCorrection, "An earlier version said 13 roadblocks.")
		check("after a correction", `id="corrections-h">Correction</h2>`, "An earlier version said 13 roadblocks.")
		notice(beatdesk.NoticeUpdate, "The army retook the highway.")
		check("after an update", "An earlier version said 13 roadblocks.", "The army retook the highway.")

		notice(beatdesk.NoticeRetraction, "La Vigie withdrew its count.")
		readers[beatdesk.LevelMember].get("/article/"+slug).must(t, 410, "La Vigie withdrew its count.")
	})
}

// TestKeepArticlePages: pages kept ahead of readers are the ones the
// site would keep itself, and only the out-of-date ones are rendered
// again.
func TestKeepArticlePages(t *testing.T) {
	ctx := context.Background()
	o := web.Options{BaseURL: "http://news.example/", Personas: []beatdesk.Persona{testPersona}, Illustrate: drawPlaces}
	n := open(t, o)
	keep := func(want int) {
		t.Helper()
		if got, err := web.KeepArticlePages(ctx, n.s, o, nil); err != nil || got != want {
			t.Errorf("KeepArticlePages rendered %d, %v; want %d", got, err, want)
		}
	}
	var slugs []string
	for range 3 {
		slugs = append(slugs, n.publish(sampleDraft(0)))
	}
	n.browser().get("/article/"+slugs[0]).must(t, 200) // kept by its first reader
	keep(2)
	keep(0)
	var id int64
	err := n.s.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Published(ctx, slugs[1])
		if err != nil {
			return err
		}
		id = d.ID
		_, err = tx.AddNotice(ctx, beatdesk.Notice{DraftID: id, Kind: beatdesk.NoticeCorrection, Text: "A date was wrong."}, "editor@example.org")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	keep(1)
	b := n.browser()
	signInAs(t, n, b, "keep@example.org", beatdesk.LevelSubscriber)
	b.get("/article/"+slugs[1]).must(t, 200, "A date was wrong.")
}
