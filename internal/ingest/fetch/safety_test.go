package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// blocked lists one or more addresses of every class beatdesk never connects
// to, as the dialer hands them to the guard (after DNS, before connect).
var blocked = []struct{ class, addr string }{
	{"loopback", "127.0.0.1:80"},
	{"loopback", "127.255.255.254:443"},
	{"loopback", "[::1]:443"},
	{"RFC 1918 10/8", "10.0.0.1:80"},
	{"RFC 1918 10/8", "10.255.255.255:443"},
	{"RFC 1918 172.16/12", "172.16.0.1:80"},
	{"RFC 1918 172.16/12", "172.31.255.254:8080"},
	{"RFC 1918 192.168/16", "192.168.1.1:443"},
	{"link-local 169.254/16", "169.254.0.1:80"},
	{"cloud metadata", "169.254.169.254:80"},
	{"link-local fe80::/10", "[fe80::1]:80"},
	{"link-local fe80::/10", "[febf:ffff::1]:443"},
	{"CGNAT 100.64/10", "100.64.0.0:80"},
	{"CGNAT 100.64/10", "100.127.255.255:443"},
	{"NAT64 64:ff9b::/96", "[64:ff9b::a00:1]:80"},    // 10.0.0.1 behind NAT64
	{"NAT64 64:ff9b::/96", "[64:ff9b::808:808]:443"}, // even a public address: the translator is inside
	{"NAT64 local 64:ff9b:1::/48", "[64:ff9b:1::a00:1]:80"},
	{"6to4 2002::/16", "[2002:a00:1::]:80"},       // 6to4 of 10.0.0.1
	{"6to4 2002::/16", "[2002:a9fe:a9fe::1]:443"}, // 6to4 of the metadata address
	{"unique-local fc00::/7", "[fc00::1]:443"},
	{"unique-local fc00::/7", "[fd12:3456:789a::1]:80"},
	{"unspecified", "0.0.0.0:80"},
	{"unspecified", "[::]:80"},
	{"this network 0/8", "0.1.2.3:80"},
	{"multicast", "224.0.0.1:80"},
	{"multicast", "239.255.255.250:443"},
	{"multicast", "[ff02::1]:80"},
	{"broadcast", "255.255.255.255:80"},
	{"reserved 240/4", "240.0.0.1:80"},
	{"benchmarking 198.18/15", "198.18.0.1:80"},
	{"documentation", "192.0.2.1:80"},
	{"documentation", "[2001:db8::1]:80"},
	{"IPv4-mapped private", "[::ffff:10.0.0.1]:80"},
	{"IPv4-mapped private", "[::ffff:192.168.0.1]:443"},
	{"IPv4-mapped metadata", "[::ffff:169.254.169.254]:80"},
	{"IPv4-compatible private", "[::10.0.0.1]:80"},
	{"Teredo 2001::/32", "[2001::1]:80"},
	{"public, odd port", "93.184.216.34:22"},
	{"public, odd port", "[2606:2800:220:1::1]:6379"},
}

func network(addr string) string {
	if strings.HasPrefix(addr, "[") {
		return "tcp6"
	}
	return "tcp4"
}

// TestGuardRefusesEveryBlockedClass calls the dial-time check directly. It
// runs after socket(2) and before connect(2), so these tests send nothing
// to any of the addresses.
func TestGuardRefusesEveryBlockedClass(t *testing.T) {
	strict, loose := guard(false), guard(true)
	for _, b := range blocked {
		err := strict(network(b.addr), b.addr, nil)
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s %s: guard = %v, want ErrRefused", b.class, b.addr, err)
		}
		// AllowLoopback opens loopback and nothing else.
		err = loose(network(b.addr), b.addr, nil)
		if b.class == "loopback" {
			if err != nil {
				t.Errorf("AllowLoopback: %s %s refused: %v", b.class, b.addr, err)
			}
		} else if !errors.Is(err, ErrRefused) {
			t.Errorf("AllowLoopback: %s %s: guard = %v, want ErrRefused", b.class, b.addr, err)
		}
	}
	// The edges of the blocked ranges are public and must stay reachable,
	// or the table above would prove nothing about precision.
	for _, a := range []string{
		"100.63.255.255:80", "100.128.0.0:80", "172.15.255.255:443", "172.32.0.0:443",
		"169.253.255.255:80", "169.255.0.0:80", "11.0.0.0:80", "9.255.255.255:8443",
		"192.167.255.255:80", "192.169.0.0:80", "223.255.255.255:80", "1.1.1.1:443",
		"[2606:4700::1111]:443", "[2a00:1450:4001::1]:80", "[2003::1]:443",
	} {
		if err := strict(network(a), a, nil); err != nil {
			t.Errorf("public %s refused: %v", a, err)
		}
	}
}

// TestRedirectToBlockedAddressRefused follows a real redirect from an allowed
// loopback host to every literal blocked address. The client allows
// loopback (it must, to reach the test host), which also shows that
// AllowLoopback still refuses the private ranges. The guard runs before
// connect, so nothing leaves the machine.
func TestRedirectToBlockedAddressRefused(t *testing.T) {
	var hops atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hops.Add(1)
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}))
	defer srv.Close()
	c := testClient(Options{})
	for _, b := range blocked {
		if b.class == "loopback" {
			continue
		}
		target := "http://" + b.addr + "/latest/meta-data/"
		t.Run(b.class+" "+b.addr, func(t *testing.T) {
			before := hops.Load()
			_, err := c.Get(context.Background(), Request{URL: srv.URL + "/?to=" + url.QueryEscape(target)})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused", err)
			}
			if hops.Load() != before+1 {
				t.Errorf("the allowed host was asked %d times, want once", hops.Load()-before)
			}
			// The dialer names the address in its canonical form.
			host := netip.MustParseAddrPort(b.addr).Addr().Unmap().String()
			if !strings.Contains(err.Error(), host) || !strings.Contains(err.Error(), srv.URL) {
				t.Errorf("message %q should name the refused address and the URL asked for", err)
			}
		})
	}
}

// TestDNSRebinding shows that a DNS answer which changes between requests
// cannot lead a connection to a blocked address. beatdesk has no separate
// "check" lookup that an attacker could answer differently from the
// "connect" lookup: the guard sees the address of the socket being
// connected, whatever DNS said. A DNS server on loopback UDP, reached
// through the real net.Resolver, answers a harmless address first and then
// internal ones; the server sends Connection: close so every request
// dials (and looks up) afresh.
func TestDNSRebinding(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Connection", "close")
		w.Write([]byte("feed"))
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	feed := "http://news.rebind.example:" + port + "/feed"

	t.Run("answer changes after a good first fetch", func(t *testing.T) {
		dns := startFakeDNS(t, "127.0.0.1", "169.254.169.254", "10.0.0.1", "0.0.0.0")
		c := testClient(Options{Resolver: dns.resolver()})
		hits.Store(0)
		resp, err := c.Get(context.Background(), Request{URL: feed})
		if err != nil || string(resp.Body) != "feed" {
			t.Fatalf("first fetch (DNS says 127.0.0.1, allowed in tests): %v", err)
		}
		for _, internal := range []string{"169.254.169.254", "10.0.0.1", "0.0.0.0"} {
			_, err := c.Get(context.Background(), Request{URL: feed})
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), internal) {
				t.Errorf("DNS now says %s: err = %v, want ErrRefused naming it", internal, err)
			}
		}
		if n := hits.Load(); n != 1 {
			t.Errorf("server reached %d times, want 1", n)
		}
		if n := dns.questionsForA(); n < 4 {
			t.Errorf("only %d A lookups: the test did not exercise fresh lookups", n)
		}
	})

	t.Run("redirect to a name that resolves inside", func(t *testing.T) {
		dns := startFakeDNS(t, "192.168.0.10")
		redirector := httptest.NewServer(http.RedirectHandler("http://intranet.rebind.example/admin", http.StatusFound))
		defer redirector.Close()
		c := testClient(Options{Resolver: dns.resolver()})
		_, err := c.Get(context.Background(), Request{URL: redirector.URL})
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "192.168.0.10") {
			t.Errorf("err = %v, want ErrRefused naming 192.168.0.10", err)
		}
	})

	t.Run("a name for loopback without AllowLoopback", func(t *testing.T) {
		dns := startFakeDNS(t, "127.0.0.1")
		hits.Store(0)
		_, err := New(Options{Resolver: dns.resolver()}).Get(context.Background(), Request{URL: feed})
		if !errors.Is(err, ErrRefused) {
			t.Errorf("err = %v, want ErrRefused", err)
		}
		if hits.Load() != 0 {
			t.Error("the server was reached")
		}
	})
}
