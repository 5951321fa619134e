package fetch

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// fakeDNS is a DNS server on loopback UDP that plays a rebinding attacker's
// name server: the n-th A question, whatever the name, gets the n-th IPv4
// address of its script (the last one once the script runs out), with TTL
// 0. AAAA questions get no answer, so each lookup sees one address.
type fakeDNS struct {
	conn    net.PacketConn
	mu      sync.Mutex
	answers []netip.Addr
	asked   int // A questions answered so far
}

func startFakeDNS(t *testing.T, answers ...string) *fakeDNS {
	t.Helper()
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &fakeDNS{conn: conn}
	for _, a := range answers {
		d.answers = append(d.answers, netip.MustParseAddr(a))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return // closed by Cleanup
			}
			if reply, ok := d.answer(buf[:n]); ok {
				conn.WriteTo(reply, from)
			}
		}
	}()
	t.Cleanup(func() { conn.Close(); <-done })
	return d
}

// resolver sends every query to this server.
func (d *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "udp4", d.conn.LocalAddr().String())
		},
	}
}

func (d *fakeDNS) questionsForA() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.asked
}

func (d *fakeDNS) answer(query []byte) ([]byte, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, false
	}
	q, err := p.Question()
	if err != nil {
		return nil, false
	}
	var a netip.Addr // none for AAAA and other questions
	if q.Type == dnsmessage.TypeA {
		d.mu.Lock()
		a = d.answers[min(d.asked, len(d.answers)-1)]
		d.asked++
		d.mu.Unlock()
	}

	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionAvailable: true})
	b.EnableCompression()
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0}
	if a.IsValid() {
		b.AResource(rh, dnsmessage.AResource{A: a.As4()})
	}
	out, err := b.Finish()
	return out, err == nil
}
