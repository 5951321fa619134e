package push_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"beatdesk"
	"beatdesk/internal/ingest/websub"
	"beatdesk/internal/store"
	"beatdesk/internal/store/storetest"
	"beatdesk/internal/web"
)

// TestCallback checks the callback's answers through the whole web
// server, request by request: what is served when WebSub is off, what a
// malformed or unexpected verification gets, that only the verified
// challenge is written back, as plain text, and that a delivery is
// processed only with a right signature and a feed's content type.
func TestCallback(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	var sub store.WebSub
	err := s.Update(ctx, func(tx *store.Tx) error {
		src, err := tx.AddSource(ctx, beatdesk.Source{Name: "Wire", FeedURL: "https://wire.example/feed.xml"})
		if err != nil {
			return err
		}
		sub, err = tx.AddWebSub(ctx, store.WebSub{SourceID: src.ID, Hub: "https://hub.example/", Topic: "https://wire.example/feed.xml",
			Token: websub.NewToken(), Secret: websub.NewSecret()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var delivered [][]byte
	deliver := func(ctx context.Context, w store.WebSub, body []byte) (int, error) {
		if w.ID != sub.ID {
			t.Errorf("delivered to subscription %d, want %d", w.ID, sub.ID)
		}
		delivered = append(delivered, body)
		return 1, nil
	}
	quiet := slog.New(slog.DiscardHandler)
	off := httptest.NewServer(web.New(s, web.Options{Logger: quiet}))
	defer off.Close()
	on := httptest.NewServer(web.New(s, web.Options{Logger: quiet, Deliver: deliver}))
	defer on.Close()
	path := "/websub/" + sub.Token
	verification := func(mode, topic, challenge string) string {
		return path + "?" + url.Values{"hub.mode": {mode}, "hub.topic": {topic}, "hub.challenge": {challenge}, "hub.lease_seconds": {"600"}}.Encode()
	}
	const xss = "<script>alert(1)</script>"
	feed := []byte(`<rss version="2.0"><channel><title>x</title></channel></rss>`)
	good := websub.Sign("sha256", sub.Secret, feed)

	for _, tc := range []struct {
		name        string
		srv         *httptest.Server
		method, url string
		ctype, sig  string
		body        []byte
		status      int
		wantBody    string // the exact body, when set
		delivered   int    // deliveries passed on so far
	}{
		{"websub off", off, "GET", verification("subscribe", sub.Topic, "abc"), "", "", nil, 404, "", 0},
		{"websub off, delivery", off, "POST", path, "application/rss+xml", good, feed, 404, "", 0},
		{"unknown token", on, "GET", "/websub/nope?hub.mode=subscribe&hub.topic=x&hub.challenge=abc", "", "", nil, 404, "", 0},
		{"no mode", on, "GET", path + "?hub.topic=x&hub.challenge=" + url.QueryEscape(xss), "", "", nil, 400, "", 0},
		{"other topic", on, "GET", verification("subscribe", "https://evil.example/"+xss, xss), "", "", nil, 404, "", 0},
		{"unsubscribe we did not ask for", on, "GET", verification("unsubscribe", sub.Topic, xss), "", "", nil, 404, "", 0},
		{"our subscription", on, "GET", verification("subscribe", sub.Topic, "ch4llenge"), "", "", nil, 200, "ch4llenge", 0},
		{"delivery, good", on, "POST", path, "application/rss+xml; charset=utf-8", good, feed, 202, "", 1},
		{"delivery, bad signature", on, "POST", path, "application/rss+xml", websub.Sign("sha256", "guess", feed), feed, 202, "", 1},
		{"delivery, HTML", on, "POST", path, "text/html", websub.Sign("sha256", sub.Secret, feed), feed, 202, "", 1},
		{"delivery, sha1", on, "POST", path, "", websub.Sign("sha1", sub.Secret, feed), feed, 202, "", 2},
		{"PUT", on, "PUT", path, "", "", nil, 404, "", 2},
	} {
		req, _ := http.NewRequest(tc.method, tc.srv.URL+tc.url, strings.NewReader(string(tc.body)))
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		if tc.sig != "" {
			req.Header.Set("X-Hub-Signature", tc.sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
		if tc.wantBody != "" && (string(b) != tc.wantBody || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain")) {
			t.Errorf("%s: body %q (%s), want exactly %q as plain text", tc.name, b, resp.Header.Get("Content-Type"), tc.wantBody)
		}
		if strings.Contains(string(b), "<script>") {
			t.Errorf("%s: the request's text was written back", tc.name)
		}
		if len(delivered) != tc.delivered {
			t.Errorf("%s: %d deliveries passed on, want %d", tc.name, len(delivered), tc.delivered)
		}
	}
}
