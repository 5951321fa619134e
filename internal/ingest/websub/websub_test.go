package websub

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestDiscover(t *testing.T) {
	const feedURL = "https://news.example/feeds/main.xml"
	for _, tc := range []struct {
		name             string
		links            []string
		docHub, docSelf  string
		wantHub, wantTop string
	}{
		{"nothing named", nil, "", "", "", ""},
		{"self alone is no subscription", []string{`<https://news.example/self>; rel="self"`}, "", "", "", ""},
		{"document links", nil, "https://hub.example/", "https://news.example/canonical.xml", "https://hub.example/", "https://news.example/canonical.xml"},
		{"no self: the feed is its own topic", nil, "https://hub.example/", "", "https://hub.example/", feedURL},
		{"headers win over the document",
			[]string{`<https://hub.one.example/>; rel="hub", </topic.xml>; rel="self"`},
			"https://doc.hub.example/", "https://news.example/doc-self.xml",
			"https://hub.one.example/", "https://news.example/topic.xml"},
		{"header hub, document self", []string{`<https://hub.one.example/>; rel=hub`}, "", "https://news.example/doc-self.xml",
			"https://hub.one.example/", "https://news.example/doc-self.xml"},
		{"several hubs: the first", []string{`<https://a.example/>; rel="hub"`, `<https://b.example/>; rel="hub"`}, "", "",
			"https://a.example/", feedURL},
		{"relation lists and case", []string{`<https://x.example/p>; rel="preload", <https://h.example/>; rel="alternate HUB"`}, "", "",
			"https://h.example/", feedURL},
		{"quoted commas and semicolons", []string{`<https://x.example/a,b>; title="one, two; three"; rel="next", <https://h.example/>; rel="hub"`}, "", "",
			"https://h.example/", feedURL},
		{"anchored links are about something else", []string{`<https://evil.example/>; rel="hub"; anchor="https://other.example/"`}, "", "", "", ""},
		{"non-http hubs are no hubs", []string{`<javascript:alert(1)>; rel="hub"`, `<ftp://h.example/>; rel="hub"`}, "mailto:x@example.org", "", "", ""},
		{"junk header, document hub", []string{`garbage; rel="hub"`}, "https://hub.example/", "", "https://hub.example/", feedURL},
	} {
		hub, topic := Discover(tc.links, tc.docHub, tc.docSelf, feedURL)
		if hub != tc.wantHub || topic != tc.wantTop {
			t.Errorf("%s: got hub %q topic %q; want %q and %q", tc.name, hub, topic, tc.wantHub, tc.wantTop)
		}
	}
}

func TestSignature(t *testing.T) {
	body := []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`)
	const secret = "s3cret"
	for _, m := range []string{"sha1", "sha256", "sha384", "sha512"} {
		sig := Sign(m, secret, body)
		if !VerifySignature(secret, sig, body) {
			t.Errorf("%s: a good signature %q refused", m, sig)
		}
		if !VerifySignature(secret, strings.ToUpper(sig[:len(m)])+strings.ToUpper(sig[len(m):]), body) {
			t.Errorf("%s: method and hex are case-insensitive", m)
		}
		if VerifySignature("other", sig, body) {
			t.Errorf("%s: signature under another secret accepted", m)
		}
		tampered := append([]byte{}, body...)
		tampered[len(tampered)-2] = 'X'
		if VerifySignature(secret, sig, tampered) {
			t.Errorf("%s: signature accepted for a changed body", m)
		}
	}
	good := Sign("sha256", secret, body)
	_, hexSig, _ := strings.Cut(good, "=")
	for _, bad := range []string{
		"",                       // missing
		hexSig,                   // no method
		"md5=" + hexSig,          // not one of the four
		"sha256=" + hexSig[:10],  // cut short
		"sha256=zz" + hexSig[2:], // not hex
		"sha512=" + hexSig,       // method and length disagree
	} {
		if VerifySignature(secret, bad, body) {
			t.Errorf("signature %q accepted", bad)
		}
	}
	if VerifySignature("", Sign("sha256", "", body), body) {
		t.Error("an empty secret must never verify")
	}
	if Sign("md5", secret, body) != "" {
		t.Error("Sign with an unknown method must give nothing")
	}
}

func TestRequestForm(t *testing.T) {
	r := Request{Mode: ModeSubscribe, Hub: "https://hub.example/", Topic: "https://news.example/feed.xml",
		Callback: "https://beatdesk.example/websub/TOKEN", Lease: Lease, Secret: NewSecret()}
	f, err := r.Form()
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {r.Topic}, "hub.callback": {r.Callback},
		"hub.lease_seconds": {"604800"}, "hub.secret": {r.Secret}}
	if f.Encode() != want.Encode() {
		t.Errorf("form %v, want %v", f, want)
	}
	u := r
	u.Mode = ModeUnsubscribe
	if f, err := u.Form(); err != nil || f.Has("hub.secret") || f.Has("hub.lease_seconds") {
		t.Errorf("unsubscribe form %v, %v: want no secret and no lease", f, err)
	}
	for _, bad := range []Request{
		{Mode: "publish", Hub: r.Hub, Topic: r.Topic, Callback: r.Callback, Secret: "x"},
		{Mode: ModeSubscribe, Hub: "hub.example", Topic: r.Topic, Callback: r.Callback, Secret: "x"},
		{Mode: ModeSubscribe, Hub: r.Hub, Topic: r.Topic, Callback: "/websub/x", Secret: "x"},
		{Mode: ModeSubscribe, Hub: r.Hub, Topic: r.Topic, Callback: r.Callback},
		{Mode: ModeSubscribe, Hub: r.Hub, Topic: r.Topic, Callback: r.Callback, Secret: strings.Repeat("x", 200)},
	} {
		if _, err := bad.Form(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestTokensAndSecrets(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, sec := NewToken(), NewSecret()
		if len(tok) < 26 || len(sec) < 52 || len(sec) > maxSecret || url.PathEscape(tok) != tok || seen[tok] {
			t.Fatalf("token %q secret %q: too short, too long, not URL-safe or repeated", tok, sec)
		}
		seen[tok] = true
	}
}

func TestParseVerification(t *testing.T) {
	q := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"https://news.example/feed.xml"},
		"hub.challenge": {"abc123"}, "hub.lease_seconds": {"86400"}}
	v, err := ParseVerification(q)
	if err != nil || v.Mode != ModeSubscribe || v.Challenge != "abc123" || v.Lease != 24*time.Hour || v.Topic != "https://news.example/feed.xml" {
		t.Errorf("got %+v, %v", v, err)
	}
	q.Set("hub.lease_seconds", "99999999999999999999")
	if v, _ := ParseVerification(q); v.Lease != MaxLease {
		t.Errorf("absurd lease read as %s, want MaxLease", v.Lease)
	}
	q.Set("hub.lease_seconds", "-5")
	if v, _ := ParseVerification(q); v.Lease != 0 {
		t.Errorf("negative lease read as %s, want 0 (not given)", v.Lease)
	}
	d, err := ParseVerification(url.Values{"hub.mode": {"denied"}, "hub.topic": {"https://news.example/feed.xml"}, "hub.reason": {strings.Repeat("é", 300)}})
	if err != nil || d.Mode != ModeDenied || len([]rune(d.Reason)) != 200 || d.Challenge != "" {
		t.Errorf("denial: %+v, %v", d, err)
	}
	for _, bad := range []url.Values{
		{"hub.mode": {"publish"}, "hub.topic": {"t"}, "hub.challenge": {"c"}},
		{"hub.mode": {"subscribe"}, "hub.challenge": {"c"}},
		{"hub.mode": {"subscribe"}, "hub.topic": {"t"}},
		{"hub.mode": {"subscribe"}, "hub.topic": {"t"}, "hub.challenge": {strings.Repeat("c", MaxChallenge+1)}},
		{"hub.mode": {"denied"}},
	} {
		if _, err := ParseVerification(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestLooksLikeFeed(t *testing.T) {
	for ct, want := range map[string]bool{
		"": true, "application/atom+xml": true, "application/rss+xml; charset=utf-8": true, "text/xml": true,
		"application/feed+json": true, "application/json": true,
		"text/html": false, "application/x-www-form-urlencoded": false, "image/png": false, "multipart/form-data; boundary=x": false,
	} {
		if got := LooksLikeFeed(ct); got != want {
			t.Errorf("LooksLikeFeed(%q) = %v, want %v", ct, got, want)
		}
	}
}
