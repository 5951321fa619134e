package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"beatdesk/internal/store"
)

// benchLoad runs `beatdesk bench load`, the load process of bench serve:
// it asks each route in turn for its share of the time and prints the
// figures as a JSON array.
func benchLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("url", "", "the site")
	first := fs.Int64("first-id", 1, "id of the first synthetic article")
	n := fs.Int("articles", 0, "synthetic articles")
	duration := fs.Duration("duration", 40*time.Second, "load time for all routes")
	conc := fs.Int("concurrency", 32, "requests in flight")
	only := fs.String("routes", strings.Join(benchRoutes, ","), "the routes to load")
	serverPID := fs.Int("server-pid", 0, "the serving process, whose CPU time is counted per route (default: none)")
	postgres := fs.Bool("postgres", false, "count the CPU time of this machine's PostgreSQL server per route too")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of this process to this file")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("bench load: %w", err)
	}
	if *base == "" || *n < 1 {
		return errors.New("bench load: --url and --articles are needed; it is started by `beatdesk bench serve`")
	}
	u, err := url.Parse(*base)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("bench load: --url %q: want http://host:port", *base)
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return fmt.Errorf("bench load: %w", err)
	}
	defer stopProfile()
	slug := func(i int) string { return store.Slug(syntheticHeadline(i), *first+int64(i)) }
	cached := "/article/" + slug(0)
	paths := map[string]func(r *rand.Rand) string{
		"article-cached":   func(*rand.Rand) string { return cached },
		"article-uncached": func(r *rand.Rand) string { return "/article/" + slug(r.IntN(*n)) },
		"home":             func(*rand.Rand) string { return "/" },
		"search": func(r *rand.Rand) string {
			return "/search?q=" + benchWords[r.IntN(len(benchWords))] + "+" + benchPlaces[r.IntN(len(benchPlaces))]
		},
	}
	var results []routeResult
	for _, rt := range strings.Split(*only, ",") {
		path, ok := paths[rt]
		if !ok {
			return fmt.Errorf("bench load: there is no route %q", rt)
		}
		cpu := startCPUWatch(*serverPID, *postgres)
		res := hammer(ctx, u.Host, rt, path, *duration/time.Duration(len(strings.Split(*only, ","))), *conc)
		cpu.stop(&res)
		results = append(results, res)
	}
	return json.NewEncoder(stdout).Encode(results)
}

// hammer asks for paths over conc connections, one request in flight on
// each, for d, and measures the answers.
func hammer(ctx context.Context, host, name string, path func(*rand.Rand) string, d time.Duration, conc int) routeResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lat []float64
	errs := 0
	var size int64
	var wg sync.WaitGroup
	start := time.Now()
	// A request still unanswered this long after the route's time is up
	// counts as an error rather than holding up the next route.
	deadline := start.Add(d + 10*time.Second)
	for g := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 7))
			c := &loadConn{host: host, deadline: deadline}
			defer c.close()
			var mine []float64
			bad := 0
			var got int64
			for ctx.Err() == nil {
				t := time.Now()
				status, n, err := c.get(path(r))
				switch {
				case err != nil:
					bad++
					if c.conn == nil && ctx.Err() == nil {
						time.Sleep(10 * time.Millisecond) // cannot connect; do not spin
					}
				case status/100 != 2 && status != 304:
					bad++
				default:
					mine = append(mine, float64(time.Since(t))/float64(time.Millisecond))
					got += n
				}
			}
			mu.Lock()
			lat, errs, size = append(lat, mine...), errs+bad, size+got
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := routeResult{Route: name, Requests: len(lat), Errors: errs, RPS: round(float64(len(lat))/elapsed.Seconds(), 0),
		P50ms: round(percentile(lat, 0.50), 2), P95ms: round(percentile(lat, 0.95), 2), P99ms: round(percentile(lat, 0.99), 2)}
	if len(lat) > 0 {
		res.BytesPerResponse = size / int64(len(lat))
	}
	return res
}

// A loadConn is one keep-alive HTTP/1.1 connection of the load process.
// It writes each request from one reused buffer and reads the answer
// through a reused buffer too, keeping only the status and the length:
// on a machine of two cores, every microsecond the load process spends
// on a request is taken from the server. It never pipelines, so a
// request's latency is the server's answer to it alone.
type loadConn struct {
	host     string
	deadline time.Time
	conn     net.Conn
	r        *bufio.Reader
	req      []byte
}

// get asks for path and reads the whole answer, returning its status
// and the size of its body. After an error the connection is closed;
// the next get opens another.
func (c *loadConn) get(path string) (status int, n int64, err error) {
	if c.conn == nil {
		conn, err := net.Dial("tcp", c.host)
		if err != nil {
			return 0, 0, err
		}
		conn.SetDeadline(c.deadline)
		c.conn = conn
		if c.r == nil {
			c.r = bufio.NewReaderSize(conn, 64<<10)
		} else {
			c.r.Reset(conn)
		}
	}
	// The headers a browser's request would carry that could change the
	// answer; no cookie, so the site sees an anonymous reader.
	c.req = append(c.req[:0], "GET "...)
	c.req = append(c.req, path...)
	c.req = append(c.req, " HTTP/1.1\r\nHost: "...)
	c.req = append(c.req, c.host...)
	c.req = append(c.req, "\r\nUser-Agent: beatdesk-bench\r\nAccept: text/html\r\nAccept-Encoding: gzip\r\n\r\n"...)
	if _, err := c.conn.Write(c.req); err != nil {
		c.close()
		return 0, 0, err
	}
	status, n, keep, err := readResponse(c.r)
	if err != nil || !keep {
		c.close()
	}
	return status, n, err
}

func (c *loadConn) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// readResponse reads one HTTP/1.1 response to a GET from r: the status
// line, the headers, and the body by its Content-Length, in chunks, or
// (with neither) up to the end of the connection. It reports the status,
// the body's length and whether the connection can take another request.
func readResponse(r *bufio.Reader) (status int, n int64, keep bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return 0, 0, false, fmt.Errorf("not an HTTP/1.x status line: %q", line)
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, false, fmt.Errorf("status line %q: %w", line, err)
	}
	keep = line[7] == '1' // HTTP/1.0 closes unless asked otherwise; we do not ask
	length, chunked := int64(-1), false
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return status, 0, false, fmt.Errorf("reading headers: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return status, 0, false, fmt.Errorf("header line %q has no colon", line)
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(v), 10, 64); err != nil || length < 0 {
				return status, 0, false, fmt.Errorf("Content-Length %q", v)
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(v, []byte("chunked"))
			if !chunked {
				return status, 0, false, fmt.Errorf("Transfer-Encoding %q is not chunked", v)
			}
		case bytes.EqualFold(k, []byte("Connection")):
			keep = keep && !bytes.EqualFold(v, []byte("close"))
		}
	}
	switch {
	case status/100 == 1 || status == 204 || status == 304:
		return status, 0, keep, nil // no body, whatever the headers say
	case chunked:
		n, err = discardChunks(r)
		return status, n, keep && err == nil, err
	case length >= 0:
		_, err = r.Discard(int(length))
		return status, length, keep && err == nil, err
	}
	n, err = io.Copy(io.Discard, r)
	return status, n, false, err
}

// discardChunks reads a chunked body and its trailers, returning the
// body's length.
func discardChunks(r *bufio.Reader) (int64, error) {
	var n int64
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return n, fmt.Errorf("reading a chunk's size: %w", err)
		}
		size, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		k, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil || k < 0 {
			return n, fmt.Errorf("chunk size %q", line)
		}
		if k == 0 {
			break
		}
		if _, err := r.Discard(int(k)); err != nil {
			return n, err
		}
		n += k
		if crlf, err := r.ReadSlice('\n'); err != nil || len(bytes.TrimRight(crlf, "\r\n")) != 0 {
			return n, fmt.Errorf("a chunk does not end in CRLF")
		}
	}
	for { // trailers, up to the empty line
		line, err := r.ReadSlice('\n')
		if err != nil {
			return n, fmt.Errorf("reading trailers: %w", err)
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return n, nil
		}
	}
}

// A cpuWatch measures, over one route's load, the CPU time of the serving
// process, of this load process, of the PostgreSQL server if asked, and
// of the whole machine, so the figures show where the cores went: to
// serving, to asking, to the database, or to other work on a shared
// machine.
type cpuWatch struct {
	serverPID              int
	postgres               bool
	start                  time.Time
	server, load, db, busy int64 // clock ticks at the start
}

func startCPUWatch(serverPID int, postgres bool) *cpuWatch {
	w := &cpuWatch{serverPID: serverPID, postgres: postgres, server: -1, db: -1}
	if serverPID > 0 {
		w.server = pidTicks(serverPID)
	}
	if postgres {
		w.db = postgresTicks()
	}
	w.load = pidTicks(os.Getpid())
	w.busy = machineBusyTicks()
	w.start = time.Now()
	return w
}

// stop fills in res's CPU figures for the time since the watch started.
func (w *cpuWatch) stop(res *routeResult) {
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	elapsed := time.Since(w.start)
	cores := func(ticks int64) float64 { return round(float64(ticks)*float64(tick)/float64(elapsed), 2) }
	perRequest := func(ticks int64) float64 {
		if res.Requests == 0 {
			return 0
		}
		return round(float64(ticks)*float64(tick/time.Millisecond)/float64(res.Requests), 3)
	}
	if now := pidTicks(w.serverPID); w.server >= 0 && now >= 0 {
		res.ServerCPUms, res.ServerCores = perRequest(now-w.server), cores(now-w.server)
	}
	if now := postgresTicks(); w.db >= 0 && now >= 0 {
		res.DBCPUms, res.DBCores = perRequest(now-w.db), cores(now-w.db)
	}
	load := pidTicks(os.Getpid()) - w.load
	res.LoadCPUms, res.LoadCores = perRequest(load), cores(load)
	if busy := machineBusyTicks(); busy > w.busy {
		res.OtherCores = round(max(0, cores(busy-w.busy)-res.ServerCores-res.LoadCores-res.DBCores), 2)
	}
}

// postgresTicks is the CPU time, user and system, that this machine's
// PostgreSQL server has used, in clock ticks; -1 where none is seen. A
// connection's backend process ends when the connection closes, so the
// server's main process is counted with the children it has seen end.
func postgresTicks() int64 {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return -1
	}
	ticks, found := int64(0), false
	for _, d := range dirs {
		if d.Name()[0] < '0' || d.Name()[0] > '9' {
			continue
		}
		comm, f := procStat(d.Name())
		if comm != "postgres" || len(f) < 15 {
			continue
		}
		found = true
		for _, i := range []int{11, 12} { // utime, stime
			v, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += v
		}
		if parent, _ := procStat(f[1]); parent != "postgres" { // the main process
			for _, i := range []int{13, 14} { // cutime, cstime
				v, _ := strconv.ParseInt(f[i], 10, 64)
				ticks += v
			}
		}
	}
	if !found {
		return -1
	}
	return ticks
}

// pidTicks is the CPU time, user and system, that process pid has used,
// in clock ticks; -1 where it cannot be read.
func pidTicks(pid int) int64 {
	_, f := procStat(strconv.Itoa(pid))
	if len(f) < 13 {
		return -1
	}
	user, _ := strconv.ParseInt(f[11], 10, 64)
	system, _ := strconv.ParseInt(f[12], 10, 64)
	return user + system
}

// procStat reads a process's name and the fields of /proc/PID/stat after
// it (f[0] is the state, f[1] the parent, f[11] and f[12] its user and
// system time); nothing where it cannot be read.
func procStat(pid string) (comm string, f []string) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return "", nil
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')') // the name may hold spaces and parentheses
	if open < 0 || end < open {
		return "", nil
	}
	return s[open+1 : end], strings.Fields(s[end+1:])
}

// machineBusyTicks reads the clock ticks all CPUs together have been
// busy from /proc/stat; 0 where it cannot be read.
func machineBusyTicks() int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:9] {
		if i != 3 && i != 4 { // idle and iowait are not busy
			x, _ := strconv.ParseInt(v, 10, 64)
			busy += x
		}
	}
	return busy
}
