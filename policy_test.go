package beatdesk_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pkg is one package directory of this module, as the house rules see it.
type pkg struct {
	dir     string // relative, "." for the root
	name    string
	doc     bool
	imports map[string]bool
	usesRW  bool // mentions http.ResponseWriter
}

func loadPackages(t *testing.T) []pkg {
	t.Helper()
	byDir := map[string]*pkg{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		p := byDir[dir]
		if p == nil {
			p = &pkg{dir: dir, name: f.Name.Name, imports: map[string]bool{}}
			byDir[dir] = p
		}
		p.doc = p.doc || (f.Doc != nil && strings.TrimSpace(f.Doc.Text()) != "")
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			p.imports[ip] = true
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		p.usesRW = p.usesRW || strings.Contains(string(src), "http.ResponseWriter")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []pkg
	for _, p := range byDir {
		out = append(out, *p)
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages; is the test running at the module root?", len(out))
	}
	return out
}

func TestHouseRules(t *testing.T) {
	banned := map[string]bool{"util": true, "utils": true, "common": true, "helpers": true, "models": true, "types": true}
	for _, p := range loadPackages(t) {
		if !p.doc {
			t.Errorf("%s: package %s has no package doc comment", p.dir, p.name)
		}
		if banned[p.name] {
			t.Errorf("%s: package name %q says nothing; name it for what it holds", p.dir, p.name)
		}
		for ip := range p.imports {
			if p.dir == "." && strings.Contains(strings.SplitN(ip, "/", 2)[0], ".") {
				t.Errorf("root package imports %s; it may import only the standard library", ip)
			}
			if p.dir == "." && strings.HasPrefix(ip, "beatdesk/") {
				t.Errorf("root package imports %s; the root depends on nothing of ours", ip)
			}
			if ip == "github.com/pemistahl/lingua-go" && p.dir != filepath.Join("internal", "analyze", "lang") {
				t.Errorf("%s imports lingua-go (124 MB of models); only internal/analyze/lang may", p.dir)
			}
			if strings.HasPrefix(p.dir, filepath.Join("internal", "llm")+"/") && strings.HasPrefix(ip, "beatdesk/") && ip != "beatdesk/internal/llm" && !isStandIn(p.dir) {
				t.Errorf("%s imports %s; a provider client imports only internal/llm", p.dir, ip)
			}
			if (ip == "beatdesk/internal/store" || strings.HasPrefix(ip, "beatdesk/internal/web")) && !mayUseStoreOrWeb(p.dir, ip) {
				t.Errorf("%s imports %s; only cmd/beatdesk chooses implementations and wires the store and web in", p.dir, ip)
			}
		}
		if p.usesRW && !strings.HasPrefix(p.dir, filepath.Join("internal", "web")) && !isDemo(p.dir) && !isStandIn(p.dir) {
			t.Errorf("%s writes HTTP responses; only internal/web/... does (and the demo's fake outside world, and stand-ins for outside services in tests)", p.dir)
		}
	}
}

// isDemo reports whether dir is the demo's fake outside world or one of
// its subpackages (such as the synthetic world of bench ingest).
func isDemo(dir string) bool {
	demo := filepath.Join("internal", "demo")
	return dir == demo || strings.HasPrefix(dir, demo+string(filepath.Separator))
}

// isStandIn says whether dir holds a local server that speaks an outside
// service's wire format for tests (a scripted model provider).
func isStandIn(dir string) bool {
	return dir == filepath.Join("internal", "llm", "llmtest")
}

// mayUseStoreOrWeb says which packages may import the store or the web
// packages: the web and job layers read and write the store; only Main
// assembles the web.
func mayUseStoreOrWeb(dir, ip string) bool {
	if strings.HasPrefix(dir, "cmd") {
		return true
	}
	if strings.HasPrefix(ip, "beatdesk/internal/web") {
		return strings.HasPrefix(dir, filepath.Join("internal", "web"))
	}
	for _, ok := range []string{"internal/web", "internal/jobs", "internal/store", "internal/mail"} {
		if strings.HasPrefix(dir, filepath.FromSlash(ok)) {
			return true
		}
	}
	return false
}

func TestGoModHygiene(t *testing.T) {
	b, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	f := string(b)
	if strings.Contains(f, "\nreplace ") {
		t.Error("go.mod has a replace directive; a fresh clone must build from the module proxy alone")
	}
	if !strings.HasPrefix(f, "module beatdesk\n") {
		t.Error("go.mod must declare module beatdesk")
	}
}
