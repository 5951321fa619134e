package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := Main(context.Background(), args, strings.NewReader(""), &out, &out)
	return out.String(), err
}

// TestSourceCommands imports an OPML file, exports it again, and adds a
// source by its homepage, finding the feed the page links to.
func TestSourceCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.opml")
	os.WriteFile(in, []byte(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="Mexico"><outline text="El Norte &amp; Sur" xmlUrl="https://norte.example/rss" htmlUrl="https://norte.example/" language="es"/></outline>
<outline text="Wire" xmlUrl="https://wire.example/atom.xml"/></body></opml>`), 0o644)

	out, err := runCmd(t, "source", "import", in, "--db", db)
	if err != nil || !strings.Contains(out, "imported 2 sources") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "source", "import", in, "--db", db); err != nil {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	out, err = runCmd(t, "source", "export", "--db", db)
	if err != nil || strings.Count(out, "xmlUrl=") != 2 || !strings.Contains(out, "El Norte &amp; Sur") || !strings.Contains(out, `country="MX"`) {
		t.Fatalf("export after importing twice: %v\n%s", err, out)
	}

	bad := filepath.Join(dir, "bad.opml")
	os.WriteFile(bad, []byte("<html><body>not opml</body></html>"), 0o644)
	if out, err := runCmd(t, "source", "import", bad, "--db", db); err == nil {
		t.Errorf("importing HTML succeeded:\n%s", out)
	}

	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" title="Harbour News" href="/news.xml"></head><body>Hi</body></html>`)
		case "/news.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title><link>/</link><item><title>A</title><link>/a</link></item></channel></rss>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	allowLoopback = true
	defer func() { allowLoopback = false }()
	out, err = runCmd(t, "source", "add", site.URL+"/", "--db", db, "--lang", "en")
	if err != nil || !strings.Contains(out, site.URL+"/news.xml") {
		t.Fatalf("add by homepage: %v\n%s", err, out)
	}
	out, _ = runCmd(t, "source", "list", "--db", db)
	if !strings.Contains(out, "Harbour News") || strings.Count(out, "\n") != 4 {
		t.Errorf("list:\n%s", out)
	}
}
