package fetch

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestPost sends a form as a WebSub subscriber does: the hub sees a
// urlencoded POST with our User-Agent, its refusal comes back as a
// StatusError, and a hub on a refused address is never reached.
func TestPost(t *testing.T) {
	var got url.Values
	var ctype, ua string
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		ctype, ua = r.Header.Get("Content-Type"), r.Header.Get("User-Agent")
		r.ParseForm()
		got = r.PostForm
		if got.Get("hub.topic") == "" {
			http.Error(w, "hub.topic is required", http.StatusBadRequest)
			return
		}
		w.Header().Add("Link", `<https://hub.example/>; rel="hub"`)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer hub.Close()

	c := New(Options{AllowLoopback: true, UserAgent: "beatdesk-test"})
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"https://example.org/feed?a=1&b=2"}}
	resp, err := c.Post(t.Context(), hub.URL+"/hub", form)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusAccepted || len(resp.Links) != 1 || !strings.Contains(resp.Links[0], `rel="hub"`) {
		t.Errorf("response: status %d links %q; want 202 with the hub's Link header", resp.Status, resp.Links)
	}
	if got.Get("hub.topic") != "https://example.org/feed?a=1&b=2" || got.Get("hub.mode") != "subscribe" ||
		ctype != "application/x-www-form-urlencoded" || ua != "beatdesk-test" {
		t.Errorf("hub saw form %v, Content-Type %q, User-Agent %q", got, ctype, ua)
	}

	_, err = c.Post(t.Context(), hub.URL+"/hub", url.Values{"hub.mode": {"subscribe"}})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusBadRequest {
		t.Errorf("refused subscription: %v, want a StatusError with 400", err)
	}

	got = nil
	_, err = New(Options{}).Post(t.Context(), hub.URL+"/hub", form)
	if !errors.Is(err, ErrRefused) || got != nil {
		t.Errorf("hub on loopback without opt-in: %v (hub saw %v), want ErrRefused and no request", err, got)
	}
}
