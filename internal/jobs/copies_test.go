package jobs

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/analyze/dedup"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
)

// TestFetchNearCopyFromMemory: a page that reprints an earlier article with
// a line added (a wire copy with the outlet's own sign-off) is marked a
// copy of it through the in-memory index, and so is a second reprint
// fetched by a pipeline started afterwards, whose index is warmed from
// the store.
func TestFetchNearCopyFromMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, "meridian-herald")
		h := newHarness(t, s, testConfig())
		_, items := polledItems(t, h, w, "meridian-herald")
		orig := h.item(items[0])
		h.fetchItem(orig.ID)
		arts := h.ids(`SELECT id FROM articles`)
		if len(arts) != 1 {
			t.Fatalf("articles %v after fetching the original", arts)
		}
		original := h.article(arts[0])

		// Reprints on another host: the original page with a line added.
		resp, err := http.Get(orig.URL)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// A reprint does not give the original's address as its canonical
		// one (that would make it the same page, not a copy).
		page = []byte(strings.ReplaceAll(string(page), orig.URL, ""))
		reprint := func(signOff string) http.HandlerFunc {
			return func(rw http.ResponseWriter, r *http.Request) {
				rw.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(rw, strings.Replace(string(page), "</article>", "<p>"+signOff+"</p></article>", 1))
			}
		}
		mux := http.NewServeMux()
		mux.Handle("/first.html", reprint("This report was republished from our partners at the Meridian Herald under a content-sharing agreement."))
		mux.Handle("/second.html", reprint("Additional reporting by Amira Haddad in Muscat and Tomas Reyes in Geneva contributed to this article."))
		mirror := httptest.NewServer(mux)
		t.Cleanup(mirror.Close)
		syndicator := h.addSource(beatdesk.Source{Name: "Syndicator", FeedURL: mirror.URL + "/feed.xml"})

		check := func(h *harness, path string) {
			t.Helper()
			id := h.addItem(beatdesk.Item{SourceID: syndicator.ID, GUID: path, URL: mirror.URL + path, Title: orig.Title})
			h.fetchItem(id)
			var a beatdesk.Article
			err := s.View(h.ctx, func(tx *store.Tx) (err error) {
				ids := h.ids(`SELECT id FROM articles WHERE item_id = $1`, id)
				if len(ids) != 1 {
					t.Fatalf("%s: articles %v; item %+v", path, ids, h.item(id))
				}
				a, err = tx.Article(h.ctx, ids[0])
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			d := dedup.Distance(a.SimHash, original.SimHash)
			if a.ContentHash == original.ContentHash || d == 0 {
				t.Fatalf("%s: the reprint is not a near copy to test with (distance %d, same text %v)", path, d, a.ContentHash == original.ContentHash)
			}
			if a.DuplicateOf != original.ID {
				t.Errorf("%s, %d bits from the original: marked a copy of %d, want %d", path, d, a.DuplicateOf, original.ID)
			}
		}
		check(h, "/first.html")
		if n := h.p.copyIndex(h.ctx).Len(); n != 1 {
			t.Errorf("the index holds %d entries, want the one original (copies are not added)", n)
		}

		h.q.Close() // as a process that stops does
		restarted := newHarness(t, s, testConfig())
		check(restarted, "/second.html")
	})
}
